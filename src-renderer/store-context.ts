/**
 * How components reach the one store: a context holding it and a selector hook. There is
 * deliberately no way to the API object from here: components call the store's actions.
 */

import { createContext, useContext } from 'react';
import { useStore, type StoreApi } from 'zustand';
import type { AppState } from './state/store';

/** The store of the window, provided once at the root. */
export const StoreContext = createContext<StoreApi<AppState> | null>(null);

/** Reads a slice of the store; pass `useShallow(...)` for derived arrays and objects. */
export function useApp<T>(selector: (state: AppState) => T): T {
  const store = useContext(StoreContext);
  if (!store) throw new Error('useApp needs a StoreContext provider');
  return useStore(store, selector);
}

/** The selected server, or undefined. */
export function selectSelectedServer(state: AppState) {
  return state.servers.find((server) => server.id === state.selectedServerId);
}
