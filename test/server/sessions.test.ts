import { afterEach, describe, expect, it } from 'vitest';
import { insertBulkSessions } from '../../server/bulk-sessions';
import type { ActiveSession } from '../../src-shared/quickbox';
import type { TestServer } from './harness';
import {
  ADMIN,
  MINUTE,
  READER,
  READ_KEY,
  WRITE_KEY,
  putSettings,
  settingsWith,
  startTestServer,
  stopAllTestServers,
} from './harness';

afterEach(stopAllTestServers);

const DAY = 1440 * MINUTE;

async function me(t: TestServer, token: string): Promise<number> {
  return (await t.call('GET', '/api/auth/me', { token })).status;
}

async function listAll(t: TestServer, query = ''): Promise<ActiveSession[]> {
  const answer = await t.call('GET', `/api/sessions?limit=500${query}`, { apiKey: READ_KEY });
  return answer.json.sessions as ActiveSession[];
}

const timeouts = (idle: number, session: number, absolute: number) =>
  settingsWith((s) => {
    s.timeouts = { idleMinutes: idle, sessionMinutes: session, absoluteMinutes: absolute };
  });

describe('normal session expiry', () => {
  it('ends after the idle timeout without activity, and activity pushes it back', async () => {
    const t = await startTestServer({ settings: timeouts(10, 60, 120) });
    const token = await t.token(ADMIN);
    t.clock.advance(9 * MINUTE);
    expect(await me(t, token)).toBe(200);
    t.clock.advance(9 * MINUTE);
    expect(await me(t, token)).toBe(200);
    t.clock.advance(10 * MINUTE - 1);
    expect(await me(t, token)).toBe(200);
    t.clock.advance(10 * MINUTE);
    const answer = await t.call('GET', '/api/auth/me', { token });
    expect(answer.status).toBe(401);
    expect(answer.json.error).toBe('unauthenticated');
  });

  it('ends at the session timeout however active it is', async () => {
    const t = await startTestServer({ settings: timeouts(10, 60, 120) });
    const token = await t.token(ADMIN);
    for (let minute = 9; minute < 60; minute += 9) {
      t.clock.set(t.clock.now() + 9 * MINUTE);
      expect(await me(t, token)).toBe(200);
    }
    const started = t.clock.now() - 54 * MINUTE;
    t.clock.set(started + 60 * MINUTE - 1);
    expect(await me(t, token)).toBe(200);
    t.clock.set(started + 60 * MINUTE);
    expect(await me(t, token)).toBe(401);
  });

  it('ends at the absolute timeout (set equal to the session timeout, the shortest the rules allow)', async () => {
    const t = await startTestServer({ settings: timeouts(30, 60, 60) });
    const answer = await t.login(ADMIN);
    const token = answer.json.token as string;
    const started = t.clock.now();
    expect(answer.json.expiresAt).toBe(new Date(started + 30 * MINUTE).toISOString());
    for (let minute = 20; minute < 60; minute += 20) {
      t.clock.set(started + minute * MINUTE);
      expect(await me(t, token)).toBe(200);
    }
    const [session] = await listAll(t);
    expect(session?.expiresAt).toBe(new Date(started + 60 * MINUTE).toISOString());
    t.clock.set(started + 60 * MINUTE);
    expect(await me(t, token)).toBe(401);
  });

  it('updates lastSeenAt on every authenticated request', async () => {
    const t = await startTestServer();
    const token = await t.token(ADMIN);
    t.clock.advance(7 * MINUTE);
    await t.call('GET', '/api/settings/sessions', { token });
    const [session] = await listAll(t);
    expect(session?.lastSeenAt).toBe(new Date(t.clock.now()).toISOString());
    expect(session?.expiresAt).toBe(new Date(t.clock.now() + 30 * MINUTE).toISOString());
  });

  it('sends no cookie on later requests', async () => {
    const t = await startTestServer({
      settings: settingsWith((s) => (s.persistence.resetExpiryAtLogon = true)),
    });
    const token = await t.token(ADMIN);
    expect((await t.call('GET', '/api/auth/me', { token })).cookies).toHaveLength(0);
  });
});

describe('remembered session expiry', () => {
  const remembered = (days: number, absolute: number, reset = false) =>
    settingsWith((s) => {
      s.timeouts = { idleMinutes: 5, sessionMinutes: 10, absoluteMinutes: absolute };
      s.persistence.rememberMeDays = days;
      s.persistence.resetExpiryAtLogon = reset;
    });

  it('ignores the idle and session timeouts and ends after the remember-me days', async () => {
    const t = await startTestServer({ settings: remembered(1, 2 * 1440) });
    const answer = await t.login(ADMIN, { rememberMe: true });
    const token = answer.json.token as string;
    const started = t.clock.now();
    expect(answer.cookies[0]?.maxAge).toBe(86_400);
    expect(answer.json.expiresAt).toBe(new Date(started + DAY).toISOString());
    t.clock.set(started + 20 * MINUTE);
    expect(await me(t, token)).toBe(200);
    t.clock.set(started + DAY - 1);
    expect(await me(t, token)).toBe(200);
    t.clock.set(started + DAY);
    expect(await me(t, token)).toBe(401);
    const list = await listAll(t);
    expect(list).toHaveLength(0);
  });

  it('is capped by the absolute timeout', async () => {
    const t = await startTestServer({ settings: remembered(3, 1440) });
    const answer = await t.login(ADMIN, { rememberMe: true });
    const started = t.clock.now();
    expect(answer.cookies[0]?.maxAge).toBe(86_400);
    t.clock.set(started + DAY - 1);
    expect(await me(t, answer.json.token as string)).toBe(200);
    t.clock.set(started + DAY);
    expect(await me(t, answer.json.token as string)).toBe(401);
  });

  it('without reset expiry at logon, keeps its end and sends no cookie on requests', async () => {
    const t = await startTestServer({ settings: remembered(1, 2 * 1440) });
    const token = await t.token(ADMIN, { rememberMe: true });
    const started = t.clock.now();
    t.clock.set(started + 20 * 60 * MINUTE);
    const answer = await t.call('GET', '/api/auth/me', { token });
    expect(answer.cookies).toHaveLength(0);
    const [session] = await listAll(t);
    expect(session?.rememberMe).toBe(true);
    expect(session?.expiresAt).toBe(new Date(started + DAY).toISOString());
  });

  it('with reset expiry at logon, restarts the period on each request, capped by the absolute timeout', async () => {
    const t = await startTestServer({ settings: remembered(1, 2 * 1440, true) });
    const token = await t.token(ADMIN, { rememberMe: true });
    const started = t.clock.now();

    t.clock.set(started + 20 * 60 * MINUTE);
    const first = await t.call('GET', '/api/auth/me', { cookie: token });
    expect(first.cookies).toHaveLength(1);
    expect(first.cookies[0]?.value).toBe(token);
    expect(first.cookies[0]?.maxAge).toBe(86_400);
    expect((await listAll(t))[0]?.expiresAt).toBe(
      new Date(started + 44 * 60 * MINUTE).toISOString(),
    );

    t.clock.set(started + 40 * 60 * MINUTE);
    const second = await t.call('GET', '/api/auth/me', { token });
    expect(second.status).toBe(200);
    expect(second.cookies[0]?.maxAge).toBe(8 * 3600);

    t.clock.set(started + 48 * 60 * MINUTE - 1);
    expect(await me(t, token)).toBe(200);
    t.clock.set(started + 48 * 60 * MINUTE);
    expect(await me(t, token)).toBe(401);
  });

  it('with reset expiry at logon, ends when not used within the period', async () => {
    const t = await startTestServer({ settings: remembered(1, 10 * 1440, true) });
    const token = await t.token(ADMIN, { rememberMe: true });
    t.clock.advance(DAY - 1);
    expect(await me(t, token)).toBe(200);
    t.clock.advance(DAY);
    expect(await me(t, token)).toBe(401);
  });

  it('re-sending the cookie creates no new session and records no event', async () => {
    const t = await startTestServer({ settings: remembered(1, 2 * 1440, true) });
    const token = await t.token(ADMIN, { rememberMe: true });
    for (let i = 0; i < 3; i += 1) await t.call('GET', '/api/auth/me', { token });
    expect(await listAll(t)).toHaveLength(1);
    expect((await t.call('GET', '/api/sessions/events', { apiKey: READ_KEY })).json.events).toEqual(
      [],
    );
  });
});

describe('settings changes and existing sessions', () => {
  it('leave the expiry and cookie attributes of existing sessions untouched', async () => {
    const t = await startTestServer({
      settings: settingsWith((s) => {
        s.persistence.rememberMeDays = 1;
        s.persistence.resetExpiryAtLogon = true;
      }),
    });
    const normal = await t.token(ADMIN);
    const kept = await t.token(READER, { rememberMe: true });
    await putSettings(
      t,
      settingsWith((s) => {
        s.timeouts.idleMinutes = 5;
        s.persistence.rememberMeDays = 2;
        s.persistence.cookie = { secure: false, sameSite: 'strict', path: '/dashboard' };
        s.persistence.resetExpiryAtLogon = true;
      }),
    );
    t.clock.advance(20 * MINUTE);
    expect(await me(t, normal)).toBe(200);
    const old = await t.call('GET', '/api/auth/me', { token: kept });
    expect(old.cookies[0]?.maxAge).toBe(86_400);
    expect(old.cookies[0]?.path).toBe('/');
    expect(old.cookies[0]?.secure).toBe(true);
    expect(old.cookies[0]?.sameSite).toBe('lax');

    const fresh = await t.login(ADMIN, { rememberMe: true });
    expect(fresh.cookies[0]?.maxAge).toBe(2 * 86_400);
    expect(fresh.cookies[0]?.path).toBe('/dashboard');
    expect(fresh.cookies[0]?.secure).toBe(false);
    expect(fresh.cookies[0]?.sameSite).toBe('strict');
    const freshNormal = await t.token(ADMIN);
    t.clock.advance(5 * MINUTE);
    expect(await me(t, freshNormal)).toBe(401);
    expect(await me(t, normal)).toBe(200);
  });

  it('writes SameSite=None with Secure', async () => {
    const t = await startTestServer({
      settings: settingsWith((s) => (s.persistence.cookie.sameSite = 'none')),
    });
    const answer = await t.login(ADMIN);
    expect(answer.headers.getSetCookie()[0]).toMatch(/; Secure; SameSite=None$/);
  });
});

describe('eviction', () => {
  it('ends the oldest session when a login exceeds the limit, with an event by the user', async () => {
    const t = await startTestServer({
      settings: settingsWith((s) => (s.concurrency.maxSessionsPerUser = 2)),
    });
    const first = await t.token(ADMIN);
    t.clock.advance(MINUTE);
    const second = await t.token(ADMIN);
    t.clock.advance(MINUTE);
    const firstId = (await listAll(t))[0]?.id;
    const third = await t.token(ADMIN);
    expect(await me(t, first)).toBe(401);
    expect(await me(t, second)).toBe(200);
    expect(await me(t, third)).toBe(200);
    const events = (await t.call('GET', '/api/sessions/events', { apiKey: READ_KEY })).json.events;
    expect(events).toEqual([
      {
        id: 1,
        type: 'session.evicted',
        at: new Date(t.clock.now()).toISOString(),
        actor: 'admin',
        data: { sessionId: firstId, username: 'admin' },
      },
    ]);
  });

  it('ends several oldest sessions, oldest first, when the limit was lowered', async () => {
    const t = await startTestServer({
      settings: settingsWith((s) => (s.concurrency.maxSessionsPerUser = 5)),
    });
    const tokens: string[] = [];
    for (let i = 0; i < 4; i += 1) {
      tokens.push(await t.token(ADMIN));
      t.clock.advance(MINUTE);
    }
    const other = await t.token(READER);
    const ids = (await listAll(t, '&username=admin')).map((s) => s.id);
    await putSettings(
      t,
      settingsWith((s) => (s.concurrency.maxSessionsPerUser = 2)),
    );
    const newest = await t.token(ADMIN);
    const statuses = await Promise.all(tokens.map((token) => me(t, token)));
    expect(statuses).toEqual([401, 401, 401, 200]);
    expect(await me(t, newest)).toBe(200);
    expect(await me(t, other)).toBe(200);
    const events = (await t.call('GET', '/api/sessions/events', { apiKey: READ_KEY })).json
      .events as {
      type: string;
      actor: string;
      data: { sessionId: string };
    }[];
    const evicted = events.filter((e) => e.type === 'session.evicted');
    expect(evicted.map((e) => e.data.sessionId)).toEqual(ids.slice(0, 3));
    expect(evicted.every((e) => e.actor === 'admin')).toBe(true);
  });
});

describe('session list', () => {
  it('lists active sessions oldest first with every field and the current flag', async () => {
    const t = await startTestServer();
    const token = await t.token(ADMIN);
    t.clock.advance(MINUTE);
    await t.call('POST', '/api/auth/login', {
      headers: { 'user-agent': 'Test Agent/1.0' },
      body: { username: READER.username, password: READER.password, rememberMe: true },
    });
    const answer = await t.call('GET', '/api/sessions', { token });
    expect(answer.status).toBe(200);
    expect(answer.json.nextCursor).toBeUndefined();
    const sessions = answer.json.sessions as ActiveSession[];
    expect(sessions.map((s) => [s.username, s.current, s.rememberMe])).toEqual([
      ['admin', true, false],
      ['reader', false, true],
    ]);
    expect(sessions[1]).toEqual({
      id: expect.any(String),
      username: 'reader',
      ip: '127.0.0.1',
      userAgent: 'Test Agent/1.0',
      createdAt: new Date(t.clock.now()).toISOString(),
      lastSeenAt: new Date(t.clock.now()).toISOString(),
      expiresAt: new Date(t.clock.now() + 14 * 1440 * MINUTE).toISOString(),
      rememberMe: true,
      current: false,
    });
  });

  it('pages with an opaque cursor until the last page, and filters by username', async () => {
    const t = await startTestServer({
      settings: settingsWith((s) => (s.concurrency.maxSessionsPerUser = 10)),
    });
    for (let i = 0; i < 5; i += 1) {
      await t.token(i % 2 === 0 ? ADMIN : READER);
      t.clock.advance(1000);
    }
    const all = await listAll(t);
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const query = cursor ? `?limit=2&cursor=${encodeURIComponent(cursor)}` : '?limit=2';
      const answer = await t.call('GET', `/api/sessions${query}`, { apiKey: READ_KEY });
      expect(answer.status).toBe(200);
      seen.push(...(answer.json.sessions as ActiveSession[]).map((s) => s.id));
      cursor = answer.json.nextCursor as string | undefined;
      pages += 1;
    } while (cursor);
    expect(pages).toBe(3);
    expect(seen).toEqual(all.map((s) => s.id));
    expect(all.map((s) => s.createdAt)).toEqual([...all.map((s) => s.createdAt)].sort());
    const readers = await listAll(t, '&username=reader');
    expect(readers.map((s) => s.username)).toEqual(['reader', 'reader']);
  });

  it('keeps paging when the session at the cursor ended meanwhile', async () => {
    const t = await startTestServer();
    await t.token(ADMIN);
    t.clock.advance(1000);
    await t.token(READER);
    const page = await t.call('GET', '/api/sessions?limit=1', { apiKey: READ_KEY });
    const [firstSession] = page.json.sessions as ActiveSession[];
    await t.call('DELETE', `/api/sessions/${firstSession?.id}`, { apiKey: WRITE_KEY });
    const next = await t.call(
      'GET',
      `/api/sessions?limit=1&cursor=${page.json.nextCursor as string}`,
      {
        apiKey: READ_KEY,
      },
    );
    expect(next.status).toBe(200);
    expect((next.json.sessions as ActiveSession[]).map((s) => s.username)).toEqual(['reader']);
  });

  it('answers 400 invalid_cursor to a cursor it did not give out', async () => {
    const t = await startTestServer();
    await t.token(ADMIN);
    // Row 1 exists (that login), but was not created at 123 ms: no page ever ended there.
    const forged = Buffer.from('123:1').toString('base64url');
    for (const cursor of [
      'garbage',
      Buffer.from('1:999999').toString('base64url'),
      '%00',
      forged,
    ]) {
      const answer = await t.call('GET', `/api/sessions?cursor=${cursor}`, { apiKey: READ_KEY });
      expect(answer.status).toBe(400);
      expect(answer.json).toEqual({ error: 'invalid_cursor', message: expect.any(String) });
    }
  });

  it('clamps the limit to 1..500 with a default of 100', async () => {
    const t = await startTestServer();
    insertBulkSessions(t.dataDir, {
      count: 600,
      usernames: ['bulk-a', 'bulk-b'],
      createdAt: t.clock.now() - 1000,
      lifetimeMs: 60 * MINUTE,
    });
    const count = async (query: string) =>
      (
        (await t.call('GET', `/api/sessions${query}`, { apiKey: READ_KEY })).json
          .sessions as unknown[]
      ).length;
    expect(await count('')).toBe(100);
    expect(await count('?limit=0')).toBe(1);
    expect(await count('?limit=-4')).toBe(1);
    expect(await count('?limit=9999')).toBe(500);
    expect(await count('?limit=abc')).toBe(100);
    expect(await count('?limit=250')).toBe(250);
  });

  it('summarises active sessions per user, leaving out ended and expired ones', async () => {
    const t = await startTestServer({ settings: timeouts(10, 60, 120) });
    await t.token(ADMIN);
    await t.token(ADMIN);
    const ended = await t.token(READER);
    await t.call('POST', '/api/auth/logout', { token: ended });
    t.clock.advance(11 * MINUTE);
    await t.token(READER);
    const late = await t.call('GET', '/api/sessions/summary', { apiKey: READ_KEY });
    expect(late.body).toEqual({ active: 1, byUser: [{ username: 'reader', count: 1 }] });
    const t2 = await startTestServer();
    await t2.token(ADMIN);
    await t2.token(ADMIN);
    await t2.token(READER);
    expect((await t2.call('GET', '/api/sessions/summary', { apiKey: READ_KEY })).body).toEqual({
      active: 3,
      byUser: [
        { username: 'admin', count: 2 },
        { username: 'reader', count: 1 },
      ],
    });
  });
});

describe('revoking one session', () => {
  it('ends it with a session.revoked event, then answers 404 for it', async () => {
    const t = await startTestServer();
    const victim = await t.token(READER);
    const admin = await t.token(ADMIN);
    const [session] = await listAll(t, '&username=reader');
    const answer = await t.call('DELETE', `/api/sessions/${session?.id}`, { token: admin });
    expect(answer.status).toBe(204);
    expect(await me(t, victim)).toBe(401);
    const again = await t.call('DELETE', `/api/sessions/${session?.id}`, { token: admin });
    expect(again.status).toBe(404);
    expect(again.json).toEqual({ error: 'not_found', message: expect.any(String) });
    const events = (await t.call('GET', '/api/sessions/events', { token: admin })).json.events;
    expect(events).toEqual([
      {
        id: 1,
        type: 'session.revoked',
        at: new Date(t.clock.now()).toISOString(),
        actor: 'admin',
        data: { sessionId: session?.id, username: 'reader' },
      },
    ]);
  });

  it('answers 404 for an expired session', async () => {
    const t = await startTestServer();
    await t.token(READER);
    const [session] = await listAll(t);
    t.clock.advance(31 * MINUTE);
    expect(
      (await t.call('DELETE', `/api/sessions/${session?.id}`, { apiKey: WRITE_KEY })).status,
    ).toBe(404);
  });
});

describe('invalidate all', () => {
  it('requires the exact phrase and invalidates nothing otherwise', async () => {
    const t = await startTestServer();
    const admin = await t.token(ADMIN);
    for (const body of [
      {},
      { confirm: 'invalidate all sessions' },
      { confirm: 'INVALIDATE ALL SESSIONS ' },
      [],
    ]) {
      const answer = await t.call('POST', '/api/sessions/invalidate-all', { token: admin, body });
      expect(answer.status).toBe(400);
      expect(answer.json).toEqual({ error: 'confirmation_required', message: expect.any(String) });
    }
    const noBody = await t.call('POST', '/api/sessions/invalidate-all', { token: admin });
    expect(noBody.json.error).toBe('confirmation_required');
    expect(await me(t, admin)).toBe(200);
  });

  it("ends every session, the caller's too, records the event and leaves API keys working", async () => {
    const t = await startTestServer();
    const reader = await t.token(READER);
    const admin = await t.token(ADMIN);
    await t.token(ADMIN);
    const answer = await t.call('POST', '/api/sessions/invalidate-all', {
      token: admin,
      body: { confirm: 'INVALIDATE ALL SESSIONS' },
    });
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ invalidated: 3, at: new Date(t.clock.now()).toISOString() });
    expect(await me(t, admin)).toBe(401);
    expect(await me(t, reader)).toBe(401);
    expect((await t.call('GET', '/api/sessions/summary', { apiKey: READ_KEY })).json.active).toBe(
      0,
    );
    const events = (await t.call('GET', '/api/sessions/events', { apiKey: WRITE_KEY })).json.events;
    expect(events).toEqual([
      {
        id: 1,
        type: 'sessions.invalidated_all',
        at: new Date(t.clock.now()).toISOString(),
        actor: 'admin',
        data: { invalidated: 3 },
      },
    ]);
    const byKey = await t.call('POST', '/api/sessions/invalidate-all', {
      apiKey: WRITE_KEY,
      body: { confirm: 'INVALIDATE ALL SESSIONS' },
    });
    expect(byKey.json.invalidated).toBe(0);
    expect((await t.call('GET', '/api/auth/me', { apiKey: WRITE_KEY })).status).toBe(200);
  });

  it('counts only active sessions, not expired ones', async () => {
    const t = await startTestServer({ settings: timeouts(10, 60, 120) });
    await t.token(READER);
    t.clock.advance(11 * MINUTE);
    await t.token(ADMIN);
    const answer = await t.call('POST', '/api/sessions/invalidate-all', {
      apiKey: WRITE_KEY,
      body: { confirm: 'INVALIDATE ALL SESSIONS' },
    });
    expect(answer.json.invalidated).toBe(1);
  });
});
