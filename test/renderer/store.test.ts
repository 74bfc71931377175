/**
 * The store's slices wired together, over the real preload factory (`createApi`) with a
 * scripted transport standing in for main: these tests are typechecked for the browser (no
 * Node), and the real core behind the same factory is exercised by the e2e suite. Each
 * test builds a fresh store, so no state leaks between tests.
 */

import { beforeEach, describe, expect, it } from 'vitest';
import type { StoreApi } from 'zustand/vanilla';
import type { AppState } from '../../src-renderer/state/store';
import { server, settings, settle, startStore, type scriptedTransport } from './fixtures';

let main: ReturnType<typeof scriptedTransport>;
let store: StoreApi<AppState>;

beforeEach(async () => {
  ({ main, store } = await startStore(undefined, true));
});

describe('the store', () => {
  it('selects the first server and loads its settings into a clean draft', () => {
    const state = store.getState();

    expect(state.selectedServerId).toBe('a');
    expect(state.editor.status).toBe('ready');
    expect(state.editor.draft?.timeouts.idleMinutes).toBe(30);
    expect(main.calls.map((call) => call.channel)).toEqual(['servers:list', 'settings:get']);
  });

  it('asks before leaving a server with unsaved changes, and discards them when confirmed', async () => {
    store.getState().typeNumber('timeouts.idleMinutes', '20', 1);

    store.getState().navigate({ serverId: 'b', panel: 'timeouts' });
    const asked = store.getState();
    store.getState().confirmLeave();
    await settle();

    expect(asked.dialog).toMatchObject({
      kind: 'unsaved',
      wholeServer: true,
      fields: ['timeouts.idleMinutes'],
    });
    expect(asked.selectedServerId).toBe('a');
    expect(store.getState().selectedServerId).toBe('b');
    expect(store.getState().dialog).toBeNull();
    expect(store.getState().editor.serverId).toBe('b');
  });

  it('on a conflict, "keep mine" saves the merged draft against their version', async () => {
    store.getState().typeNumber('timeouts.idleMinutes', '20', 1);
    const theirs = { ...settings(2, 25, 'colleague'), concurrency: { maxSessionsPerUser: 3 } };
    main.answer(
      'settings:save',
      { ok: false, error: { code: 'version_conflict', message: 'changed', current: theirs } },
      {
        ok: true,
        value: {
          settings: {
            ...theirs,
            timeouts: { ...theirs.timeouts, idleMinutes: 20 },
            version: 3,
            updatedBy: 'admin',
          },
          changed: ['timeouts.idleMinutes'],
          activeSessions: 4,
        },
      },
    );

    await store.getState().save();
    const conflicted = store.getState().editor;
    await store.getState().keepMineAndSave();

    const saves = main.calls.filter((call) => call.channel === 'settings:save');
    expect(conflicted.conflict?.updatedBy).toBe('colleague');
    expect(saves[0]?.payload).toMatchObject({ serverId: 'a', baseVersion: 1 });
    expect(saves[1]?.payload).toMatchObject({
      serverId: 'a',
      baseVersion: 2,
      settings: { timeouts: { idleMinutes: 20 }, concurrency: { maxSessionsPerUser: 3 } },
    });
    expect(store.getState().editor.lastSave).toEqual({
      changed: ['timeouts.idleMinutes'],
      activeSessions: 4,
      version: 3,
    });
  });

  it('follows the events of main: server list changes, mass logouts once each, navigation', async () => {
    const event = {
      serverId: 'b',
      serverName: 'Box B',
      event: {
        id: 7,
        type: 'sessions.invalidated_all',
        at: '2026-11-28T12:00:00Z',
        actor: 'colleague',
        data: { invalidated: 3 },
      },
    };
    main.answer('sessions:list', { ok: true, value: { sessions: [], nextCursor: null } });
    main.answer('sessions:summary', { ok: true, value: { active: 0, byUser: [] } });

    main.emit('servers:changed', { servers: [server('b', 'Box B')] });
    main.emit('events:mass-logout', event);
    main.emit('events:mass-logout', event);
    main.emit('ui:navigate', { serverId: 'b', panel: 'operations' });
    await settle();

    const state = store.getState();
    expect(state.servers.map((s) => s.id)).toEqual(['b']);
    expect(state.massLogouts).toHaveLength(1);
    expect(state.selectedServerId).toBe('b');
    expect(state.panel).toBe('operations');
    expect(main.calls.some((call) => call.channel === 'sessions:list')).toBe(true);
  });

  it('starts from a clean slate in every test', () => {
    expect(store.getState().massLogouts).toEqual([]);
    expect(store.getState().dialog).toBeNull();
    expect(store.getState().panel).toBe('timeouts');
  });
});
