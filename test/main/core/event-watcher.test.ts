import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import type { Core } from '../../../src-main/core/composition-root';
import { MAX_STREAM_MESSAGE_CHARS } from '../../../src-main/core/event-watcher';
import { QuickBoxClient } from '../../../src-main/core/quickbox-client';
import type { EventMap } from '../../../src-shared/ipc-contract';
import { DEFAULT_SETTINGS } from '../../../src-shared/settings';
import {
  capturingLogger,
  fastTimeouts,
  isolatedKeychain,
  sendJson,
  startCore,
  startRawServer,
  useSeededServer,
} from './fixtures';

const WATCH_FAST = { reconnectBaseMs: 20, reconnectMaxMs: 200, pollIntervalMs: 20 };

const shared = useSeededServer({ name: 'Box Watch' });

/** Waits until a condition holds (the test's own timeout bounds it). */
async function until(condition: () => boolean | Promise<boolean>): Promise<void> {
  while (!(await condition())) await sleep(10);
}

function recorder(core: Core): {
  massLogouts: EventMap['events:mass-logout'][];
  events: EventMap['events:server-event'][];
} {
  const massLogouts: EventMap['events:mass-logout'][] = [];
  const events: EventMap['events:server-event'][] = [];
  core.subscribe('events:mass-logout', (payload) => massLogouts.push(payload));
  core.subscribe('events:server-event', (payload) => events.push(payload));
  return { massLogouts, events };
}

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

/** A core watching one server in auto mode (SSE, falling back to polling), added by API key. */
async function watchRaw(name: string, baseUrl: string) {
  const { core } = await startCore({
    dataDir: await shared.tempDir(),
    watcher: { mode: 'auto', ...WATCH_FAST },
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

/** Another admin, changing settings on the server (an event the watcher must see). */
async function otherAdminSaves(maxSessions: number): Promise<number> {
  const other = new QuickBoxClient(
    { baseUrl: shared.server.url, pinnedFingerprint: null },
    { kind: 'api_key', apiKey: shared.secrets.writeKey },
    fastTimeouts(),
    capturingLogger().logger,
  );
  const current = await other.getSettings();
  const saved = await other.saveSettings(
    { ...DEFAULT_SETTINGS, concurrency: { maxSessionsPerUser: maxSessions } },
    current.version,
  );
  await other.close();
  return saved.version;
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
      return sendJson(
        response,
        200,
        jsonCalls === 1 ? { events: [], lastId: 0 } : { events: [event], lastId: 5 },
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
      return sendJson(
        response,
        200,
        pollCalls === 1 ? { events: [], lastId: 0 } : { events: [event], lastId: 7 },
      );
    });
    const { core, seen } = await watchRaw('Endless', raw.url);

    await until(() => seen.massLogouts.length === 1);
    await core.dispose();
    await raw.close();

    expect(seen.massLogouts[0]).toMatchObject({ serverName: 'Endless', event: { id: 7 } });
  });
});
