/**
 * The one store of the renderer, combined from its slices (servers, editor, sessions,
 * navigation, notices; one file each, after zustand's slices guide), and its subscription
 * to main's pushes. Every state change worth testing is a pure function in editor.ts,
 * navigation.ts, sessions.ts or server-order.ts; the slices call them.
 */

import { createStore, type StoreApi } from 'zustand/vanilla';
import type { QuickBoxApi } from '../../src-preload/api';
import type { AppState } from './app-state';
import { createEditorSlice } from './editor-slice';
import { createNavigationSlice } from './navigation-slice';
import { createNoticesSlice } from './notices-slice';
import { createServersSlice } from './servers-slice';
import { createSessionsSlice } from './sessions-slice';

export type { AppState } from './app-state';
export type { DialogState } from './navigation-slice';

/** Builds the store over an API object (window.quickbox in the app). */
export function createAppStore(api: QuickBoxApi): StoreApi<AppState> {
  return createStore<AppState>()((...store) => ({
    ...createServersSlice(api)(...store),
    ...createEditorSlice(api)(...store),
    ...createSessionsSlice(api)(...store),
    ...createNavigationSlice(api)(...store),
    ...createNoticesSlice(api)(...store),
  }));
}

/**
 * Subscribes the store to the main-process events: the server list (main pushes it after
 * every change, whoever made it), mass logouts and navigation requests (a notification was
 * clicked). Returns the unsubscribe function.
 */
export function connectStore(store: StoreApi<AppState>, api: QuickBoxApi): () => void {
  const unsubscribers = [
    api.servers.onChanged(({ servers }) => store.getState().setServers(servers)),
    api.events.onMassLogout((payload) => {
      store.getState().receiveMassLogout(payload);
      const state = store.getState();
      if (
        payload.serverId === state.selectedServerId &&
        state.sessions.serverId === payload.serverId
      ) {
        void state.loadSessions();
      }
    }),
    api.ui.onNavigate((target) => store.getState().navigate(target)),
  ];
  return () => {
    for (const unsubscribe of unsubscribers) unsubscribe();
  };
}
