/**
 * The profiles slice: the editor of a profile is the panels' editor (same validation), a
 * save sends the draft and takes the answer in without reading the list again (main pushes
 * it), main's push of the profiles is taken in, and assigning stops at the first refusal.
 */

import { describe, expect, it } from 'vitest';
import { profile } from './fleet-fixtures';
import { startStore } from './fixtures';

describe('the profiles slice', () => {
  it('edits a profile with the panels’ validation, and saves only a valid change', async () => {
    const { main, store } = await startStore();
    const strict = profile('p1', 'Strict', 15);
    main.answer('profiles:list', {
      ok: true,
      value: { profiles: [strict], assignments: { a: 'p1' }, problem: null },
    });
    await store.getState().loadProfiles();
    store.getState().editProfile('p1');
    expect(store.getState().profileEditor?.editor.draft?.timeouts.idleMinutes).toBe(15);

    store.getState().typeProfileNumber('timeouts.idleMinutes', 'soon', 1);
    expect(await store.getState().saveProfile()).toEqual({ ok: true, value: null });
    store.getState().typeProfileNumber('timeouts.idleMinutes', '2000', 1);
    expect(await store.getState().saveProfile()).toEqual({ ok: true, value: null });
    expect(main.channels()).not.toContain('profiles:update');

    store.getState().typeProfileNumber('timeouts.idleMinutes', '20', 1);
    const saved = {
      ...strict,
      settings: { ...strict.settings, timeouts: { ...strict.settings.timeouts, idleMinutes: 20 } },
    };
    main.answer('profiles:update', { ok: true, value: { profile: saved, advice: [] } });
    main.calls.length = 0;
    const result = await store.getState().saveProfile();
    expect(result.ok).toBe(true);
    expect(main.calls.find((call) => call.channel === 'profiles:update')?.payload).toMatchObject({
      id: 'p1',
      settings: { timeouts: { idleMinutes: 20 } },
    });
    expect(store.getState().profileEditor?.editor.base?.timeouts.idleMinutes).toBe(20);
    expect(store.getState().profiles[0]?.settings.timeouts.idleMinutes).toBe(20);
    expect(main.channels()).toEqual(['profiles:update']);
  });

  it('keeps the draft and shows why when main refuses the settings', async () => {
    const { main, store } = await startStore();
    main.answer('profiles:list', {
      ok: true,
      value: { profiles: [profile('p1', 'Strict')], assignments: {}, problem: null },
    });
    await store.getState().loadProfiles();
    store.getState().editProfile('p1');
    store.getState().editProfileField('persistence.cookie.path', '/dash');
    main.answer('profiles:update', {
      ok: false,
      error: { code: 'internal', message: 'disk full' },
    });
    await store.getState().saveProfile();
    expect(store.getState().profileEditor?.editor).toMatchObject({
      saving: false,
      saveError: { code: 'internal' },
      draft: { persistence: { cookie: { path: '/dash' } } },
    });
  });

  it('closes the editor of a profile that is gone from the list', async () => {
    const { main, store } = await startStore();
    main.answer('profiles:list', {
      ok: true,
      value: { profiles: [profile('p1', 'Strict')], assignments: {}, problem: null },
    });
    await store.getState().loadProfiles();
    store.getState().editProfile('p1');
    main.answer('profiles:delete', { ok: true, value: { deleted: true, unassigned: [] } });
    main.calls.length = 0;
    await store.getState().deleteProfile('p1');
    expect(store.getState().profileEditor).toBeNull();
    expect(store.getState().profiles).toEqual([]);
    expect(main.channels()).toEqual(['profiles:delete']);
  });

  it('takes in main’s push of the profiles and assignments, closing a deleted profile’s editor', async () => {
    const { main, store } = await startStore();
    main.emit('profiles:changed', {
      profiles: [profile('p1', 'Strict'), profile('p2', 'Lax')],
      assignments: { a: 'p1' },
      problem: null,
    });
    store.getState().editProfile('p2');
    expect(store.getState().profileEditor?.profileId).toBe('p2');

    main.emit('profiles:changed', {
      profiles: [profile('p1', 'Strict')],
      assignments: { a: 'p1', b: 'p1' },
      problem: null,
    });

    expect(store.getState().profiles.map((known) => known.name)).toEqual(['Strict']);
    expect(store.getState().assignments).toEqual({ a: 'p1', b: 'p1' });
    expect(store.getState().profilesLoaded).toBe(true);
    expect(store.getState().profileEditor).toBeNull();
    expect(main.channels()).toEqual([]);
  });

  it('assigns a profile to several servers in one request, and keeps nothing of a refusal', async () => {
    const { main, store } = await startStore();
    main.answer(
      'profiles:assign-many',
      { ok: false, error: { code: 'not_found', message: 'no server', what: 'server' } },
      { ok: true, value: { assignments: { a: 'p1', c: 'p1' } } },
    );
    const refused = await store.getState().assignProfile(['a', 'x', 'c'], 'p1');
    expect(refused.ok).toBe(false);
    expect(store.getState().assignments).toEqual({});
    const result = await store.getState().assignProfile(['a', 'c'], 'p1');
    expect(result.ok).toBe(true);
    expect(main.calls.filter((call) => call.channel === 'profiles:assign-many')).toEqual([
      { channel: 'profiles:assign-many', payload: { serverIds: ['a', 'x', 'c'], profileId: 'p1' } },
      { channel: 'profiles:assign-many', payload: { serverIds: ['a', 'c'], profileId: 'p1' } },
    ]);
    expect(main.channels()).not.toContain('profiles:assign');
    expect(store.getState().assignments).toEqual({ a: 'p1', c: 'p1' });
  });
});
