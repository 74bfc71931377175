import type { ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import type { Core } from '../../../../src-main/core/composition-root';
import {
  MAX_STREAM_MESSAGE_CHARS,
  type WatcherOptions,
} from '../../../../src-main/core/watch/event-watcher';
import { QuickBoxClient } from '../../../../src-main/core/client/quickbox-client';
import { DEFAULT_SETTINGS } from '../../../../src-shared/settings';
import {
  capturingLogger,
  fastLimits,
  isolatedKeychain,
  recorder,
  removeAll,
  requestLog,
  sendJson,
  startCore,
  startRawServer,
  startSeededServer,
  until,
  useSeededServer,
} from '../fixtures';

const WATCH_FAST = { reconnectBaseMs: 20, reconnectMaxMs: 200, pollIntervalMs: 20 };

const shared = useSeededServer({ name: 'Box Watch' });

/** A mass-logout event as a server's feed carries it. */
function massLogoutEvent(id: number, invalidated: number) {
  return {
    id,
    type: 'sessions.invalidated_all',
    at: '2026-11-28T12:00:00Z',
    actor: 'root',
    data: { invalidated },
  };
}

/**
 * A raw server that answers health, and /me as a read-write API key; every other request
 * (the event feed, streamed or polled) goes to `feed`.
 */
function startRawFeed(name: string, feed: Parameters<typeof startRawServer>[0]) {
  return startRawServer((request, response) => {
    const url = request.url ?? '';
    if (url.startsWith('/api/health'))
      return sendJson(response, 200, { status: 'ok', name, version: '0' });
    if (url.startsWith('/api/auth/me')) {
      return sendJson(response, 200, {
        username: 'k',
        permissions: ['admin.sessions.read', 'admin.settings.update'],
        via: 'api_key',
        scopes: ['read', 'write'],
      });
    }
    return feed(request, response);
  });
}

/** A raw feed whose polls find nothing, and whose stream opens (counted) `open` answers. */
async function startRawStream(
  name: string,
  open: (opens: number, response: ServerResponse) => void,
) {
  const counts = { opens: 0, polls: 0 };
  const raw = await startRawFeed(name, (request, response) => {
    if (request.headers.accept !== 'text/event-stream') {
      counts.polls += 1;
      return sendJson(response, 200, { events: [], lastId: 0 });
    }
    counts.opens += 1;
    open(counts.opens, response);
  });
  return { ...raw, counts };
}

/** A core watching one server (auto mode: SSE, falling back to polling), added by API key. */
async function watchRaw(name: string, baseUrl: string, watcher: Partial<WatcherOptions> = {}) {
  const { core } = await startCore({
    dataDir: await shared.tempDir(),
    watcher: { mode: 'auto', ...WATCH_FAST, ...watcher },
  });
  const seen = recorder(core);
  await core.handlers['servers:add']({
    name,
    baseUrl,
    environment: null,
    credentials: { kind: 'api_key', apiKey: 'k' },
  });
  core.startWatching();
  return { core, seen };
}

/** Another admin, acting on a server with its write key. */
function otherAdmin(baseUrl: string, apiKey: string) {
  const act = async <T>(action: (client: QuickBoxClient) => Promise<T>): Promise<T> => {
    const client = new QuickBoxClient(
      { baseUrl, pinnedFingerprint: null },
      { kind: 'api_key', apiKey },
      fastLimits(),
      capturingLogger().logger,
    );
    try {
      return await action(client);
    } finally {
      await client.close();
    }
  };
  return {
    /** Changes a setting (an event the watcher must see); the new version. */
    saves: (maxSessions: number): Promise<number> =>
      act(async (client) => {
        const current = await client.getSettings();
        const saved = await client.saveSettings(
          { ...DEFAULT_SETTINGS, concurrency: { maxSessionsPerUser: maxSessions } },
          current.version,
        );
        return saved.version;
      }),
    invalidatesAll: (): Promise<unknown> => act((client) => client.invalidateAllSessions()),
  };
}

/** Another admin, changing settings on the shared server (an event the watcher must see). */
function otherAdminSaves(maxSessions: number): Promise<number> {
  return otherAdmin(shared.server.url, shared.secrets.writeKey).saves(maxSessions);
}

/** Whether the watcher has seen the settings change that made this version (from `from` on). */
function sawVersion(seen: ReturnType<typeof recorder>, version: number, from = 0): boolean {
  return seen.events
    .slice(from)
    .some(
      (entry) => entry.event.type === 'settings.updated' && entry.event.data.version === version,
    );
}

async function stateOf(core: Core): Promise<string | undefined> {
  const listed = await core.handlers['servers:list'](undefined);
  return listed.ok ? listed.value.servers[0]?.status.state : undefined;
}

async function lastEventIdOf(core: Core): Promise<number> {
  const listed = await core.handlers['servers:list'](undefined);
  return listed.ok ? (listed.value.servers[0]?.lastEventId ?? 0) : 0;
}

describe('event watcher over SSE', () => {
  it('announces a mass logout once, reconnects after its own session ends, and resumes after a restart', async () => {
    const options = {
      dataDir: await shared.tempDir(),
      credentialStore: isolatedKeychain().store,
      watcher: { mode: 'sse' as const, ...WATCH_FAST },
    };
    const { core: first } = await startCore(options);
    const seen = recorder(first);
    const added = await first.handlers['servers:add']({
      name: 'Box Watch',
      baseUrl: shared.server.url,
      environment: 'production',
      credentials: { kind: 'account', username: 'admin', password: shared.secrets.adminPassword },
    });
    const id = added.ok ? added.value.server.id : '';
    await otherAdminSaves(4);
    first.startWatching();
    await until(async () => (await lastEventIdOf(first)) > 0);
    const skipped = seen.events.length;

    const invalidated = await first.handlers['sessions:invalidate-all']({
      serverId: id,
      typedName: 'Box Watch',
    });
    await until(() => seen.massLogouts.length === 1);
    await otherAdminSaves(3);
    await until(() => seen.events.some((entry) => entry.event.type === 'settings.updated'));
    await first.stopWatching();
    await first.handlers['sessions:invalidate-all']({ serverId: id, typedName: 'Box Watch' });
    await first.dispose();
    const { core: second } = await startCore(options);
    const again = recorder(second);
    second.startWatching();
    await until(() => again.massLogouts.length === 1);
    await otherAdminSaves(5);
    await until(() => again.events.some((entry) => entry.event.type === 'settings.updated'));
    const listed = await second.handlers['servers:list'](undefined);
    await second.dispose();

    expect(invalidated.ok).toBe(true);
    expect(skipped).toBe(0);
    expect(seen.massLogouts).toHaveLength(1);
    expect(seen.massLogouts[0]).toMatchObject({
      serverId: id,
      serverName: 'Box Watch',
      event: { type: 'sessions.invalidated_all', actor: 'admin' },
    });
    expect(again.massLogouts).toHaveLength(1);
    expect(again.massLogouts[0]?.event.id).toBeGreaterThan(
      seen.massLogouts[0]?.event.id ?? Infinity,
    );
    expect(again.events.map((entry) => entry.event.id)).toEqual([
      ...new Set(again.events.map((entry) => entry.event.id)),
    ]);
    expect(listed.ok && listed.value.servers[0]?.status.unreadMassLogouts).toBe(1);
  });
});

describe('a watched server edited or removed', () => {
  it('does not wait for its open event stream, and the watcher follows the new connection', async () => {
    const { core } = await startCore({
      dataDir: await shared.tempDir(),
      credentialStore: isolatedKeychain().store,
      watcher: { mode: 'sse' as const, ...WATCH_FAST },
    });
    const seen = recorder(core);
    const added = await core.handlers['servers:add']({
      name: 'Box Watch',
      baseUrl: shared.server.url,
      environment: null,
      credentials: { kind: 'account', username: 'admin', password: shared.secrets.adminPassword },
    });
    const id = added.ok ? added.value.server.id : '';
    core.startWatching();
    // An event arriving proves the stream is open.
    await sleep(200);
    const before = seen.events.length;
    await otherAdminSaves(3);
    await until(() => seen.events.length > before);

    const updated = await core.handlers['servers:update']({
      id,
      changes: { baseUrl: `${shared.server.url}/`, name: 'Box Watch renamed' },
    });
    expect(updated).toMatchObject({ ok: true, value: { server: { name: 'Box Watch renamed' } } });

    const afterUpdate = seen.events.length;
    await otherAdminSaves(4);
    await until(() => seen.events.length > afterUpdate);

    await expect(core.handlers['servers:remove']({ id })).resolves.toEqual({
      ok: true,
      value: { removed: true },
    });
  });
});

describe('event watcher by polling', () => {
  it('announces a mass logout found by polling', async () => {
    const { core } = await startCore({
      dataDir: await shared.tempDir(),
      watcher: { mode: 'poll', ...WATCH_FAST },
    });
    const seen = recorder(core);
    const added = await core.handlers['servers:add']({
      name: 'Box Watch',
      baseUrl: shared.server.url,
      environment: null,
      credentials: { kind: 'api_key', apiKey: shared.secrets.writeKey },
    });
    const id = added.ok ? added.value.server.id : '';
    core.startWatching();
    await until(async () => (await lastEventIdOf(core)) > 0);

    await core.handlers['sessions:invalidate-all']({ serverId: id, typedName: 'Box Watch' });
    await until(() => seen.massLogouts.length === 1);
    await core.dispose();

    expect(seen.massLogouts[0]).toMatchObject({
      serverId: id,
      event: { type: 'sessions.invalidated_all' },
    });
  });

  it('falls back to polling when the server does not stream, delivering each event once', async () => {
    let jsonCalls = 0;
    const event = massLogoutEvent(5, 3);
    const raw = await startRawFeed('Raw', (request, response) => {
      if (request.headers.accept === 'text/event-stream')
        return sendJson(response, 200, { events: [], lastId: 0 });
      jsonCalls += 1;
      const after = Number(new URL(request.url ?? '', 'http://x').searchParams.get('after'));
      return sendJson(
        response,
        200,
        jsonCalls === 1 || after >= 5
          ? { events: [], lastId: after }
          : { events: [event], lastId: 5 },
      );
    });
    const { core, seen } = await watchRaw('Raw', raw.url);

    await until(() => seen.massLogouts.length === 1);
    const callsAtFirst = jsonCalls;
    await until(() => jsonCalls >= callsAtFirst + 3);
    await core.dispose();
    await raw.close();

    expect(seen.massLogouts).toHaveLength(1);
    expect(seen.massLogouts[0]).toMatchObject({
      serverName: 'Raw',
      event: { id: 5, data: { invalidated: 3 } },
    });
  });

  it('drops a stream that never ends its line instead of buffering it, and polls instead', async () => {
    const event = massLogoutEvent(7, 2);
    let pollCalls = 0;
    const raw = await startRawFeed('Endless', (request, response) => {
      if (request.headers.accept === 'text/event-stream') {
        // Twice the cap in one data line that never ends, and the stream stays open.
        response.writeHead(200, { 'content-type': 'text/event-stream' });
        response.write(`data: ${'x'.repeat(2 * MAX_STREAM_MESSAGE_CHARS)}`);
        return;
      }
      pollCalls += 1;
      const after = Number(new URL(request.url ?? '', 'http://x').searchParams.get('after'));
      return sendJson(
        response,
        200,
        pollCalls === 1 || after >= 7
          ? { events: [], lastId: after }
          : { events: [event], lastId: 7 },
      );
    });
    const { core, seen } = await watchRaw('Endless', raw.url);

    await until(() => seen.massLogouts.length === 1);
    await core.dispose();
    await raw.close();

    expect(seen.massLogouts[0]).toMatchObject({ serverName: 'Endless', event: { id: 7 } });
  });
});

describe('across restarts and rebuilds', () => {
  it('announces a mass logout that happened while the app was closed, on a server that had no events when first watched', async () => {
    const log = requestLog();
    const box = await startSeededServer({ name: 'Box Quiet', logStream: log.stream });
    const options = {
      dataDir: await shared.tempDir(),
      credentialStore: isolatedKeychain().store,
      watcher: { mode: 'sse' as const, ...WATCH_FAST },
    };
    const streamOpens = () =>
      log.requests().filter((request) => request.url === '/api/sessions/events').length;
    const other = otherAdmin(box.server.url, box.secrets.writeKey);
    const { core: first } = await startCore(options);
    await first.handlers['servers:add']({
      name: 'Box Quiet',
      baseUrl: box.server.url,
      environment: null,
      credentials: { kind: 'api_key', apiKey: box.secrets.writeKey },
    });
    first.startWatching();
    await until(() => streamOpens() === 1);
    await first.dispose();

    await other.invalidatesAll();
    const { core: second } = await startCore(options);
    const seen = recorder(second);
    second.startWatching();
    await until(() => streamOpens() === 2);
    // The stream replays in order: once a later change is seen, the replay is through.
    const version = await other.saves(4);
    await until(() => sawVersion(seen, version));
    await second.dispose();
    await box.server.close();
    await removeAll([box.dataDir]);

    expect(seen.massLogouts).toHaveLength(1);
  });

  it('follows a server whose database was rebuilt: two mass logouts there both notify', async () => {
    const box = await startSeededServer({ name: 'Box Rebuilt' });
    const { core } = await startCore({
      dataDir: await shared.tempDir(),
      watcher: { mode: 'sse', ...WATCH_FAST },
    });
    const seen = recorder(core);
    await core.handlers['servers:add']({
      name: 'Box Rebuilt',
      baseUrl: box.server.url,
      environment: null,
      credentials: { kind: 'api_key', apiKey: box.secrets.writeKey },
    });
    core.startWatching();
    const before = otherAdmin(box.server.url, box.secrets.writeKey);
    for (const limit of [2, 3, 4, 6]) await before.saves(limit);
    await until(() => seen.events.length === 4);
    await box.server.close();
    await until(async () => (await stateOf(core)) === 'unreachable');

    const rebuilt = await startSeededServer({
      name: 'Box Rebuilt',
      secrets: box.secrets,
      port: box.server.port,
    });
    await until(async () => (await stateOf(core)) === 'connected');
    const mark = seen.events.length;
    const after = otherAdmin(rebuilt.server.url, box.secrets.writeKey);
    await after.invalidatesAll();
    await after.invalidatesAll();
    await after.saves(7);
    await after.saves(8);
    const version = await after.saves(9);
    await until(() => sawVersion(seen, version, mark));
    // The last event id is saved shortly after, with the others of its batch.
    const savedId = async () => {
      const now = await core.handlers['servers:list'](undefined);
      return now.ok ? now.value.servers[0]?.lastEventId : undefined;
    };
    await until(async () => (await savedId()) === 5);
    const listed = await core.handlers['servers:list'](undefined);
    await core.dispose();
    await rebuilt.server.close();
    await removeAll([box.dataDir, rebuilt.dataDir]);

    expect(seen.massLogouts.map((entry) => entry.event.id)).toEqual([1, 2]);
    expect(listed.ok && listed.value.servers[0]?.status.message).toMatch(/started again/);
    expect(listed.ok && listed.value.servers[0]?.lastEventId).toBe(5);
  });
});

describe('the first watch of a history with event types the app does not know', () => {
  it("starts after the newest event, so last week's mass logout is not announced", async () => {
    // 1,500 events, every third of a type this app does not know; last week's mass logout
    // at 1,200. The first page of 1,000 holds fewer than 1,000 events the app knows.
    const history = Array.from({ length: 1500 }, (_, index) => {
      const id = index + 1;
      if (id === 1200) return massLogoutEvent(id, 40);
      return id % 3 === 0
        ? { id, type: 'session.renamed', at: '2026-11-28T12:00:00Z', actor: 'root', data: {} }
        : {
            id,
            type: 'session.revoked',
            at: '2026-11-28T12:00:00Z',
            actor: 'root',
            data: { sessionId: `s${id}`, username: 'viewer' },
          };
    });
    const live = massLogoutEvent(1501, 2);
    const raw = await startRawFeed('History', (request, response) => {
      const url = new URL(request.url ?? '', 'http://x');
      if (request.headers.accept !== 'text/event-stream') {
        const after = Number(url.searchParams.get('after') ?? 0);
        const limit = Number(url.searchParams.get('limit') ?? 100);
        const events = history.filter((event) => event.id > after).slice(0, limit);
        return sendJson(response, 200, { events, lastId: events.at(-1)?.id ?? after });
      }
      // The stream replays what follows Last-Event-ID, then carries a live mass logout.
      const resumed = Number(request.headers['last-event-id'] ?? history.length);
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      for (const event of [...history.filter((entry) => entry.id > resumed), live])
        response.write(`id: ${event.id}\nevent: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`);
    });
    const { core, seen } = await watchRaw('History', raw.url);

    await until(() => seen.massLogouts.some((entry) => entry.event.id === 1501));
    await core.dispose();
    await raw.close();

    expect(seen.massLogouts.map((entry) => entry.event.id)).toEqual([1501]);
  });
});

describe('feeds that misbehave', () => {
  it('polls past a full page of event types it does not know, and delivers the mass logout after it', async () => {
    const unknown = Array.from({ length: 1000 }, (_, index) => ({
      id: index + 1,
      type: 'session.renamed',
      at: '2026-11-28T12:00:00Z',
      actor: 'root',
      data: {},
    }));
    const feed = [...unknown, massLogoutEvent(1001, 9)];
    let polls = 0;
    const raw = await startRawFeed('Unknown', (request, response) => {
      polls += 1;
      const url = new URL(request.url ?? '', 'http://x');
      const after = Number(url.searchParams.get('after') ?? 0);
      const limit = Number(url.searchParams.get('limit') ?? 100);
      // The first page (the first watch's catch-up) finds the feed empty.
      const events = polls === 1 ? [] : feed.filter((event) => event.id > after).slice(0, limit);
      return sendJson(response, 200, { events, lastId: events.at(-1)?.id ?? after });
    });
    const { core, seen } = await watchRaw('Unknown', raw.url, { mode: 'poll' });

    await until(() => seen.massLogouts.length === 1 || polls >= 30);
    await core.dispose();
    await raw.close();

    expect(seen.massLogouts.map((entry) => entry.event.id)).toEqual([1001]);
  });

  it('reports a polled feed that ignores ?after= as a protocol error instead of reading it again and again', async () => {
    const raw = await startRawFeed('Stuck', (_request, response) => {
      // Every poll answers the same event, whatever `after` says.
      sendJson(response, 200, { events: [massLogoutEvent(5, 3)], lastId: 5 });
    });
    const { core, seen } = await watchRaw('Stuck', raw.url, { mode: 'poll' });
    const status = async () => {
      const listed = await core.handlers['servers:list'](undefined);
      return listed.ok ? listed.value.servers[0]?.status : undefined;
    };

    await until(async () => /does not move forward/.test((await status())?.message ?? ''));
    const reported = await status();
    await core.dispose();
    await raw.close();

    expect(reported).toMatchObject({ state: 'unreachable' });
    expect(reported?.message).toContain(
      'asked for the events after id 5, its event feed sent id 5',
    );
    expect(seen.massLogouts).toHaveLength(0);
  });

  it('tries the stream again a while after a protocol error made it poll', async () => {
    const raw = await startRawStream('Flaky', (opens, response) => {
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      if (opens === 1) return response.end('data: this is not JSON\n\n');
      const event = massLogoutEvent(9, 4);
      response.write(`id: 9\nevent: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`);
    });
    const { core, seen } = await watchRaw('Flaky', raw.url, {
      streamRetryBaseMs: 200,
      streamRetryMaxMs: 400,
    });

    await until(() => seen.massLogouts.length === 1 || raw.counts.polls >= 100);
    const pollsMeanwhile = raw.counts.polls;
    await core.dispose();
    await raw.close();

    expect(seen.massLogouts.map((entry) => entry.event.id)).toEqual([9]);
    expect(raw.counts.opens).toBe(2);
    expect(pollsMeanwhile).toBeGreaterThan(1);
  });

  it('backs off from a stream that is accepted and closed at once instead of reopening it at the base delay', async () => {
    const raw = await startRawStream('Slammed', (_opens, response) => {
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      response.end();
    });
    const { core } = await watchRaw('Slammed', raw.url, {
      reconnectBaseMs: 50,
      reconnectMaxMs: 400,
      healthyAfterMs: 60_000,
    });

    // At the base delay (25 to 50 ms) this window holds 30 or more opens; backing off to
    // 400 ms, about eight.
    await sleep(1_500);
    const counted = raw.counts.opens;
    await core.dispose();
    await raw.close();

    expect(counted).toBeGreaterThan(2);
    expect(counted).toBeLessThanOrEqual(12);
  });

  it("waits for the server's Retry-After before it opens a rate-limited stream again", async () => {
    const raw = await startRawStream('Limited', (opens, response) => {
      if (opens === 1) {
        return sendJson(
          response,
          429,
          { error: 'rate_limited', message: 'slow down' },
          { 'retry-after': '2' },
        );
      }
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      response.write(': open\n\n');
    });
    const { core } = await watchRaw('Limited', raw.url);

    await until(() => raw.counts.opens === 1);
    // The reconnect backoff alone (20 to 200 ms) would have reopened it several times by now.
    await sleep(1_000);
    const opensWithinRetryAfter = raw.counts.opens;
    await until(() => raw.counts.opens === 2);
    await core.dispose();
    await raw.close();

    expect(opensWithinRetryAfter).toBe(1);
  });
});
