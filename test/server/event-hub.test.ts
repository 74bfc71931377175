import { join } from 'node:path';
import Database from 'better-sqlite3';
import { EventSource } from 'eventsource';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DATABASE_FILE } from '../../server/store';
import type { QuickBoxEvent } from '../../src-shared/quickbox';
import { EVENT_TYPES } from '../../src-shared/quickbox';
import type { TestServer } from './harness';
import {
  ADMIN,
  MINUTE,
  READ_KEY,
  WRITE_KEY,
  putSettings,
  settingsWith,
  startTestServer,
  stopAllTestServers,
} from './harness';

const sources: EventSource[] = [];
afterEach(async () => {
  for (const source of sources.splice(0)) source.close();
  await stopAllTestServers();
});

/** Records `count` settings.updated events (idle timeout 1, 2, 3... minutes). */
async function makeEvents(t: TestServer, count: number): Promise<void> {
  for (let i = 0; i < count; i += 1) {
    await putSettings(t, (current) => {
      const idle = (current.timeouts as { idleMinutes: number }).idleMinutes;
      return settingsWith((s) => (s.timeouts.idleMinutes = (idle % 400) + 1));
    });
  }
}

async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 10));
}

/** An independent SSE client (the `eventsource` package) sending our credentials. */
function watch(
  t: TestServer,
  headers: Record<string, string>,
): { events: QuickBoxEvent[]; ids: string[]; opened: () => boolean; source: EventSource } {
  const events: QuickBoxEvent[] = [];
  const ids: string[] = [];
  let open = false;
  const source = new EventSource(`${t.server.url}/api/sessions/events`, {
    fetch: (url, init) => t.fetch(url, { ...init, headers: { ...init.headers, ...headers } }),
  });
  sources.push(source);
  source.addEventListener('open', () => {
    open = true;
  });
  for (const type of EVENT_TYPES) {
    source.addEventListener(type, (message) => {
      ids.push(message.lastEventId);
      events.push(JSON.parse(message.data) as QuickBoxEvent);
    });
  }
  return { events, ids, opened: () => open, source };
}

/** A raw SSE response, read as text. */
function openRaw(t: TestServer, headers: Record<string, string>) {
  return openRawAt(t, '', headers);
}

/** A raw SSE response of the events URL with a query string, read as text. */
async function openRawAt(t: TestServer, query: string, headers: Record<string, string>) {
  const controller = new AbortController();
  const response = await t.fetch(`${t.server.url}/api/sessions/events${query}`, {
    headers: { accept: 'text/event-stream', ...headers },
    signal: controller.signal,
  });
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  const state = { text: '', done: false };
  const pump = (async () => {
    for (;;) {
      const chunk = await reader.read().catch(() => ({ done: true, value: undefined }));
      if (chunk.done) break;
      state.text += decoder.decode(chunk.value, { stream: true });
    }
    state.done = true;
  })();
  return { response, state, pump, abort: () => controller.abort() };
}

describe('event polling', () => {
  it('pages with after and limit, oldest first, and reports lastId', async () => {
    const t = await startTestServer();
    await makeEvents(t, 5);
    const page = await t.call('GET', '/api/sessions/events?after=2&limit=2', { apiKey: READ_KEY });
    expect((page.json.events as QuickBoxEvent[]).map((e) => e.id)).toEqual([3, 4]);
    expect(page.json.lastId).toBe(4);
    const all = await t.call('GET', '/api/sessions/events', { apiKey: READ_KEY });
    expect((all.json.events as QuickBoxEvent[]).map((e) => e.id)).toEqual([1, 2, 3, 4, 5]);
    const none = await t.call('GET', '/api/sessions/events?after=5', { apiKey: READ_KEY });
    expect(none.json).toEqual({ events: [], lastId: 5 });
  });

  it('clamps limit to 1..1000 and treats a bad after as 0', async () => {
    const t = await startTestServer();
    await makeEvents(t, 3);
    const ids = async (query: string) =>
      (
        (await t.call('GET', `/api/sessions/events${query}`, { apiKey: READ_KEY })).json
          .events as QuickBoxEvent[]
      ).map((e) => e.id);
    expect(await ids('?limit=0')).toEqual([1]);
    expect(await ids('?limit=5000')).toEqual([1, 2, 3]);
    expect(await ids('?after=abc&limit=2')).toEqual([1, 2]);
  });

  it('returns 100 events by default and at most 1000', async () => {
    const t = await startTestServer();
    await makeEvents(t, 1);
    // 1 200 events through PUTs would take long; copies of the real one go in directly.
    const db = new Database(join(t.dataDir, DATABASE_FILE));
    db.prepare(
      `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1199)
       INSERT INTO events (type, at, actor, data) SELECT type, at, actor, data FROM events, n`,
    ).run();
    db.close();
    const page = async (query: string) =>
      (await t.call('GET', `/api/sessions/events${query}`, { apiKey: READ_KEY })).json as {
        events: QuickBoxEvent[];
        lastId: number;
      };
    const first = await page('');
    expect(first.events.map((e) => e.id)).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
    expect(first.lastId).toBe(100);
    const most = await page('?after=100&limit=100000');
    expect(most.events).toHaveLength(1000);
    expect(most.lastId).toBe(1100);
  });

  it('needs credentials', async () => {
    const t = await startTestServer();
    const answer = await t.call('GET', '/api/sessions/events', {
      headers: { accept: 'text/event-stream' },
    });
    expect(answer.status).toBe(401);
    expect(answer.json.error).toBe('unauthenticated');
  });
});

describe('event stream', () => {
  it('sends the headers at once, before any event', async () => {
    const t = await startTestServer();
    const raw = await openRaw(t, { 'x-api-key': READ_KEY });
    expect(raw.response.status).toBe(200);
    expect(raw.response.headers.get('content-type')).toContain('text/event-stream');
    raw.abort();
  });

  it('without Last-Event-ID starts after the newest event and sends live ones', async () => {
    const t = await startTestServer();
    await makeEvents(t, 2);
    const client = watch(t, { 'x-api-key': READ_KEY });
    await until(client.opened);
    await makeEvents(t, 2);
    await until(() => client.events.length >= 2);
    expect(client.events.map((e) => e.id)).toEqual([3, 4]);
    expect(client.ids).toEqual(['3', '4']);
    expect(client.events[0]).toMatchObject({
      type: 'settings.updated',
      actor: 'automation',
      data: { version: 4 },
    });
  });

  it('with Last-Event-ID replays the kept events after it, then live ones, with no gap or duplicate', async () => {
    const t = await startTestServer();
    await makeEvents(t, 4);
    const client = watch(t, { 'x-api-key': READ_KEY, 'last-event-id': '1' });
    const producing = makeEvents(t, 3);
    await until(client.opened);
    await producing;
    await makeEvents(t, 1);
    await until(() => client.events.length >= 7);
    expect(client.events.map((e) => e.id)).toEqual([2, 3, 4, 5, 6, 7, 8]);
  });

  it('ignores after and limit on the stream', async () => {
    const t = await startTestServer();
    await makeEvents(t, 3);
    const replay = await openRawAt(t, '?after=2&limit=1', {
      'x-api-key': READ_KEY,
      'last-event-id': '0',
    });
    await until(() => replay.state.text.includes('id: 3\n'));
    expect([...replay.state.text.matchAll(/^id: (\d+)$/gm)].map((m) => m[1])).toEqual([
      '1',
      '2',
      '3',
    ]);
    replay.abort();
    const live = await openRawAt(t, '?after=0&limit=1', { 'x-api-key': READ_KEY });
    await makeEvents(t, 2);
    await until(() => live.state.text.includes('id: 5\n'));
    expect([...live.state.text.matchAll(/^id: (\d+)$/gm)].map((m) => m[1])).toEqual(['4', '5']);
    live.abort();
  });

  it('with a Last-Event-ID beyond the newest event, replays nothing and sends live ones', async () => {
    const t = await startTestServer();
    await makeEvents(t, 2);
    const client = watch(t, { 'x-api-key': READ_KEY, 'last-event-id': '50' });
    await until(client.opened);
    await makeEvents(t, 1);
    await until(() => client.events.length >= 1);
    expect(client.events.map((e) => e.id)).toEqual([3]);
  });

  it('ignores a non-numeric Last-Event-ID', async () => {
    const t = await startTestServer();
    await makeEvents(t, 2);
    const client = watch(t, { 'x-api-key': READ_KEY, 'last-event-id': 'abc' });
    await until(client.opened);
    await makeEvents(t, 1);
    await until(() => client.events.length >= 1);
    expect(client.events.map((e) => e.id)).toEqual([3]);
  });

  it('writes id, event and data lines, and a comment heartbeat', async () => {
    const t = await startTestServer({ extra: { heartbeatMs: 50 } });
    const raw = await openRaw(t, { 'x-api-key': READ_KEY, 'last-event-id': '0' });
    await makeEvents(t, 1);
    await until(() => raw.state.text.includes(': keep-alive'));
    const event = (await t.call('GET', '/api/sessions/events', { apiKey: READ_KEY })).json
      .events as QuickBoxEvent[];
    expect(raw.state.text).toContain(
      `id: 1\nevent: settings.updated\ndata: ${JSON.stringify(event[0])}\n\n`,
    );
    raw.abort();
  });

  it('sends the heartbeat comment every 15 s by default', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    try {
      const t = await startTestServer({ extra: { heartbeatMs: undefined } });
      const raw = await openRaw(t, { 'x-api-key': READ_KEY });
      vi.advanceTimersByTime(14_999);
      await makeEvents(t, 1);
      await until(() => raw.state.text.includes('id: 1\n'));
      expect(raw.state.text).not.toContain(': keep-alive');
      vi.advanceTimersByTime(1);
      await until(() => raw.state.text.includes(': keep-alive'));
      vi.advanceTimersByTime(15_000);
      await until(() => raw.state.text.split(': keep-alive').length === 3);
      raw.abort();
    } finally {
      vi.useRealTimers();
    }
  });

  it('resumes across a server restart through the client reconnecting with Last-Event-ID', async () => {
    const t = await startTestServer();
    const client = watch(t, { 'x-api-key': READ_KEY });
    await until(client.opened);
    await makeEvents(t, 2);
    await until(() => client.events.length >= 2);
    await t.restart();
    await makeEvents(t, 2);
    await until(() => client.events.length >= 4);
    await makeEvents(t, 1);
    await until(() => client.events.length >= 5);
    expect(client.events.map((e) => e.id)).toEqual([1, 2, 3, 4, 5]);
  });

  it('replays events recorded before a restart to a new client', async () => {
    const t = await startTestServer();
    await makeEvents(t, 3);
    await t.restart();
    const client = watch(t, { 'x-api-key': READ_KEY, 'last-event-id': '1' });
    await until(() => client.events.length >= 2);
    await makeEvents(t, 1);
    await until(() => client.events.length >= 3);
    expect(client.events.map((e) => e.id)).toEqual([2, 3, 4]);
  });
});

describe('event stream of a session that ends', () => {
  it('gets the session.revoked event, then is closed', async () => {
    const t = await startTestServer();
    const token = await t.token(ADMIN);
    const raw = await openRaw(t, { authorization: `Bearer ${token}` });
    const [session] = (await t.call('GET', '/api/sessions', { apiKey: READ_KEY })).json
      .sessions as { id: string }[];
    await t.call('DELETE', `/api/sessions/${session?.id}`, { apiKey: WRITE_KEY });
    await raw.pump;
    expect(raw.state.done).toBe(true);
    expect(raw.state.text).toContain('event: session.revoked');
  });

  it('gets the sessions.invalidated_all event, then is closed; an API key stream stays open', async () => {
    const t = await startTestServer();
    const token = await t.token(ADMIN);
    const sessionStream = await openRaw(t, { authorization: `Bearer ${token}` });
    const keyClient = watch(t, { 'x-api-key': READ_KEY });
    await until(keyClient.opened);
    await t.call('POST', '/api/sessions/invalidate-all', {
      apiKey: WRITE_KEY,
      body: { confirm: 'INVALIDATE ALL SESSIONS' },
    });
    await sessionStream.pump;
    expect(sessionStream.state.text).toContain('event: sessions.invalidated_all');
    await makeEvents(t, 1);
    await until(() => keyClient.events.length >= 2);
    expect(keyClient.events.map((e) => e.type)).toEqual([
      'sessions.invalidated_all',
      'settings.updated',
    ]);
  });

  it('gets the session.evicted event, then is closed', async () => {
    const t = await startTestServer({
      settings: settingsWith((s) => (s.concurrency.maxSessionsPerUser = 1)),
    });
    const token = await t.token(ADMIN);
    const raw = await openRaw(t, { cookie: `qb_session=${token}` });
    await t.token(ADMIN);
    await raw.pump;
    expect(raw.state.text).toContain('event: session.evicted');
  });

  it('is closed on logout', async () => {
    const t = await startTestServer();
    const token = await t.token(ADMIN);
    const raw = await openRaw(t, { authorization: `Bearer ${token}` });
    await t.call('POST', '/api/auth/logout', { token });
    await raw.pump;
    expect(raw.state.done).toBe(true);
  });

  it('is closed at the next heartbeat once the session has expired', async () => {
    const t = await startTestServer({ extra: { heartbeatMs: 50 } });
    const token = await t.token(ADMIN);
    const raw = await openRaw(t, { authorization: `Bearer ${token}` });
    t.clock.advance(31 * MINUTE);
    await raw.pump;
    expect(raw.state.done).toBe(true);
  });
});
