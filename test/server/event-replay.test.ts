/**
 * The event stream's replay under backpressure: a reader that does not
 * read must not make the server read or buffer the whole event log, and one that stays
 * behind longer than the limit is closed.
 */
import { get } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { insertBulkEvents } from '../../server/bulk-sessions';
import { EventHub } from '../../server/event-hub';
import { Store } from '../../server/store';
import type { TestServer } from './harness';
import { ADMIN, READ_KEY, WRITE_KEY, startTestServer, stopAllTestServers } from './harness';

// About 170 bytes each on the wire: 60,000 are some 10 MB, more than the socket buffers of
// both ends take while the reader does not read (Linux lets a send buffer grow to 4 MB).
const EVENTS = 60_000;

const responses: IncomingMessage[] = [];
afterEach(async () => {
  for (const response of responses.splice(0)) response.destroy();
  await stopAllTestServers();
});

async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 10));
}

/** An event stream whose reader reads nothing until `read()` is called. */
async function openUnread(t: TestServer, headers: Record<string, string>) {
  const url = new URL('/api/sessions/events', t.server.url);
  const response = await new Promise<IncomingMessage>((resolve, reject) => {
    get(url, { agent: false, headers: { accept: 'text/event-stream', ...headers } }, resolve).on(
      'error',
      reject,
    );
  });
  responses.push(response);
  response.pause();
  // Parsed as it arrives: the replay is megabytes, too much to scan again on every check.
  const state = { ids: [] as number[], lastMessage: '', pending: '', ended: false };
  const finish = () => (state.ended = true);
  return {
    state,
    ids: () => state.ids,
    read() {
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => {
        const messages = (state.pending + chunk).split('\n\n');
        state.pending = messages.pop() ?? '';
        for (const message of messages) {
          const id = /^id: (\d+)$/m.exec(message)?.[1];
          if (id !== undefined) state.ids.push(Number(id));
          state.lastMessage = message;
        }
      });
      response.on('end', finish).on('close', finish).on('error', finish);
      response.resume();
    },
  };
}

/** Counts the events the server reads from its store, and catches each stream it opens. */
function observeServer() {
  const pages = vi.spyOn(Store.prototype, 'eventsAfter');
  const added = vi.spyOn(EventHub.prototype, 'add');
  return {
    pages,
    fetched: () =>
      pages.mock.results.reduce(
        (sum, result) => sum + (result.type === 'return' ? result.value.length : 0),
        0,
      ),
    response: (): ServerResponse | undefined =>
      (added.mock.calls[0]?.[0] as { response: ServerResponse } | undefined)?.response,
  };
}

const oneToN = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

describe('event stream replay with backpressure', () => {
  it('reads the store page by page as the client reads, and holds back while it does not', async () => {
    const t = await startTestServer();
    insertBulkEvents(t.dataDir, EVENTS, Date.now());
    const server = observeServer();
    const client = await openUnread(t, { 'x-api-key': READ_KEY, 'last-event-id': '0' });
    // Once the server waits for the reader, it has read part of the log only, and holds no
    // more than its stream's buffer of it (the high-water mark, 64 KiB since Node 22, plus
    // the one event that crossed it): the rest is in the kernel's buffers or still on disk.
    await until(() => server.response()?.writableNeedDrain === true);
    expect(server.fetched()).toBeLessThan(EVENTS);
    const response = server.response();
    expect(response?.writableLength).toBeLessThan((response?.writableHighWaterMark ?? 0) + 1024);
    expect(client.ids()).toEqual([]);

    client.read();
    await until(() => client.ids().length >= EVENTS);
    expect(client.ids()).toEqual(oneToN(EVENTS));
    expect(server.pages.mock.calls.every(([, limit]) => limit <= 500)).toBe(true);
    expect(server.pages.mock.calls.length).toBeGreaterThanOrEqual(EVENTS / 500);
    // Still live after the replay, and without a duplicate.
    await t.call('POST', '/api/sessions/invalidate-all', {
      apiKey: WRITE_KEY,
      body: { confirm: 'INVALIDATE ALL SESSIONS' },
    });
    await until(() => client.ids().length > EVENTS);
    expect(client.ids()).toEqual(oneToN(EVENTS + 1));
    expect(client.state.ended).toBe(false);
  });

  it('closes a stream whose reader stays behind longer than the limit', async () => {
    const t = await startTestServer({ extra: { sseStallMs: 100 } });
    insertBulkEvents(t.dataDir, EVENTS, Date.now());
    const server = observeServer();
    const client = await openUnread(t, { 'x-api-key': READ_KEY, 'last-event-id': '0' });
    await until(() => server.response()?.destroyed === true);
    client.read();
    await until(() => client.state.ended);
    // What it got before it was closed is the start of the log, in order.
    const ids = client.ids();
    expect(ids.length).toBeLessThan(EVENTS);
    expect(ids).toEqual(oneToN(ids.length));
  });

  it('a session stream that is behind gets every event up to the one that ended its session, then ends', async () => {
    const t = await startTestServer();
    const token = await t.token(ADMIN);
    insertBulkEvents(t.dataDir, EVENTS, Date.now());
    const server = observeServer();
    const client = await openUnread(t, { authorization: `Bearer ${token}`, 'last-event-id': '0' });
    await until(() => server.response()?.writableNeedDrain === true);
    const sessions = await t.call('GET', '/api/sessions', { apiKey: READ_KEY });
    const [own] = sessions.json.sessions as { id: string }[];
    await t.call('DELETE', `/api/sessions/${own?.id}`, { apiKey: WRITE_KEY });
    client.read();
    await until(() => client.state.ended);
    expect(client.ids()).toEqual(oneToN(EVENTS + 1));
    expect(client.state.lastMessage).toMatch(/^id: \d+\nevent: session\.revoked\n/);
  });
});
