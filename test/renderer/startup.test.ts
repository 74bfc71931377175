import { describe, expect, it } from 'vitest';
import { createApi } from '../../src-preload/api';
import {
  FIRST_SERVER_KEY,
  afterFirstScreen,
  firstScreenSettled,
  localStartMemory,
  withEarlySettings,
} from '../../src-renderer/state/startup';
import { connectStore, createAppStore } from '../../src-renderer/state/store';
import { scriptedTransport, server, settings, settle } from './fixtures';

/** A storage like the window's, in memory; `refuse` makes every call throw (storage off). */
function storage(initial: Record<string, string> = {}, refuse = false) {
  const items = new Map(Object.entries(initial));
  return {
    items,
    getItem(key: string): string | null {
      if (refuse) throw new Error('storage is off');
      return items.get(key) ?? null;
    },
    setItem(key: string, value: string): void {
      if (refuse) throw new Error('storage is off');
      items.set(key, value);
    },
  };
}

/** A store started as main.tsx starts it, over a scripted main and `memory`'s storage. */
function start(remembered: Record<string, string>, servers = [server('a', 'A'), server('b', 'B')]) {
  const main = scriptedTransport();
  main.answer('servers:list', { ok: true, value: { servers, registryProblem: null } });
  main.answer('settings:get', { ok: true, value: { settings: settings(1), canUpdate: true } });
  const memory = storage(remembered);
  const api = withEarlySettings(
    createApi(main.transport),
    localStartMemory(() => memory),
  );
  const store = createAppStore(api);
  connectStore(store, api);
  return { main, memory, store };
}

describe('the start: the first server settings beside the list', () => {
  it('asks for the remembered server settings before the list is read, and the first panel takes that answer', async () => {
    const { main, store } = start({ [FIRST_SERVER_KEY]: 'a' });
    expect(main.channels()).toEqual(['settings:get']);
    await store.getState().loadServers();
    await settle();
    expect(main.channels()).toEqual(['settings:get', 'servers:list']);
    expect(store.getState().editor).toMatchObject({ serverId: 'a', status: 'ready' });
  });

  it('with nothing remembered reads the list first, then remembers the server it showed first', async () => {
    const { main, memory, store } = start({});
    expect(main.channels()).toEqual([]);
    await store.getState().loadServers();
    await settle();
    expect(main.channels()).toEqual(['servers:list', 'settings:get']);
    expect(memory.items.get(FIRST_SERVER_KEY)).toBe('a');
  });

  it('does not show the early answer when another server comes first now; it reads that one and remembers it', async () => {
    const { main, memory, store } = start({ [FIRST_SERVER_KEY]: 'gone' });
    await store.getState().loadServers();
    await settle();
    expect(main.calls.filter((call) => call.channel === 'settings:get')).toEqual([
      { channel: 'settings:get', payload: { serverId: 'gone' } },
      { channel: 'settings:get', payload: { serverId: 'a' } },
    ]);
    expect(store.getState().editor).toMatchObject({ serverId: 'a', status: 'ready' });
    expect(memory.items.get(FIRST_SERVER_KEY)).toBe('a');
  });

  it('asks anew for every read after the first', async () => {
    const { main, store } = start({ [FIRST_SERVER_KEY]: 'a' });
    await store.getState().loadServers();
    await settle();
    await store.getState().loadSettings('a');
    expect(main.channels().filter((channel) => channel === 'settings:get')).toHaveLength(2);
  });

  it('starts without a memory when the storage refuses, or when the window has none', () => {
    const refusing = localStartMemory(() => storage({}, true));
    expect(refusing.read()).toBeNull();
    expect(() => refusing.write('a')).not.toThrow();
    const none = localStartMemory(() => {
      throw new Error('no storage for this origin');
    });
    expect(none.read()).toBeNull();
    expect(() => none.write('a')).not.toThrow();
  });
});

describe('the start: what waits for the first panel', () => {
  it('runs once the list is read and the first panel is filled, not before', async () => {
    const { store } = start({});
    const ran: boolean[] = [];
    afterFirstScreen(store, () => ran.push(firstScreenSettled(store.getState())));
    expect(ran).toEqual([]);
    await store.getState().loadServers();
    await settle();
    await store.getState().loadSettings('a');
    expect(ran).toEqual([true]);
  });

  it('runs at once after the list when there is no server to show', async () => {
    const { store } = start({}, []);
    let ran = 0;
    afterFirstScreen(store, () => (ran += 1));
    await store.getState().loadServers();
    expect(ran).toBe(1);
  });

  it('runs at the latest after its delay when the list never comes', async () => {
    const { store } = start({});
    let ran = 0;
    afterFirstScreen(store, () => (ran += 1), 5);
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(ran).toBe(1);
    expect(store.getState().serversLoaded).toBe(false);
  });
});
