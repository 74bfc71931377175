import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { DATABASE_FILE } from '../../../../server/store';
import { FEED_PAGE_LIMIT } from '../../../../src-main/core/activity/activity-paging';
import type { Services } from '../../../../src-main/core/composition-root';
import type { QuickBoxEvent } from '../../../../src-shared/quickbox';
import { setField } from '../../../../src-shared/settings';
import { newestFirst, type ServerEvent } from '../../../../src-shared/activity';
import type { ActivityCursors } from '../../../../src-shared/activity-contract';
import {
  removeAll,
  requestLog,
  startSeededServer,
  useSeededServer,
  type SharedServer,
} from '../fixtures';
import { changeBehindTheAppsBack } from '../fleet-fixtures';
import { adminDraft, unwrap, call, useServices } from '../service-fixtures';

/** Another admin's call over plain HTTP with the server's write key (actor "automation"). */
async function asAutomation(shared: SharedServer, method: string, route: string, body?: unknown) {
  const reply = await fetch(`${shared.server.url}${route}`, {
    method,
    headers: {
      'x-api-key': shared.secrets.writeKey,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  if (!reply.ok) throw new Error(`${method} ${route} answered ${reply.status}`);
  return reply.status === 204 ? null : ((await reply.json()) as unknown);
}

async function loginAs(shared: SharedServer, username: string, password: string): Promise<void> {
  const reply = await fetch(`${shared.server.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (reply.status !== 200) throw new Error(`login as ${username} answered ${reply.status}`);
}

async function addBox(services: Services, shared: SharedServer): Promise<string> {
  const added = unwrap(await call(() => services.management.add(adminDraft(shared))));
  return added.server.id;
}

describe('the activity of one server', () => {
  const shared = useSeededServer({ name: 'Box A' });
  const { services: servicesOf } = useServices(shared);

  it("shows another admin's settings change with the fields changed and who made it", async () => {
    const services = await servicesOf();
    const serverId = await addBox(services, shared);
    await changeBehindTheAppsBack(shared, (settings) =>
      setField(setField(settings, 'timeouts.idleMinutes', 45), 'persistence.cookie.secure', false),
    );

    const page = unwrap(await call(() => services.activity.list({ serverId })));

    const newest = page.events[0];
    expect(newest?.type).toBe('settings.updated');
    expect(newest?.actor).toBe('automation');
    expect(newest?.type === 'settings.updated' && [...newest.data.changed].sort()).toEqual([
      'persistence.cookie.secure',
      'timeouts.idleMinutes',
    ]);
    expect(page.serverId).toBe(serverId);
  });

  it('shows a revocation, an eviction and a mass logout, each with its actor, newest first', async () => {
    const services = await servicesOf();
    const serverId = await addBox(services, shared);
    await loginAs(shared, 'viewer', shared.secrets.viewerPassword);
    const listed = (await asAutomation(shared, 'GET', '/api/sessions?username=viewer')) as {
      sessions: { id: string }[];
    };
    await asAutomation(shared, 'DELETE', `/api/sessions/${listed.sessions[0]?.id ?? 'none'}`);
    await changeBehindTheAppsBack(shared, (settings) =>
      setField(settings, 'concurrency.maxSessionsPerUser', 1),
    );
    await loginAs(shared, 'viewer', shared.secrets.viewerPassword);
    await loginAs(shared, 'viewer', shared.secrets.viewerPassword);
    unwrap(await call(() => services.sessions.invalidateAll(serverId, 'Box A')));

    const page = unwrap(await call(() => services.activity.list({ serverId, limit: 4 })));

    expect(page.events.map((event) => [event.type, event.actor])).toEqual([
      ['sessions.invalidated_all', 'admin'],
      ['session.evicted', 'viewer'],
      ['settings.updated', 'automation'],
      ['session.revoked', 'automation'],
    ]);
    expect(page.events[3]?.data).toMatchObject({ username: 'viewer' });
    expect(page.nextBefore).toBe(page.events[3]?.id);
    await changeBehindTheAppsBack(shared, (settings) =>
      setField(settings, 'concurrency.maxSessionsPerUser', 5),
    );
  });
});

/**
 * Writes `count` events into a stopped-or-running server's database with ids that skip
 * (gaps of 1 to 40, now and then 5,000), revocations and evictions; returns their ids. Only
 * the contract's four types: the reference server's response schema refuses any other (a
 * feed with types this app does not know is paged in activity-paging.test.ts and
 * event-watcher.test.ts, over a raw server).
 */
function insertSparseEvents(
  dataDir: string,
  count: number,
  time: (index: number) => number = (index) => 1_700_000_000_000 + index,
): number[] {
  const db = new Database(path.join(dataDir, DATABASE_FILE));
  const known: number[] = [];
  try {
    db.pragma('busy_timeout = 5000');
    const start = (db.prepare('SELECT MAX(id) AS id FROM events').get() as { id: number | null })
      .id;
    const insert = db.prepare(
      'INSERT INTO events (id, type, at, actor, data) VALUES (?, ?, ?, ?, ?)',
    );
    let id = start ?? 0;
    db.transaction(() => {
      for (let index = 0; index < count; index += 1) {
        // A gap pattern with runs: mostly small steps, now and then a long jump.
        id += index % 97 === 0 ? 5_000 : 1 + ((index * 7919) % 40);
        const evicted = index % 9 === 4;
        insert.run(
          id,
          evicted ? 'session.evicted' : 'session.revoked',
          time(index),
          `admin-${index % 3}`,
          JSON.stringify({ sessionId: `s${index}`, username: 'viewer' }),
        );
        known.push(id);
      }
    })();
  } finally {
    db.close();
  }
  return known;
}

describe('paging back through a long history', () => {
  const log = requestLog();
  const shared = useSeededServer({ name: 'Box Long', logStream: log.stream });
  const { services: servicesOf } = useServices(shared);

  it('gives each of 5,000 events exactly once, newest first, holding at most a page and an answer', async () => {
    const services = await servicesOf();
    const serverId = await addBox(services, shared);
    const known = insertSparseEvents(shared.dataDir, 5_000);
    const limit = 97;
    const feedReads = () =>
      log.requests().filter((r) => r.url.startsWith('/api/sessions/events')).length;
    const readsBefore = feedReads();

    const seen: QuickBoxEvent[] = [];
    let before: number | undefined;
    let pages = 0;
    for (;;) {
      const page = unwrap(await call(() => services.activity.list({ serverId, before, limit })));
      pages += 1;
      expect(page.events.length).toBeLessThanOrEqual(limit);
      expect(services.activity.held.now).toBe(0);
      seen.push(...page.events);
      if (page.nextBefore === null) break;
      before = page.nextBefore;
    }

    const ids = seen.map((event) => event.id);
    expect(ids).toEqual([...known].sort((a, b) => b - a));
    expect(new Set(ids).size).toBe(known.length);
    expect(pages).toBe(Math.ceil(known.length / limit));
    // About two reads a page (a window, and now and then a narrower or wider one), plus the
    // gallop and bisection that find the newest id of a feed never read before.
    expect(feedReads() - readsBefore).toBeLessThanOrEqual(2 * pages + 40);
    expect(services.activity.held.peak).toBeLessThanOrEqual(limit + FEED_PAGE_LIMIT);
    expect(services.activity.held.peak).toBeGreaterThanOrEqual(limit);
  });

  it('finds the newest event when the app has never read the feed (its last seen id is 0)', async () => {
    const services = await servicesOf();
    const serverId = await addBox(services, shared);
    const newest = insertSparseEvents(shared.dataDir, 2_500).at(-1);

    const page = unwrap(await call(() => services.activity.list({ serverId, limit: 1 })));

    expect(page.events.map((event) => event.id)).toEqual([newest]);
  });
});

describe('the fleet-wide activity', () => {
  const east = useSeededServer({ name: 'Box East' });
  const west = useSeededServer({ name: 'Box West' });
  const { services: servicesOf } = useServices(east);

  it('merges the servers newest first and pages back through both, each event once', async () => {
    const services = await servicesOf();
    const eastId = await addBox(services, east);
    const westId = unwrap(
      await call(() => services.management.add(adminDraft(west, { name: 'Box West' }))),
    ).server.id;
    // Interleaved in time, and West's history twice as dense at the end as at the start.
    const eastIds = insertSparseEvents(
      east.dataDir,
      600,
      (index) => 1_700_000_000_000 + 10 * index,
    );
    const westIds = insertSparseEvents(
      west.dataDir,
      900,
      (index) => 1_700_000_000_000 + (index < 300 ? 10 * index : 3_000 + 5 * (index - 300)),
    );

    const seen: ServerEvent[] = [];
    let cursors: ActivityCursors = {};
    for (let round = 0; round < 100; round += 1) {
      const page = unwrap(await call(() => services.activity.fleet({ cursors, limit: 64 })));
      expect(page.failures).toEqual([]);
      expect(page.entries.length).toBeLessThanOrEqual(64);
      seen.push(...page.entries);
      cursors = page.cursors;
      if (cursors[eastId] === null && cursors[westId] === null) break;
    }

    expect(seen).toEqual([...seen].sort(newestFirst));
    const key = (entry: ServerEvent) => `${entry.serverId}/${entry.event.id}`;
    expect(new Set(seen.map(key)).size).toBe(seen.length);
    expect(seen.filter((entry) => entry.serverId === eastId).map((e) => e.event.id)).toEqual(
      [...eastIds].reverse(),
    );
    expect(seen.filter((entry) => entry.serverId === westId).map((e) => e.event.id)).toEqual(
      [...westIds].reverse(),
    );
  });

  it('names a server it could not read, keeps its cursor, and still merges the others', async () => {
    const services = await servicesOf();
    const eastId = await addBox(services, east);
    const gone = await startSeededServer({ name: 'Box Gone' });
    const goneId = unwrap(
      await call(() =>
        services.management.add({
          name: 'Box Gone',
          baseUrl: gone.server.url,
          environment: 'test',
          credentials: { kind: 'account', username: 'admin', password: gone.secrets.adminPassword },
        }),
      ),
    ).server.id;
    await gone.server.close();
    await removeAll([gone.dataDir]);

    const page = unwrap(
      await call(() => services.activity.fleet({ cursors: { [goneId]: 77 }, limit: 5 })),
    );

    expect(page.failures).toEqual([
      expect.objectContaining({
        serverId: goneId,
        serverName: 'Box Gone',
        error: expect.objectContaining({ code: 'unreachable' }),
      }),
    ]);
    expect(page.cursors[goneId]).toBe(77);
    expect(page.entries).toHaveLength(5);
    expect(page.entries.every((entry) => entry.serverId === eastId)).toBe(true);
  });
});
