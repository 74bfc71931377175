/**
 * The notices slice: each mass logout kept once, newest first and at most 20; dismissing
 * one; the announcement for screen readers; the notice cleared by navigation.
 */

import { describe, expect, it } from 'vitest';
import { startStore } from './fixtures';

function massLogout(id: number, serverId = 'a') {
  return {
    serverId,
    serverName: 'Box A',
    event: {
      id,
      type: 'sessions.invalidated_all' as const,
      at: '2026-11-28T12:00:00Z',
      actor: 'colleague',
      data: { invalidated: 2 },
    },
  };
}

describe('the notices slice', () => {
  it('keeps each mass logout once, newest first, at most 20', async () => {
    const { store } = await startStore();

    for (let id = 1; id <= 25; id += 1) store.getState().receiveMassLogout(massLogout(id));
    store.getState().receiveMassLogout(massLogout(25));
    store.getState().receiveMassLogout(massLogout(25, 'b'));

    const ids = store.getState().massLogouts.map((seen) => `${seen.serverId}${seen.event.id}`);
    expect(ids).toHaveLength(20);
    expect(ids.slice(0, 3)).toEqual(['b25', 'a25', 'a24']);
  });

  it('dismisses one mass logout of one server', async () => {
    const { store } = await startStore();
    store.getState().receiveMassLogout(massLogout(7));
    store.getState().receiveMassLogout(massLogout(7, 'b'));

    store.getState().dismissMassLogout(7, 'a');

    expect(store.getState().massLogouts.map((seen) => seen.serverId)).toEqual(['b']);
  });

  it('announces, and navigation clears the passing notice', async () => {
    const { store } = await startStore();

    store.getState().announce('Box A moved to position 2 of 2.');
    store.getState().setNotice('Saved.');
    const noticed = store.getState().notice;
    store.getState().navigate({ serverId: 'a', panel: 'persistence' });

    expect(store.getState().announcement).toBe('Box A moved to position 2 of 2.');
    expect(noticed).toBe('Saved.');
    expect(store.getState().notice).toBeNull();
  });
});
