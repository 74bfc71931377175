import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestClock, startReferenceServer } from '../../server/index';
import type { RunningReferenceServer } from '../../server/index';
import { DEFAULT_SETTINGS } from '../../src-shared/settings';
import {
  ADMIN,
  READ_KEY,
  WRITE_KEY,
  settingsWith,
  startTestServer,
  stopAllTestServers,
  testSeed,
} from './harness';

const folders: string[] = [];
const servers: RunningReferenceServer[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) await server.close();
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
  await stopAllTestServers();
});

function tempDir(): string {
  const folder = mkdtempSync(join(tmpdir(), 'qb-store-test-'));
  folders.push(folder);
  return folder;
}

describe('persistence', () => {
  it('keeps sessions, settings and events across a restart', async () => {
    const t = await startTestServer();
    const token = await t.token(ADMIN);
    const next = settingsWith((s) => (s.timeouts.idleMinutes = 20));
    await t.call('PUT', '/api/settings/sessions', {
      apiKey: WRITE_KEY,
      headers: { 'if-match': '"1"' },
      body: next,
    });
    await t.restart();
    expect((await t.call('GET', '/api/auth/me', { token })).status).toBe(200);
    const settings = await t.call('GET', '/api/settings/sessions', { token });
    expect(settings.json.version).toBe(2);
    expect(settings.json.timeouts).toEqual(next.timeouts);
    const events = await t.call('GET', '/api/sessions/events', { token });
    expect((events.json.events as { type: string }[]).map((e) => e.type)).toEqual([
      'settings.updated',
    ]);
    await t.call('PUT', '/api/settings/sessions', {
      apiKey: WRITE_KEY,
      headers: { 'if-match': '"2"' },
      body: DEFAULT_SETTINGS,
    });
    const after = await t.call('GET', '/api/sessions/events', { token });
    expect((after.json.events as { id: number }[]).map((e) => e.id)).toEqual([1, 2]);
  });

  it('applies the seed only when the database is new', async () => {
    const dataDir = tempDir();
    const clock = createTestClock();
    const first = await startReferenceServer({ dataDir, clock, seed: testSeed() });
    await first.close();
    const second = await startReferenceServer({
      dataDir,
      clock,
      seed: { name: 'Other', users: [{ username: 'someone', password: 'pw', permissions: [] }] },
    });
    servers.push(second);
    expect(second.name).toBe('Test box');
    const login = await fetch(`${second.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'someone', password: 'pw' }),
    });
    expect(login.status).toBe(401);
    const me = await fetch(`${second.url}/api/auth/me`, { headers: { 'x-api-key': READ_KEY } });
    expect(me.status).toBe(200);
  });

  it('refuses to start with seed settings that fail validateSettings', async () => {
    const dataDir = tempDir();
    const seed = { ...testSeed(), settings: settingsWith((s) => (s.timeouts.idleMinutes = 0)) };
    await expect(startReferenceServer({ dataDir, seed })).rejects.toThrow(/timeouts\.idleMinutes/);
    const incomplete = { ...testSeed(), settings: { timeouts: DEFAULT_SETTINGS.timeouts } };
    await expect(startReferenceServer({ dataDir, seed: incomplete })).rejects.toThrow(
      /persistence/,
    );
  });

  it('stores no password, token or API key in clear', async () => {
    const t = await startTestServer();
    const token = await t.token(ADMIN);
    await t.stop();
    const files = readdirSync(t.dataDir).map((name) => readFileSync(join(t.dataDir, name)));
    expect(files.length).toBeGreaterThan(0);
    for (const secret of [ADMIN.password, token, WRITE_KEY, READ_KEY]) {
      for (const content of files) expect(content.includes(Buffer.from(secret))).toBe(false);
    }
  });
});
