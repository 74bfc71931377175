/**
 * The one store of the renderer, combined from its slices (servers, editor, sessions,
 * navigation, notices, fleet, profiles, apply, activity, drift, settings documents; one file
 * each, after zustand's slices guide), and its subscription to main's pushes. Every state
 * change worth testing is a pure function in editor.ts, editor-draft.ts, navigation.ts,
 * sessions.ts, server-order.ts, fleet-rows.ts, fleet-table.ts, apply-flow.ts or
 * activity-window.ts; the slices call them.
 */

import { createStore, type StoreApi } from 'zustand/vanilla';
import type { QuickBoxApi } from '../../src-preload/api';
import { createActivitySlice } from './activity-slice';
import type { AppState } from './app-state';
import { createApplySlice } from './apply-slice';
import { createDriftSlice } from './drift-slice';
import { createEditorSlice } from './editor-slice';
import { createFleetSlice } from './fleet-slice';
import { createNavigationSlice } from './navigation-slice';
import { createNoticesSlice } from './notices-slice';
import { createProfilesSlice } from './profiles-slice';
import { createLanguageSlice } from './language-slice';
import { createServersSlice } from './servers-slice';
import { createSessionsSlice } from './sessions-slice';
import { createSettingsDocsSlice } from './settings-docs-slice';

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
    ...createFleetSlice(api)(...store),
    ...createProfilesSlice(api)(...store),
    ...createApplySlice(api)(...store),
    ...createActivitySlice(api)(...store),
    ...createDriftSlice(api)(...store),
    ...createSettingsDocsSlice(api)(...store),
    ...createLanguageSlice(api)(...store),
  }));
}

/**
 * Subscribes the store to the main-process events: the server list, the profiles and
 * assignments, and the drift of each server (main pushes each after every change, whoever
 * made it), a server's settings as core read them, mass logouts, navigation requests (a
 * notification was clicked; a grouped one opens the fleet's activity), the fleet's progress
 * (a refresh, plan or apply got one more answer), drift notices, and every event of the
 * feeds (the activity windows).
 * Returns the unsubscribe function.
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
    api.ui.onNavigate((target) =>
      'serverId' in target
        ? store.getState().navigate(target)
        : store.getState().openFleetActivity(),
    ),
    api.events.onFleetProgress((progress) => store.getState().receiveFleetProgress(progress)),
    api.events.onDrift((notice) => store.getState().receiveDriftNotice(notice)),
    api.events.onSettings((payload) => {
      store.getState().receiveSettings(payload.serverId, payload.settings);
      store.getState().receiveFleetSettings(payload);
    }),
    api.profiles.onChanged((payload) => store.getState().receiveProfiles(payload)),
    api.drift.onChanged((payload) => store.getState().receiveDrift(payload)),
    api.events.onLanguage((state) => store.getState().receiveLanguage(state)),
    api.events.onServerEvent((payload) => {
      store.getState().receiveServerEvent(payload);
      void store.getState().receiveFleetServerEvent(payload);
    }),
  ];
  return () => {
    for (const unsubscribe of unsubscribers) unsubscribe();
  };
}
