/**
 * The activity window's pure transitions: live events merged in their place once, pages
 * merged, the bound on what is held (the oldest dropped for live events, the newest for
 * older pages), the cursors that let dropped events be read again, and the filters.
 */

import { describe, expect, it } from 'vitest';
import type { ServerEvent } from '../../src-shared/activity';
import { EVENT_TYPES, type QuickBoxEvent } from '../../src-shared/quickbox';
import {
  actorsOf,
  EMPTY_WINDOW,
  filterEntries,
  hasOlder,
  NO_ACTIVITY_FILTER,
  NO_SERVER_WINDOWS,
  receiveLive,
  receivePage,
  reopened,
  toggleType,
  withServerWindow,
  type ActivityWindow,
} from '../../src-renderer/state/activity-window';

const BASE = Date.parse('2026-12-01T10:00:00Z');

function revoked(id: number, actor = 'admin', minute = id): QuickBoxEvent {
  return {
    id,
    type: 'session.revoked',
    at: new Date(BASE + minute * 60_000).toISOString(),
    actor,
    data: { sessionId: `s${id}`, username: 'viewer' },
  };
}

function settingsChange(id: number, actor: string, minute = id): QuickBoxEvent {
  return {
    id,
    type: 'settings.updated',
    at: new Date(BASE + minute * 60_000).toISOString(),
    actor,
    data: { version: id, changed: ['timeouts.idleMinutes'] },
  };
}

const on = (serverId: string, event: QuickBoxEvent): ServerEvent => ({ serverId, event });
const ids = (window: ActivityWindow): string[] =>
  window.entries.map((entry) => `${entry.serverId}${entry.event.id}`);

/** A window of server `a` holding events `from`..`to` (newest first), more below `from`. */
function held(from: number, to: number): ActivityWindow {
  const entries: ServerEvent[] = [];
  for (let id = to; id >= from; id -= 1) entries.push(on('a', revoked(id)));
  return receivePage(reopened(1), { entries, cursors: { a: from } });
}

describe('live events', () => {
  it('go in their place by time across servers, and an event already held is not doubled', () => {
    const window = receivePage(reopened(1), {
      entries: [on('a', revoked(3)), on('b', revoked(7, 'admin', 1))],
      cursors: { a: null, b: null },
    });

    const once = receiveLive(window, on('b', revoked(8, 'admin', 2)));
    const twice = receiveLive(once, on('b', revoked(8, 'admin', 2)));
    const newest = receiveLive(twice, on('a', revoked(4)));

    expect(ids(once)).toEqual(['a3', 'b8', 'b7']);
    expect(twice).toBe(once);
    expect(ids(newest)).toEqual(['a4', 'a3', 'b8', 'b7']);
  });

  it('tell the same id on two servers apart', () => {
    const window = receiveLive(receiveLive(reopened(1), on('a', revoked(5))), on('b', revoked(5)));

    expect(ids(window)).toEqual(['a5', 'b5']);
  });

  it('drop the oldest past the bound, and the cursor moves so they are read again', () => {
    const window = held(1, 10);

    const next = receiveLive(
      receiveLive(window, on('a', revoked(11)), 10),
      on('a', revoked(12)),
      10,
    );

    expect(next.entries).toHaveLength(10);
    expect(ids(next)[0]).toBe('a12');
    expect(next.cursors).toEqual({ a: 3 });
    expect(next.detached).toBe(false);
  });

  it('move the cursor of a server whose every held event was dropped to just above them', () => {
    const window = receivePage(reopened(1), {
      entries: [on('b', revoked(40, 'admin', 5)), on('a', revoked(2, 'admin', 1))],
      cursors: { a: null, b: 40 },
    });

    const next = receiveLive(window, on('b', revoked(41, 'admin', 6)), 2);

    expect(ids(next)).toEqual(['b41', 'b40']);
    expect(next.cursors).toEqual({ a: 3, b: 40 });
    expect(hasOlder(next, ['a', 'b'])).toBe(true);
  });

  it('are only counted while older events are shown instead of the newest', () => {
    const window = receivePage(
      held(11, 20),
      {
        entries: [on('a', revoked(10)), on('a', revoked(9))],
        cursors: { a: 9 },
      },
      10,
    );

    const next = receiveLive(window, on('a', revoked(21)), 10);

    expect(window.detached).toBe(true);
    expect(next.entries).toBe(window.entries);
    expect(next.missed).toBe(1);
  });
});

describe('pages', () => {
  it('an older page past the bound drops the newest and detaches the window', () => {
    const window = held(6, 10);

    const next = receivePage(
      window,
      { entries: [5, 4, 3].map((id) => on('a', revoked(id))), cursors: { a: 3 } },
      6,
    );

    expect(ids(next)).toEqual(['a8', 'a7', 'a6', 'a5', 'a4', 'a3']);
    expect(next.detached).toBe(true);
    expect(next.cursors).toEqual({ a: 3 });
  });

  it('never holds more than the bound however many pages arrive', () => {
    let window = reopened(1);
    for (let page = 0; page < 20; page += 1) {
      const top = 1_000 - page * 50;
      const entries = Array.from({ length: 50 }, (_, index) => on('a', revoked(top - index)));
      window = receivePage(window, { entries, cursors: { a: top - 49 } }, 120);
      expect(window.entries.length).toBeLessThanOrEqual(120);
    }

    expect(window.entries).toHaveLength(120);
    expect(window.entries[0]?.event.id).toBe(120 + 1_000 - 20 * 50);
  });

  it('a page merged with live events that came while it was read holds each once', () => {
    const live = receiveLive(reopened(1), on('a', revoked(12)));

    const next = receivePage(live, {
      entries: [12, 11, 10].map((id) => on('a', revoked(id))),
      cursors: { a: 10 },
    });

    expect(ids(next)).toEqual(['a12', 'a11', 'a10']);
    expect(next.loaded).toBe(true);
  });

  it('has nothing older once every server is read to its start, and nothing before the first page', () => {
    expect(hasOlder(EMPTY_WINDOW, ['a'])).toBe(false);
    const window = receivePage(reopened(1), { entries: [], cursors: { a: null } });
    expect(hasOlder(window, ['a'])).toBe(false);
    expect(hasOlder(window, ['a', 'b'])).toBe(true);
  });
});

describe('filters', () => {
  const entries = [
    on('a', settingsChange(4, 'automation')),
    on('a', revoked(3, 'admin')),
    on('b', settingsChange(2, 'admin')),
    on('b', revoked(1, 'bob')),
  ];

  it('let through the types not left out and the actor chosen; all left out is none', () => {
    const settingsOnly = {
      hidden: EVENT_TYPES.filter((type) => type !== 'settings.updated'),
      actor: null,
    };
    const nothing = toggleType(settingsOnly, 'settings.updated');

    expect(filterEntries(entries, NO_ACTIVITY_FILTER)).toHaveLength(4);
    expect(filterEntries(entries, settingsOnly).map((e) => e.event.id)).toEqual([4, 2]);
    expect(filterEntries(entries, { ...settingsOnly, actor: 'admin' })).toEqual([entries[2]]);
    expect(filterEntries(entries, { hidden: [], actor: 'bob' })).toEqual([entries[3]]);
    expect(filterEntries(entries, nothing)).toEqual([]);
    expect(toggleType(nothing, 'settings.updated')).toEqual(settingsOnly);
    expect(
      toggleType(toggleType(NO_ACTIVITY_FILTER, 'session.revoked'), 'session.revoked'),
    ).toEqual(NO_ACTIVITY_FILTER);
  });

  it('offer the actors held, and keep the chosen one offered when none of its events is held', () => {
    expect(actorsOf(entries, null)).toEqual(['admin', 'automation', 'bob']);
    expect(actorsOf([], 'carol')).toEqual(['carol']);
  });
});

describe('server windows', () => {
  it('keep the most recently opened few, and let the others go', () => {
    let servers = NO_SERVER_WINDOWS;
    for (const id of ['a', 'b', 'c', 'a']) servers = withServerWindow(servers, id, held(1, 2), 2);

    expect(servers.order).toEqual(['a', 'c']);
    expect(Object.keys(servers.windows).sort()).toEqual(['a', 'c']);
  });
});
