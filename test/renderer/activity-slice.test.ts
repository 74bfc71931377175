/**
 * The activity slice over the real preload factory and a scripted main: a server's window
 * read newest first and then older, live events from `events:server-event`, the fleet's
 * window opened by a grouped notification's `ui:navigate`, and the bound on what is held.
 */

import { describe, expect, it } from 'vitest';
import { WINDOW_LIMIT } from '../../src-renderer/state/activity-window';
import type { QuickBoxEvent } from '../../src-shared/quickbox';
import { settle, startStore } from './fixtures';

function evicted(id: number, minute = id): QuickBoxEvent {
  return {
    id,
    type: 'session.evicted',
    at: new Date(Date.parse('2026-12-01T10:00:00Z') + minute * 60_000).toISOString(),
    actor: 'viewer',
    data: { sessionId: `s${id}`, username: 'viewer' },
  };
}

describe('the activity slice', () => {
  it("reads a server's newest page, then the page before its oldest event", async () => {
    const { main, store } = await startStore();
    main.answer(
      'activity:list',
      { ok: true, value: { serverId: 'a', events: [evicted(9), evicted(8)], nextBefore: 8 } },
      { ok: true, value: { serverId: 'a', events: [evicted(3)], nextBefore: null } },
    );

    await store.getState().openActivity({ serverId: 'a' });
    await store.getState().loadOlderActivity({ serverId: 'a' });

    expect(main.calls.map((call) => call.payload)).toEqual([
      { serverId: 'a', limit: 100 },
      { serverId: 'a', limit: 100, before: 8 },
    ]);
    const window = store.getState().activity.servers.windows['a'];
    expect(window?.entries.map((entry) => entry.event.id)).toEqual([9, 8, 3]);
    expect(window?.cursors).toEqual({ a: null });
  });

  it('opens a window once: showing the tab again reads nothing', async () => {
    const { main, store } = await startStore();
    main.answer('activity:list', {
      ok: true,
      value: { serverId: 'a', events: [evicted(1)], nextBefore: null },
    });

    await store.getState().openActivity({ serverId: 'a' });
    await store.getState().openActivity({ serverId: 'a' });

    expect(main.channels()).toEqual(['activity:list']);
  });

  it('puts live events into the windows of their server and the fleet, and no other', async () => {
    const { main, store } = await startStore();
    main.answer('activity:list', {
      ok: true,
      value: { serverId: 'a', events: [evicted(1)], nextBefore: null },
    });
    main.answer('activity:fleet', {
      ok: true,
      value: {
        entries: [{ serverId: 'a', event: evicted(1) }],
        cursors: { a: null },
        failures: [],
      },
    });
    await store.getState().openActivity({ serverId: 'a' });
    await store.getState().openActivity('fleet');

    main.emit('events:server-event', { serverId: 'b', event: evicted(2) });
    main.emit('events:server-event', { serverId: 'a', event: evicted(3) });

    const { servers, fleet } = store.getState().activity;
    expect(servers.windows['a']?.entries.map((entry) => entry.event.id)).toEqual([3, 1]);
    expect(servers.windows['b']).toBeUndefined();
    expect(fleet.entries.map(({ serverId, event }) => `${serverId}${event.id}`)).toEqual([
      'a3',
      'b2',
      'a1',
    ]);
  });

  it('holds at most its bound however many live events come', async () => {
    const { main, store } = await startStore();
    main.answer('activity:list', {
      ok: true,
      value: { serverId: 'a', events: [], nextBefore: null },
    });
    await store.getState().openActivity({ serverId: 'a' });

    for (let id = 1; id <= WINDOW_LIMIT + 250; id += 1)
      main.emit('events:server-event', { serverId: 'a', event: evicted(id) });

    const window = store.getState().activity.servers.windows['a'];
    expect(window?.entries).toHaveLength(WINDOW_LIMIT);
    expect(window?.entries[0]?.event.id).toBe(WINDOW_LIMIT + 250);
    expect(window?.cursors).toEqual({ a: 251 });
  });

  it('ignores the answer to a page asked before the window was reopened at the newest', async () => {
    const { main, store } = await startStore();
    main.answer('activity:list', {
      ok: true,
      value: { serverId: 'a', events: [evicted(5)], nextBefore: 5 },
    });
    await store.getState().openActivity({ serverId: 'a' });
    main.answer(
      'activity:list',
      { ok: true, value: { serverId: 'a', events: [evicted(4)], nextBefore: null } },
      { ok: true, value: { serverId: 'a', events: [evicted(6)], nextBefore: 6 } },
    );

    const older = store.getState().loadOlderActivity({ serverId: 'a' });
    const newest = store.getState().loadNewestActivity({ serverId: 'a' });
    await Promise.all([older, newest]);

    const window = store.getState().activity.servers.windows['a'];
    expect(window?.entries.map((entry) => entry.event.id)).toEqual([6]);
    expect(window?.cursors).toEqual({ a: 6 });
  });

  it('keeps what it had when a page fails, and says why', async () => {
    const { main, store } = await startStore();
    main.answer('activity:list', { ok: false, error: { code: 'unreachable', message: 'down' } });

    const result = await store.getState().openActivity({ serverId: 'a' });

    expect(result).toMatchObject({ ok: false, error: { code: 'unreachable' } });
    expect(store.getState().activity.servers.windows['a']).toMatchObject({
      status: 'error',
      error: { code: 'unreachable' },
      entries: [],
    });
  });

  it("opens the fleet view's Activity when a grouped notification asks", async () => {
    const { main, store } = await startStore();
    main.answer('fleet:snapshot', { ok: true, value: { rows: [], at: '2026-12-01T10:00:00Z' } });
    main.answer('profiles:list', { ok: true, value: { profiles: [], assignments: {} } });

    main.emit('ui:navigate', { fleet: 'activity' });
    await settle();

    expect(store.getState().view).toBe('fleet');
    expect(store.getState().fleetTab).toBe('activity');
  });
});
