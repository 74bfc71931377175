/**
 * The editor slice: settings fetched for the selected server only, a save that sends the
 * draft against the base version, and nothing sent when there is nothing to save.
 */

import { describe, expect, it } from 'vitest';
import { settings, settle, startStore } from './fixtures';

describe('the editor slice', () => {
  it('sends nothing when the draft is unchanged or blocked, and says so', async () => {
    const { main, store } = await startStore();

    const unchanged = await store.getState().save();
    store.getState().typeNumber('timeouts.idleMinutes', 'ten', 1);
    const blocked = await store.getState().save();

    expect(unchanged).toEqual({ ok: true, value: null });
    expect(blocked).toEqual({ ok: true, value: null });
    expect(store.getState().editor.inputErrors['timeouts.idleMinutes']).toContain('number');
    expect(main.calls).toEqual([]);
  });

  it('saves the draft against its base version and returns what main answered', async () => {
    const { main, store } = await startStore();
    const saved = {
      settings: settings(2, 20),
      changed: ['timeouts.idleMinutes'],
      activeSessions: 1,
    };
    main.answer('settings:save', { ok: true, value: saved });

    store.getState().typeNumber('timeouts.idleMinutes', '20', 1);
    const result = await store.getState().save();

    expect(result).toEqual({ ok: true, value: saved });
    expect(main.calls[0]?.payload).toMatchObject({ serverId: 'a', baseVersion: 1 });
    expect(store.getState().editor.base?.version).toBe(2);
    expect(store.getState().editor.lastSave?.activeSessions).toBe(1);
    expect(store.getState().dismissSaveNote().ok).toBe(true);
    expect(store.getState().editor.lastSave).toBeNull();
  });

  it('drops settings that arrive for a server no longer selected', async () => {
    const { main, store } = await startStore();
    main.answer('settings:get', {
      ok: true,
      value: { settings: settings(9, 15), canUpdate: false },
    });

    const late = store.getState().loadSettings('a');
    store.getState().selectServer('b');
    const result = await late;
    await settle();

    expect(result.ok).toBe(true);
    expect(store.getState().editor.serverId).toBe('b');
  });
});
