import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import type { ServerStatus } from '../../../../src-shared/domain';
import type { QuickBoxEvent } from '../../../../src-shared/quickbox';
import { DEFAULT_SETTINGS } from '../../../../src-shared/settings';
import {
  changePassword,
  recorder,
  removeAll,
  requestLog,
  startCore,
  startSeededServer,
  tempDir,
  until,
} from '../fixtures';

const WATCH_FAST = { reconnectBaseMs: 20, reconnectMaxMs: 200, pollIntervalMs: 20 };
const BROWSER = 'Mozilla/5.0 (test browser)';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A fresh reference server with a request log, and a core watching it as the admin. */
async function watchAsAdmin(name: string) {
  const log = requestLog();
  const started = await startSeededServer({ name, logStream: log.stream });
  const appDir = await tempDir();
  const { core } = await startCore({ dataDir: appDir, watcher: { mode: 'sse', ...WATCH_FAST } });
  cleanups.push(async () => {
    await core.dispose();
    await started.server.close();
    await removeAll([appDir, started.dataDir]);
  });
  const seen = recorder(core);
  const added = await core.handlers['servers:add']({
    name,
    baseUrl: started.server.url,
    environment: null,
    credentials: { kind: 'account', username: 'admin', password: started.secrets.adminPassword },
  });
  if (!added.ok) throw new Error(added.error.message);
  core.startWatching();
  const key = started.secrets.writeKey;
  const http = async (method: string, path: string, init: RequestInit = {}) => {
    const response = await fetch(`${started.server.url}${path}`, { method, ...init });
    const text = await response.text();
    return { status: response.status, json: (text ? JSON.parse(text) : null) as unknown };
  };
  const withKey = (method: string, path: string, body?: unknown) =>
    http(method, path, {
      headers: { 'x-api-key': key, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  /** Another admin changes the concurrency limit with the API key; waits until the app saw it. */
  const setLimit = async (maxSessionsPerUser: number): Promise<void> => {
    const current = await fetch(`${started.server.url}/api/settings/sessions`, {
      headers: { 'x-api-key': key },
    });
    await current.body?.cancel();
    const saved = await http('PUT', '/api/settings/sessions', {
      headers: {
        'x-api-key': key,
        'content-type': 'application/json',
        'if-match': current.headers.get('etag') ?? '',
      },
      body: JSON.stringify({ ...DEFAULT_SETTINGS, concurrency: { maxSessionsPerUser } }),
    });
    const version = (saved.json as { version: number }).version;
    await until(() =>
      seen.events.some(
        (entry) => entry.event.type === 'settings.updated' && entry.event.data.version === version,
      ),
    );
  };
  const status = async (): Promise<ServerStatus | undefined> => {
    const listed = await core.handlers['servers:list'](undefined);
    return listed.ok ? listed.value.servers[0]?.status : undefined;
  };
  const logins = () => log.requests().filter((request) => request.url === '/api/auth/login');
  return {
    core,
    seen,
    started,
    id: added.value.server.id,
    http,
    withKey,
    setLimit,
    status,
    logins,
  };
}

async function eventsAfter(
  withKey: (method: string, path: string) => Promise<{ json: unknown }>,
  after: number,
): Promise<QuickBoxEvent[]> {
  const page = await withKey('GET', `/api/sessions/events?after=${after}&limit=1000`);
  return (page.json as { events: QuickBoxEvent[] }).events;
}

describe('a password the server rejects', () => {
  it('stops every sign-in until the admin acts: one failed login in the equivalent of 30 s, and the admin can still sign in', async () => {
    const box = await watchAsAdmin('Box Gate');
    await box.setLimit(4);
    const newPassword = `pw-new-${randomBytes(8).toString('hex')}`;

    await changePassword(box.started.dataDir, 'admin', newPassword);
    await box.withKey('POST', '/api/sessions/invalidate-all', {
      confirm: 'INVALIDATE ALL SESSIONS',
    });
    await until(async () => (await box.status())?.state === 'auth_failed');
    // The default backoff (1 s doubling to 60 s) makes about five reconnects in 30 s; the
    // injected one (20 ms doubling to 200 ms) makes as many in well under this window.
    await sleep(1_500);
    const panelCall = await box.core.handlers['settings:get']({ serverId: box.id });
    const failedLogins = box.logins().filter((login) => login.status === 401).length;
    const human = await box.http('POST', '/api/auth/login', {
      headers: { 'content-type': 'application/json', 'user-agent': BROWSER },
      body: JSON.stringify({ username: 'admin', password: newPassword }),
    });
    expect(failedLogins).toBe(1);
    expect(panelCall).toMatchObject({
      ok: false,
      error: { code: 'unauthorized', reason: 'credentials_rejected' },
    });
    expect(human.status).toBe(200);

    // New credentials are the admin acting: the app signs in and watches again.
    const updated = await box.core.handlers['servers:update']({
      id: box.id,
      changes: { credentials: { kind: 'account', username: 'admin', password: newPassword } },
    });
    await box.withKey('POST', '/api/sessions/invalidate-all', {
      confirm: 'INVALIDATE ALL SESSIONS',
    });
    await until(() => box.seen.massLogouts.length === 2);

    expect(updated).toMatchObject({
      ok: true,
      value: { server: { status: { state: 'connected' } } },
    });
  });

  it('tries once more when the admin presses Test connection, and no more after that', async () => {
    const box = await watchAsAdmin('Box Test Again');
    await box.setLimit(4);
    await changePassword(box.started.dataDir, 'admin', `pw-new-${randomBytes(8).toString('hex')}`);
    await box.withKey('POST', '/api/sessions/invalidate-all', {
      confirm: 'INVALIDATE ALL SESSIONS',
    });
    await until(async () => (await box.status())?.state === 'auth_failed');

    const tested = await box.core.handlers['servers:test']({ id: box.id });
    await sleep(500);
    const failedLogins = box.logins().filter((login) => login.status === 401).length;

    expect(tested).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    expect(failedLogins).toBe(2);
    expect((await box.status())?.state).toBe('auth_failed');
  });
});

describe('one session per user', () => {
  it('does not take its place back when the admin signs in elsewhere: the browser session survives three rounds', async () => {
    const box = await watchAsAdmin('Box Single');
    // The stream is open and has delivered an event, so the app knows its own session.
    await box.setLimit(1);
    const before = (await eventsAfter(box.withKey, 0)).at(-1)?.id ?? 0;
    /** Whether the app holds a session (one that is not the browser's). */
    const appSignedIn = async (): Promise<boolean> => {
      const listed = await box.withKey('GET', '/api/sessions?username=admin');
      const sessions = (listed.json as { sessions: { userAgent: string }[] }).sessions;
      return sessions.some((session) => session.userAgent !== BROWSER);
    };

    const browserTokens: string[] = [];
    for (let round = 0; round < 3; round += 1) {
      const login = await box.http('POST', '/api/auth/login', {
        headers: { 'content-type': 'application/json', 'user-agent': BROWSER },
        body: JSON.stringify({ username: 'admin', password: box.started.secrets.adminPassword }),
      });
      browserTokens.push((login.json as { token: string }).token);
      await until(
        async () => (await box.status())?.state === 'signed_out_elsewhere' || (await appSignedIn()),
      );
    }
    const panelCall = await box.core.handlers['sessions:summary']({ serverId: box.id });
    const evicted = (await eventsAfter(box.withKey, before)).filter(
      (event) => event.type === 'session.evicted',
    );
    const lastBrowser = await box.http('GET', '/api/auth/me', {
      headers: { authorization: `Bearer ${browserTokens.at(-1) ?? ''}` },
    });
    const status = await box.status();
    const appHadSession = await appSignedIn();
    const signInAgain = await box.core.handlers['servers:test']({ id: box.id });

    expect(evicted).toHaveLength(3);
    expect(lastBrowser.status).toBe(200);
    expect(appHadSession).toBe(false);
    expect(status).toMatchObject({ state: 'signed_out_elsewhere' });
    expect(status?.message).toMatch(/took this app's place/);
    expect(panelCall).toMatchObject({
      ok: false,
      error: { code: 'unauthorized', reason: 'signed_out_elsewhere' },
    });
    expect(signInAgain).toMatchObject({
      ok: true,
      value: { server: { status: { state: 'connected' } } },
    });
  });
});

describe('after the admin signs the app in again', () => {
  it('watches the server again once Test connection has signed in', async () => {
    const box = await watchAsAdmin('Box Back');
    await box.setLimit(4);
    const password = box.started.secrets.adminPassword;
    await changePassword(box.started.dataDir, 'admin', `pw-new-${randomBytes(8).toString('hex')}`);
    await box.withKey('POST', '/api/sessions/invalidate-all', {
      confirm: 'INVALIDATE ALL SESSIONS',
    });
    await until(async () => (await box.status())?.state === 'auth_failed');
    await changePassword(box.started.dataDir, 'admin', password);

    const signInAgain = await box.core.handlers['servers:test']({ id: box.id });
    await box.withKey('POST', '/api/sessions/invalidate-all', {
      confirm: 'INVALIDATE ALL SESSIONS',
    });
    await until(() => box.seen.massLogouts.length === 2);

    expect(signInAgain).toMatchObject({ ok: true, value: { connection: { canUpdate: true } } });
    expect(box.seen.massLogouts.map((logout) => logout.serverId)).toEqual([box.id, box.id]);
  });
});
