import { describe, expect, it } from 'vitest';
import { createApi } from '../../src-preload/api';
import { afterFirstScreen, firstScreenSettled } from '../../src-renderer/state/startup';
import { connectStore, createAppStore } from '../../src-renderer/state/store';
import { scriptedTransport, server, settings, settle } from './fixtures';

/** A store started as main.tsx starts it, over a scripted main. */
function start(servers = [server('a', 'A'), server('b', 'B')]) {
  const main = scriptedTransport();
  main.answer('servers:list', { ok: true, value: { servers, registryProblem: null } });
  main.answer('settings:get', { ok: true, value: { settings: settings(1), canUpdate: true } });
  const api = createApi(main.transport);
  const store = createAppStore(api);
  connectStore(store, api);
  return { main, store };
}

describe('the start: what waits for the first panel', () => {
  it('runs once the list is read and the first panel is filled, not before', async () => {
    const { store } = start();
    const ran: boolean[] = [];
    afterFirstScreen(store, () => ran.push(firstScreenSettled(store.getState())));
    expect(ran).toEqual([]);
    await store.getState().loadServers();
    await settle();
    await store.getState().loadSettings('a');
    expect(ran).toEqual([true]);
  });

  it('runs at once after the list when there is no server to show', async () => {
    const { store } = start([]);
    let ran = 0;
    afterFirstScreen(store, () => (ran += 1));
    await store.getState().loadServers();
    expect(ran).toBe(1);
  });

  it('runs at the latest after its delay when the list never comes', async () => {
    const { store } = start();
    let ran = 0;
    afterFirstScreen(store, () => (ran += 1), 5);
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(ran).toBe(1);
    expect(store.getState().serversLoaded).toBe(false);
  });
});
