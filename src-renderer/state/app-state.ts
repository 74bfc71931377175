/**
 * What every slice of the one store shares: the whole state's type (the union of the
 * slices), the type of a slice creator after zustand's slices guide
 * (https://zustand.docs.pmnd.rs/guides/slices-pattern: each slice is a `StateCreator` over
 * the whole state, so one action may update several slices), and the results actions
 * return.
 */

import type { StateCreator } from 'zustand/vanilla';
import type { QuickBoxApi } from '../../src-preload/api';
import type { Result } from '../../src-shared/ipc-contract';
import type { ActivitySlice } from './activity-slice';
import type { ApplySlice } from './apply-slice';
import type { DriftSlice } from './drift-slice';
import type { EditorSlice } from './editor-slice';
import type { FleetSlice } from './fleet-slice';
import type { LanguageSlice } from './language-slice';
import type { NavigationSlice } from './navigation-slice';
import type { NoticesSlice } from './notices-slice';
import type { ProfilesSlice } from './profiles-slice';
import type { ServersSlice } from './servers-slice';
import type { SessionsSlice } from './sessions-slice';
import type { SettingsDocsSlice } from './settings-docs-slice';

/** The whole store. */
export type AppState = ServersSlice &
  EditorSlice &
  SessionsSlice &
  NavigationSlice &
  NoticesSlice &
  FleetSlice &
  ProfilesSlice &
  ApplySlice &
  ActivitySlice &
  DriftSlice &
  SettingsDocsSlice &
  LanguageSlice;

/**
 * Makes one slice over the API object. Middleware, if any is ever added, goes on the
 * combined store only (the slices guide's rule), hence the empty mutator lists.
 */
export type SliceCreator<T> = (api: QuickBoxApi) => StateCreator<AppState, [], [], T>;

/** The result of an action that only changes state. */
export const DONE: Result<void> = { ok: true, value: undefined };

/** The result of an action that needs a selected server when none is. */
export const NO_SERVER_SELECTED: Result<never> = {
  ok: false,
  error: { code: 'not_found', message: 'No server is selected.', what: 'server' },
};
