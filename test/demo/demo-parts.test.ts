/**
 * The demo's parts against a real reference server: the fleet it describes, the sessions it
 * writes (the server must list and count them as its own, within the per-user limit), and
 * what the simulated people and the other admin do over HTTP.
 */

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { validateSettings, type SessionSettings } from '../../src-shared/settings';
import { diffSettings } from '../../src-shared/settings-diff';
import { appWatching } from '../../scripts/demo/app-folder';
import { demoFleet, OTHER_ADMIN, type DemoServerSpec } from '../../scripts/demo/fleet-spec';
import { createRandom } from '../../scripts/demo/random';
import { ServerActor } from '../../scripts/demo/server-actor';
import { startDemoServers, type DemoServer } from '../../scripts/demo/servers';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function startOne(spec: DemoServerSpec, seed = 3): Promise<DemoServer> {
  const folder = mkdtempSync(join(tmpdir(), 'qb-demo-parts-'));
  cleanups.push(() => rmSync(folder, { recursive: true, force: true }));
  const { servers } = await startDemoServers([spec], folder, createRandom(seed));
  const server = servers[0];
  if (!server) throw new Error('no server');
  cleanups.push(() => server.close());
  return server;
}

/** A GET as the other admin (plain http servers only). */
async function asAdmin(server: DemoServer, path: string): Promise<Record<string, unknown>> {
  const login = await request(`${server.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: OTHER_ADMIN, password: server.passwords.get(OTHER_ADMIN) }),
  });
  const { token } = (await login.body.json()) as { token: string };
  const reply = await request(`${server.url}${path}`, {
    headers: { authorization: `Bearer ${token}` },
  });
  return (await reply.body.json()) as Record<string, unknown>;
}

interface Summary {
  active: number;
  byUser: { username: string; count: number }[];
}

function countOf(summary: Summary, username: string): number {
  return summary.byUser.find((entry) => entry.username === username)?.count ?? 0;
}

/** The named servers, over plain http, with fewer sessions (these tests read them all). */
function plain(index: number, changes: Partial<DemoServerSpec> = {}): DemoServerSpec {
  const spec = demoFleet(3, createRandom(1))[index];
  if (!spec) throw new Error('no such server');
  return { ...spec, https: false, sessionCount: 120, ...changes };
}

describe('the demo fleet', () => {
  it('has Production, Staging over HTTPS and a read-only Lab, with valid settings that differ', () => {
    const fleet = demoFleet(6, createRandom(1));
    expect(fleet.map((spec) => [spec.name, spec.environment, spec.https])).toEqual([
      ['Demo Production', 'production', false],
      ['Demo Staging', 'staging', true],
      ['Demo Lab', 'test', false],
      ['Demo Box 4', 'production', false],
      ['Demo Box 5', 'staging', true],
      ['Demo Box 6', 'test', false],
    ]);
    expect(fleet[2]?.demoPermissions).toEqual(['admin.sessions.read']);
    for (const spec of fleet) expect(validateSettings(spec.settings).errors).toEqual([]);
    const [production, staging, lab] = fleet.map((spec) => spec.settings);
    const pairs: [SessionSettings | undefined, SessionSettings | undefined][] = [
      [production, staging],
      [production, lab],
      [staging, lab],
    ];
    for (const [a, b] of pairs) expect(diffSettings(a!, b!).length).toBeGreaterThan(0);
  });

  it('is the same for the same seed', () => {
    expect(demoFleet(8, createRandom(42))).toEqual(demoFleet(8, createRandom(42)));
  });
});

describe('the sessions the demo writes', () => {
  it('are listed and counted by the server, nobody above the limit, the first people at it', async () => {
    const spec = plain(0);
    const server = await startOne(spec);
    const summary = (await asAdmin(server, '/api/sessions/summary')) as unknown as Summary;
    const limit = spec.settings.concurrency.maxSessionsPerUser;
    // The other admin's own session is one of them.
    expect(summary.active).toBe(server.seededSessions + 1);
    expect(server.seededSessions).toBe(spec.sessionCount);
    expect(Math.max(...summary.byUser.map((entry) => entry.count))).toBeLessThanOrEqual(limit);
    expect(countOf(summary, spec.activeUsers[0] ?? '')).toBe(limit);
    const page = (await asAdmin(server, '/api/sessions?limit=500')) as {
      sessions: { rememberMe: boolean; ip: string }[];
    };
    expect(page.sessions.some((session) => session.rememberMe)).toBe(true);
    expect(page.sessions.some((session) => !session.rememberMe)).toBe(true);
    expect(new Set(page.sessions.map((session) => session.ip)).size).toBeGreaterThan(10);
  });

  it('are never remembered where remember-me is off (Lab)', async () => {
    const server = await startOne(plain(2));
    const page = (await asAdmin(server, '/api/sessions?limit=500')) as {
      sessions: { rememberMe: boolean }[];
    };
    expect(page.sessions.length).toBeGreaterThan(100);
    expect(page.sessions.every((session) => !session.rememberMe)).toBe(true);
  });
});

describe('the simulated people and the other admin', () => {
  it('a sign-in at the per-user limit evicts the oldest session, as the server reports', async () => {
    const spec = plain(0, { activeUsers: ['alice'] });
    const server = await startOne(spec);
    const actor = new ServerActor(server, createRandom(5), null);
    cleanups.push(() => actor.close());
    expect(await actor.signIn()).toBe('alice signed in; at the limit, 1 older session was evicted');
    const summary = (await asAdmin(server, '/api/sessions/summary')) as unknown as Summary;
    expect(countOf(summary, 'alice')).toBe(spec.settings.concurrency.maxSessionsPerUser);
  });

  it('a drift moves one field of a server that matches its profile away from it', async () => {
    const spec = plain(0);
    const server = await startOne(spec);
    const actor = new ServerActor(server, createRandom(9), spec.settings);
    cleanups.push(() => actor.close());
    const line = await actor.changeSetting(true);
    expect(line).toMatch(new RegExp(`^${OTHER_ADMIN} changed `));
    const now = (await asAdmin(server, '/api/settings/sessions')) as unknown as SessionSettings;
    expect(diffSettings(spec.settings, now)).toHaveLength(1);
    expect(line).toContain(diffSettings(spec.settings, now)[0]?.field);
  });

  it('after an invalidate-all, people come back with sessions started since', async () => {
    const spec = plain(2);
    const server = await startOne(spec);
    const actor = new ServerActor(server, createRandom(11), null);
    cleanups.push(() => actor.close());
    const before = Date.now();
    const line = await actor.invalidateAll();
    expect(line).toBe(
      `${OTHER_ADMIN} invalidated all sessions (${server.seededSessions + 1} ended)`,
    );
    const empty = (await asAdmin(server, '/api/sessions/summary')) as unknown as Summary;
    expect(empty.active).toBe(1);
    const lines: (string | null)[] = [];
    for (let step = 0; step < 8; step += 1) lines.push(actor.comeBack());
    const after = Date.now();
    expect(lines.filter((said) => said?.startsWith('people are back'))).toHaveLength(1);
    expect(actor.comeBack()).toBeNull();
    const page = (await asAdmin(server, '/api/sessions?limit=500')) as {
      sessions: { createdAt: string; username: string }[];
    };
    const returned = page.sessions.filter((session) => session.username !== OTHER_ADMIN);
    expect(returned).toHaveLength(Math.round(server.seededSessions * 0.8));
    for (const session of returned) {
      expect(Date.parse(session.createdAt)).toBeGreaterThanOrEqual(before);
      expect(Date.parse(session.createdAt)).toBeLessThanOrEqual(after);
    }
  });
});

describe('waiting for the app to watch', () => {
  it('ends when the registry says every server is watched, not before', async () => {
    const root = mkdtempSync(join(tmpdir(), 'qb-demo-parts-'));
    cleanups.push(() => rmSync(root, { recursive: true, force: true }));
    const folder = { root, appDir: join(root, 'app'), serversDir: join(root, 'servers') };
    mkdirSync(folder.appDir);
    const write = (watched: boolean[]) =>
      writeFileSync(
        join(folder.appDir, 'servers.json'),
        JSON.stringify({
          format: 1,
          servers: watched.map((yes) => (yes ? { watchedFrom: new Date().toISOString() } : {})),
        }),
      );
    write([true, false]);
    let done = false;
    const waiting = appWatching(folder, 2, 120_000, () => false).then(() => (done = true));
    // Read at least twice with one server still unwatched.
    await new Promise((resolve) => setTimeout(resolve, 1_200));
    expect(done).toBe(false);
    write([true, true]);
    await waiting;
    expect(done).toBe(true);
  });

  it('ends when the demo stops, watched or not', async () => {
    const root = mkdtempSync(join(tmpdir(), 'qb-demo-parts-'));
    cleanups.push(() => rmSync(root, { recursive: true, force: true }));
    const folder = { root, appDir: join(root, 'app'), serversDir: join(root, 'servers') };
    let stopped = false;
    const waiting = appWatching(folder, 3, 120_000, () => stopped);
    stopped = true;
    await waiting;
    expect(stopped).toBe(true);
  });
});
