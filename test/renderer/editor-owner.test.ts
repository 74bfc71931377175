/**
 * One owner of each server's settings document: the settings documents slice, fed by main's
 * `events:settings` pushes and by reads. The editor keeps only its draft, so a document
 * pushed for the selected server becomes the editor's base without a read and the admin's
 * unsaved changes stay; a concurrent edit by another admin still ends in the conflict view,
 * the save's If-Match being the version the changes were made on.
 */

import { describe, expect, it } from 'vitest';
import { conflictRows, dirtyFields } from '../../src-renderer/state/editor';
import { setField, type SessionSettingsDocument } from '../../src-shared/settings';
import { settings, settle, startStore } from './fixtures';

/** Version 2 by another admin: the idle timeout (30 -> 45) and the sessions per user. */
const theirs: SessionSettingsDocument = {
  ...setField(settings(2, 45), 'concurrency.maxSessionsPerUser', 9),
  version: 2,
  updatedAt: '2026-11-28T13:00:00Z',
  updatedBy: 'other-admin',
};

describe('the settings documents slice owns the document; the editor keeps its draft', () => {
  it('takes a push for the selected server as the base without a read, keeping the draft', async () => {
    const { main, store } = await startStore();
    store.getState().typeNumber('timeouts.absoluteMinutes', '600', 1);
    expect(dirtyFields(store.getState().editor)).toEqual(['timeouts.absoluteMinutes']);

    main.emit('events:settings', { serverId: 'a', settings: theirs });
    await settle();

    const editor = store.getState().editor;
    expect(main.calls).toEqual([]);
    expect(editor.base?.version).toBe(2);
    expect(editor.base).toEqual(theirs);
    expect(store.getState().settingsDocs['a']?.settings).toEqual(theirs);
    expect(editor.draft?.timeouts.absoluteMinutes).toBe(600);
    // The other admin's values show in the draft; only the admin's own change is unsaved.
    expect(editor.draft?.timeouts.idleMinutes).toBe(45);
    expect(editor.draft?.concurrency.maxSessionsPerUser).toBe(9);
    expect(dirtyFields(editor)).toEqual(['timeouts.absoluteMinutes']);
    expect(editor.canUpdate).toBe(true);
  });

  it('still shows the conflict: the save is based on the version the change was made on', async () => {
    const { main, store } = await startStore();
    store.getState().typeNumber('timeouts.idleMinutes', '20', 1);
    main.emit('events:settings', { serverId: 'a', settings: theirs });
    main.answer('settings:save', {
      ok: false,
      error: { code: 'version_conflict', message: 'changed meanwhile', current: theirs },
    });

    await store.getState().save();

    expect(main.calls[0]?.payload).toMatchObject({ serverId: 'a', baseVersion: 1 });
    const editor = store.getState().editor;
    expect(editor.conflict).toEqual(theirs);
    expect(editor.draft?.timeouts.idleMinutes).toBe(20);
    expect(conflictRows(editor)).toEqual([
      {
        field: 'timeouts.idleMinutes',
        label: 'Idle timeout',
        original: '30 min',
        theirs: '45 min',
        mine: '20 min',
        clash: true,
      },
      {
        field: 'concurrency.maxSessionsPerUser',
        label: expect.any(String),
        original: String(settings(1).concurrency.maxSessionsPerUser),
        theirs: '9',
        mine: null,
        clash: false,
      },
    ]);
  });

  it('keeps a push for another server in the owner only, and a save read back in both', async () => {
    const { main, store } = await startStore();
    const before = store.getState().editor;

    main.emit('events:settings', { serverId: 'b', settings: theirs });
    await settle();

    expect(store.getState().editor).toBe(before);
    expect(store.getState().settingsDocs['b']?.settings).toEqual(theirs);
    expect(store.getState().settingsDocs['b']?.canUpdate).toBeNull();
    main.answer('settings:save', {
      ok: true,
      value: { settings: settings(2, 20), changed: ['timeouts.idleMinutes'], activeSessions: 0 },
    });
    store.getState().typeNumber('timeouts.idleMinutes', '20', 1);
    await store.getState().save();
    expect(store.getState().settingsDocs['a']?.settings.version).toBe(2);
    expect(store.getState().editor.base?.version).toBe(2);
    expect(dirtyFields(store.getState().editor)).toEqual([]);
  });
});
