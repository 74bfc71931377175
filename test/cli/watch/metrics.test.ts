/**
 * `/metrics` of a running watcher, after real traffic (a mass logout, a server refusing its
 * key), as Prometheus reads it: the families the issue names are there with their values, and
 * `promtool check metrics` (Debian's prometheus package) finds nothing to complain about.
 */

import { spawnSync } from 'node:child_process';
import { describe, expect, it, vi } from 'vitest';
import { useSeededServer } from '../../main/core/fixtures';
import { get, invalidateAll, metricValue, ready, startWatcher, waitFor } from './harness';

vi.setConfig({ testTimeout: 120_000 });

const shared = useSeededServer({ name: 'Measured' });
const promtool = spawnSync('promtool', ['--version'], { encoding: 'utf8' });
const hasPromtool = promtool.status === 0;
if (!hasPromtool) console.warn('skipped: promtool is not installed (apt install prometheus)');

describe('qbsc watch /metrics', () => {
  it.runIf(hasPromtool)('passes promtool check metrics after real events', async () => {
    const dataDir = await shared.tempDir('qb-watch-metrics-');
    const { url } = shared.server;
    const watcher = await startWatcher(
      dataDir,
      {
        servers: [
          { id: 'good', name: 'Measured', url, auth: 'api_key', secret: { env: 'GOOD_KEY' } },
          { id: 'bad', name: 'Refused', url, auth: 'api_key', secret: { env: 'BAD_KEY' } },
        ],
      },
      { env: { GOOD_KEY: shared.secrets.readKey, BAD_KEY: 'qbk_read_not-a-key-of-this-server' } },
    );
    await ready(watcher);
    await invalidateAll(url, shared.secrets.writeKey);
    const text = await waitFor(async () => {
      const metrics = (await get(watcher, '/metrics')).text;
      return metricValue(metrics, 'qbsc_mass_logouts_total', { server: 'Measured' }) === 1 &&
        metricValue(metrics, 'qbsc_sign_in_failures_total', { server: 'Refused' }) === 1
        ? metrics
        : undefined;
    }, 'the mass logout and the refused key in /metrics');
    expect(metricValue(text, 'qbsc_server_state', { server: 'Measured', state: 'connected' })).toBe(
      1,
    );
    expect(
      metricValue(text, 'qbsc_server_state', { server: 'Refused', state: 'auth_failed' }),
    ).toBe(1);
    expect(
      metricValue(text, 'qbsc_events_total', {
        server: 'Measured',
        type: 'sessions.invalidated_all',
      }),
    ).toBe(1);
    expect(
      metricValue(text, 'qbsc_server_last_event_timestamp_seconds', { server: 'Measured' }),
    ).toBeGreaterThan(Date.now() / 1000 - 600);
    for (const family of [
      'qbsc_server_drifted_fields',
      'qbsc_drift_events_total',
      'process_cpu_seconds_total',
      'process_resident_memory_bytes',
      'qbsc_watch_ready',
    ]) {
      expect(text).toContain(`# TYPE ${family} `);
    }
    const check = spawnSync('promtool', ['check', 'metrics'], { input: text, encoding: 'utf8' });
    expect(check.stdout + check.stderr).toBe('');
    expect(check.status).toBe(0);
    expect((await watcher.stop()).code).toBe(0);
  });
});
