/**
 * The owner of every server's settings document in the window: fed by main's pushes
 * (`events:settings`: every document core reads or reads back) and by the window's own
 * reads and saves. The editor keeps only its draft and shows the selected server's document
 * from here (editor-draft.ts), so a pushed document reaches the editor without a read.
 */

import type { SessionSettingsDocument } from '../../src-shared/settings';
import type { Result } from '../../src-shared/ipc-contract';
import { DONE, type AppState, type SliceCreator } from './app-state';
import { projectEditor, type ServerSettings } from './editor-draft';

/** The settings documents slice. */
export interface SettingsDocsSlice {
  /** Each server's settings document as last read or pushed, by server id. */
  settingsDocs: Readonly<Record<string, ServerSettings>>;
  /**
   * Takes in a server's document (and whether it may be changed, when a read said); the
   * editor of that server shows it as its base, keeping the admin's changes.
   */
  receiveSettings(
    serverId: string,
    settings: SessionSettingsDocument,
    canUpdate?: boolean,
  ): Result<void>;
}

/** The state with a server's document taken in, and the editor of that server following it. */
export function withSettings(
  state: AppState,
  serverId: string,
  settings: SessionSettingsDocument,
  canUpdate?: boolean,
): Pick<AppState, 'settingsDocs' | 'editor'> {
  const known = state.settingsDocs[serverId];
  const document: ServerSettings = { settings, canUpdate: canUpdate ?? known?.canUpdate ?? null };
  const settingsDocs = { ...state.settingsDocs, [serverId]: document };
  const editor =
    state.editorDraft.serverId === serverId
      ? projectEditor(state.editorDraft, document)
      : state.editor;
  return { settingsDocs, editor };
}

/** The state with several servers' documents taken in (a fleet refresh's answers). */
export function withDocuments(
  state: AppState,
  documents: Readonly<Record<string, ServerSettings>>,
): Pick<AppState, 'settingsDocs' | 'editor'> {
  const settingsDocs = { ...state.settingsDocs, ...documents };
  const selected = state.editorDraft.serverId;
  const editor =
    selected !== null && documents[selected]
      ? projectEditor(state.editorDraft, settingsDocs[selected])
      : state.editor;
  return { settingsDocs, editor };
}

/** Creates the settings documents slice. */
export const createSettingsDocsSlice: SliceCreator<SettingsDocsSlice> = () => (set) => ({
  settingsDocs: {},
  receiveSettings(serverId, settings, canUpdate) {
    set((state) => withSettings(state, serverId, settings, canUpdate));
    return DONE;
  },
});
