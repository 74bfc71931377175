/**
 * Paging against servers that break the contract's paging: a feed that ignores `?after=`,
 * a session list whose pages never move on. Each is a hostile server on loopback, reached
 * through createCore's handler table as the renderer and qbsc reach it. Every read is
 * counted, and each server stops answering after a generous number of reads, so a loop
 * without a bound ends the test with the wrong error instead of hanging it.
 */

import type { IncomingMessage, ServerResponse } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import type { Core } from '../../../src-main/core/composition-root';
import { removeAll, sendJson, startCore, startRawServer } from './fixtures';

/** After this many reads the hostile server answers 503: a loop that needed more has no bound. */
const READS_BEFORE_GIVING_UP = 2_000;

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

/** A loopback server answering health and /me as a read-write key; the rest goes to `route`. */
async function startHostile(
  route: (request: IncomingMessage, response: ServerResponse, url: URL) => void,
) {
  let reads = 0;
  const raw = await startRawServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    if (url.pathname === '/api/health')
      return sendJson(response, 200, { status: 'ok', name: 'Broken', version: '0' });
    if (url.pathname === '/api/auth/me') {
      return sendJson(response, 200, {
        username: 'k',
        permissions: ['admin.sessions.read', 'admin.settings.update'],
        via: 'api_key',
        scopes: ['read', 'write'],
      });
    }
    reads += 1;
    if (reads > READS_BEFORE_GIVING_UP)
      return sendJson(response, 503, { error: 'unavailable', message: 'gave up' });
    route(request, response, url);
  });
  cleanup.push(() => raw.close());
  return { url: raw.url, reads: () => reads };
}

/** A core with the hostile server added by API key; returns the core and the server's id. */
async function coreWith(baseUrl: string): Promise<{ core: Core; serverId: string }> {
  const { core, dataDir } = await startCore();
  cleanup.push(async () => {
    await core.dispose();
    await removeAll([dataDir]);
  });
  const added = await core.handlers['servers:add']({
    name: 'Broken',
    baseUrl,
    environment: null,
    credentials: { kind: 'api_key', apiKey: 'k' },
  });
  if (!added.ok) throw new Error(`servers:add failed: ${added.error.message}`);
  return { core, serverId: added.value.server.id };
}

/** Events 1..count of a type the app knows. */
function history(count: number) {
  return Array.from({ length: count }, (_, index) => ({
    id: index + 1,
    type: 'session.revoked',
    at: new Date(1_700_000_000_000 + index * 1000).toISOString(),
    actor: 'admin',
    data: { sessionId: `s${index + 1}`, username: 'viewer' },
  }));
}

describe('an event feed that ignores ?after=', () => {
  /** Answers every read with the oldest `limit` events, whatever `after` says. */
  async function ignoringAfter() {
    const events = history(3_000);
    return startHostile((_request, response, url) => {
      const limit = Math.min(1000, Math.max(1, Number(url.searchParams.get('limit') ?? 100)));
      const page = events.slice(0, limit);
      sendJson(response, 200, { events: page, lastId: page.at(-1)?.id ?? 0 });
    });
  }

  it('ends activity:list for the newest page with a protocol error that says the feed does not move forward', async () => {
    const hostile = await ignoringAfter();
    const { core, serverId } = await coreWith(hostile.url);

    const result = await core.handlers['activity:list']({ serverId });

    expect(result).toMatchObject({ ok: false, error: { code: 'protocol_error' } });
    expect(!result.ok && result.error.message).toMatch(
      /asked for the events after id \d+, its event feed sent id \d+: the feed does not move forward/,
    );
    expect(hostile.reads()).toBeLessThanOrEqual(3);
  });

  it('ends activity:list for an older page the same way', async () => {
    const hostile = await ignoringAfter();
    const { core, serverId } = await coreWith(hostile.url);

    const result = await core.handlers['activity:list']({ serverId, before: 2_500, limit: 50 });

    expect(result).toMatchObject({ ok: false, error: { code: 'protocol_error' } });
    expect(hostile.reads()).toBeLessThanOrEqual(2);
  });

  it('lists the failing server in activity:fleet and still ends', async () => {
    const hostile = await ignoringAfter();
    const { core, serverId } = await coreWith(hostile.url);

    const result = await core.handlers['activity:fleet']({});

    expect(result.ok && result.value.failures).toEqual([
      expect.objectContaining({
        serverId,
        error: expect.objectContaining({ code: 'protocol_error' }),
      }),
    ]);
  });
});

describe('a session list whose pages do not move on', () => {
  it('refuses a page that answers with the cursor it was asked with', async () => {
    const hostile = await startHostile((_request, response) =>
      sendJson(response, 200, { sessions: [], nextCursor: 'same' }),
    );
    const { core, serverId } = await coreWith(hostile.url);

    const result = await core.handlers['sessions:list']({ serverId, cursor: 'same' });

    expect(result).toMatchObject({ ok: false, error: { code: 'protocol_error' } });
    expect(!result.ok && result.error.message).toMatch(/gave back the cursor it was asked with/);
  });

  it('refuses an empty page that says more follow', async () => {
    const hostile = await startHostile((_request, response, url) =>
      sendJson(response, 200, {
        sessions: [],
        nextCursor: `next-${url.searchParams.get('cursor') ?? 'first'}`,
      }),
    );
    const { core, serverId } = await coreWith(hostile.url);

    const result = await core.handlers['sessions:list']({ serverId });

    expect(result).toMatchObject({ ok: false, error: { code: 'protocol_error' } });
    expect(!result.ok && result.error.message).toMatch(
      /a page with no sessions that says more follow/,
    );
  });
});
