/**
 * The window's start, arranged around its first panel: the settings of the server shown
 * first are asked for beside the list of servers (not after it), and what the first panel
 * does not need (drift, the lazy parts' chunks) waits until that panel is filled.
 */

import type { StoreApi } from 'zustand/vanilla';
import type { QuickBoxApi } from '../../src-preload/api';
import type { AppState } from './app-state';

/** Where the window remembers which server it showed first (an id, nothing secret). */
export interface StartMemory {
  read(): string | null;
  write(serverId: string): void;
}

/** The key under which the first server's id is kept in the window's local storage. */
export const FIRST_SERVER_KEY = 'quickbox.firstServerId';

/**
 * The window's local storage as a StartMemory; a storage that refuses (or a window without
 * one, whose `localStorage` getter throws) is no memory.
 */
export function localStartMemory(storage: () => Pick<Storage, 'getItem' | 'setItem'>): StartMemory {
  return {
    read: () => {
      try {
        return storage().getItem(FIRST_SERVER_KEY);
      } catch {
        return null;
      }
    },
    write: (serverId) => {
      try {
        storage().setItem(FIRST_SERVER_KEY, serverId);
      } catch {
        // Without storage the next start asks for the list first, as it did before.
      }
    },
  };
}

/**
 * The API with the start's first settings read asked for at once: the settings of the
 * server the window showed first last time are requested now, beside the list. The first
 * settings read the store makes takes that answer when it is for the same server (the one
 * it shows first, unless the list changed since); any other read, and every later one, asks
 * anew. The server whose settings are read first is remembered for the next start.
 */
export function withEarlySettings(api: QuickBoxApi, memory: StartMemory): QuickBoxApi {
  const remembered = memory.read();
  let early = remembered
    ? { serverId: remembered, answer: api.settings.get({ serverId: remembered }) }
    : null;
  let first = true;
  const get: QuickBoxApi['settings']['get'] = (request) => {
    if (first) {
      first = false;
      if (request.serverId !== remembered) memory.write(request.serverId);
    }
    const taken = early;
    early = null;
    return taken && taken.serverId === request.serverId ? taken.answer : api.settings.get(request);
  };
  return { ...api, settings: { ...api.settings, get } };
}

/** Whether the first screen is drawn: the list read, and the first panel filled or failed. */
export function firstScreenSettled(state: AppState): boolean {
  if (!state.serversLoaded) return false;
  if (state.selectedServerId === null) return true;
  return (
    state.editor.serverId === state.selectedServerId &&
    (state.editor.status === 'ready' || state.editor.status === 'error')
  );
}

/**
 * Runs `then` once, when the first screen is settled (or after `latestMs`, should the first
 * server not answer by then), so that it does not compete with the first panel.
 */
export function afterFirstScreen(
  store: StoreApi<AppState>,
  then: () => void,
  latestMs = 2000,
): void {
  let done = false;
  const run = (): void => {
    if (done) return;
    done = true;
    unsubscribe();
    clearTimeout(timer);
    then();
  };
  const unsubscribe = store.subscribe((state) => {
    if (firstScreenSettled(state)) run();
  });
  const timer = setTimeout(run, latestMs);
  if (firstScreenSettled(store.getState())) run();
}
