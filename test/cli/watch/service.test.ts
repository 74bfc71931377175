/**
 * `qbsc watch` as a service: the real binary follows a reference server's feed, says it is
 * live and (once the server was tried) ready, logs JSON lines on stdout without any secret,
 * and on SIGTERM stops within 10 s, signing out of the server.
 */

import { describe, expect, it, vi } from 'vitest';
import { useSeededServer } from '../../main/core/fixtures';
import {
  addServers,
  get,
  invalidateAll,
  metricValue,
  ready,
  sessionsOf,
  startWatcher,
  waitFor,
} from './harness';

vi.setConfig({ testTimeout: 120_000 });

const shared = useSeededServer({ name: 'Watched' });

describe('qbsc watch', () => {
  it('follows the feed, answers /livez and /readyz, and stops on SIGTERM signed out', async () => {
    const dataDir = await shared.tempDir('qb-watch-svc-');
    const { url } = shared.server;
    const { adminPassword, writeKey, readKey } = shared.secrets;
    await addServers(dataDir, [
      {
        name: 'Watched',
        url,
        credentials: { kind: 'account', username: 'admin', password: adminPassword },
      },
    ]);
    const watcher = await startWatcher(dataDir, {});
    expect((await get(watcher, '/livez')).status).toBe(200);
    await ready(watcher);
    // Its feed is open: it signed in as admin (one session).
    await waitFor(
      async () => (await sessionsOf(url, readKey, 'admin')) === 1,
      'the watcher session',
    );
    const ended = await invalidateAll(url, writeKey);
    expect(ended).toBe(1);
    await waitFor(async () => {
      const metrics = (await get(watcher, '/metrics')).text;
      return metricValue(metrics, 'qbsc_mass_logouts_total', { server: 'Watched' }) === 1;
    }, 'the mass logout counted');
    // After the mass logout it signs in again to follow the feed.
    await waitFor(async () => (await sessionsOf(url, readKey, 'admin')) === 1, 'a new session');
    const run = await watcher.stop('SIGTERM');
    expect(run.code, run.stderr).toBe(0);
    expect(run.ms).toBeLessThan(10_000);
    expect(await sessionsOf(url, readKey, 'admin')).toBe(0);
    const lines = watcher.lines();
    expect(lines.map((line) => line['message'])).toEqual(
      expect.arrayContaining(['watch: started', 'watch: stopping', 'watch: stopped']),
    );
    expect(lines.find((line) => line['message'] === 'watch: stopped')).toMatchObject({
      clean: true,
    });
    for (const line of lines) expect(typeof line['time']).toBe('string');
    for (const secret of [adminPassword, writeKey, readKey]) {
      expect(watcher.stdout()).not.toContain(secret);
      expect(run.stderr).not.toContain(secret);
    }
  });
});
