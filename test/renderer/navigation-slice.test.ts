/**
 * The navigation slice: one `selectServer` for every way the server changes, panels that
 * load the sessions they show, and leaving a panel that drops only that panel's changes.
 */

import { describe, expect, it } from 'vitest';
import { settle, startStore } from './fixtures';

describe('the navigation slice', () => {
  it('selects a server with a fresh editor and sessions, loading what the panel shows', async () => {
    const { main, store } = await startStore();
    main.answer('sessions:list', { ok: true, value: { sessions: [], nextCursor: null } });
    main.answer('sessions:summary', { ok: true, value: { active: 0, byUser: [] } });
    store.getState().navigate({ serverId: 'a', panel: 'operations' });
    await settle();
    main.calls.length = 0;

    const result = store.getState().selectServer('b');
    const switched = store.getState();
    await settle();

    expect(result.ok).toBe(true);
    expect(switched.editor.status).toBe('loading');
    expect(switched.sessions.serverId).toBe('b');
    expect(main.channels().sort()).toEqual(['sessions:list', 'sessions:summary', 'settings:get']);
    expect(store.getState().panel).toBe('operations');
  });

  it('selecting no server empties the editor and calls nothing', async () => {
    const { main, store } = await startStore();

    store.getState().selectServer(null);

    expect(store.getState().selectedServerId).toBeNull();
    expect(store.getState().editor.status).toBe('idle');
    expect(main.calls).toEqual([]);
  });

  it('asks before leaving a panel with changes, then drops only that panel’s changes', async () => {
    const { store } = await startStore();
    store.getState().navigate({ serverId: 'a', panel: 'concurrency' });
    store.getState().typeNumber('timeouts.idleMinutes', '20', 1);
    store.getState().typeNumber('concurrency.maxSessionsPerUser', '4', 1);

    const asked = store.getState().navigate({ serverId: 'a', panel: 'persistence' });
    const dialog = store.getState().dialog;
    store.getState().confirmLeave();

    expect(asked).toEqual({ ok: true, value: 'asked' });
    expect(dialog).toMatchObject({ kind: 'unsaved', fields: ['concurrency.maxSessionsPerUser'] });
    expect(store.getState().panel).toBe('persistence');
    expect(store.getState().editor.draft?.concurrency.maxSessionsPerUser).toBe(5);
    expect(store.getState().editor.draft?.timeouts.idleMinutes).toBe(20);
  });

  it('leaving the timeouts panel with an unsaved timeout asks, and confirming drops it', async () => {
    const { store } = await startStore();
    store.getState().typeNumber('timeouts.idleMinutes', '20', 1);

    const asked = store.getState().navigate({ serverId: 'a', panel: 'operations' });
    const dialog = store.getState().dialog;
    store.getState().confirmLeave();

    expect(asked).toEqual({ ok: true, value: 'asked' });
    expect(dialog).toMatchObject({ kind: 'unsaved', wholeServer: false });
    expect(store.getState().panel).toBe('operations');
    expect(store.getState().editor.draft?.timeouts.idleMinutes).toBe(30);
  });
});
