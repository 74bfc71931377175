/**
 * The editor slice: the selected server's settings and the admin's draft. The transitions
 * themselves are the pure functions of editor.ts; this slice fetches, saves and applies
 * them, and ignores answers for a server that is no longer selected.
 */

import type { Result, ResponseOf } from '../../src-shared/ipc-contract';
import type { SettingsField } from '../../src-shared/settings';
import { DONE, type SliceCreator } from './app-state';
import {
  EMPTY_EDITOR,
  applyNumberInput,
  canSave,
  discardDraft,
  editField,
  failedEditor,
  keepMine,
  loadedEditor,
  loadingEditor,
  saveFailedEditor,
  savedEditor,
  savingEditor,
  takeTheirs,
  type EditorState,
} from './editor';

/** The editor slice. */
export interface EditorSlice {
  editor: EditorState;
  loadSettings(serverId: string): Promise<Result<ResponseOf<'settings:get'>>>;
  editField(field: SettingsField, value: number | boolean | string): Result<void>;
  typeNumber(field: SettingsField, text: string, minutesPerUnit: number): Result<void>;
  discard(): Result<void>;
  /** Saves the draft; `null` when there was nothing saveable, so nothing was sent. */
  save(): Promise<Result<ResponseOf<'settings:save'> | null>>;
  takeTheirs(): Result<void>;
  keepMineAndSave(): Promise<Result<ResponseOf<'settings:save'> | null>>;
  /** Hides the after-save note (the admin moved on to another panel). */
  dismissSaveNote(): Result<void>;
}

/** Creates the editor slice. */
export const createEditorSlice: SliceCreator<EditorSlice> = (api) => (set, get) => {
  const update = (change: (state: EditorState) => EditorState): Result<void> => {
    set((state) => ({ editor: change(state.editor) }));
    return DONE;
  };
  const stillSelected = (serverId: string): boolean => get().selectedServerId === serverId;
  return {
    editor: EMPTY_EDITOR,
    async loadSettings(serverId) {
      set({ editor: loadingEditor(serverId) });
      const result = await api.settings.get({ serverId });
      if (!stillSelected(serverId)) return result;
      set({
        editor: result.ok
          ? loadedEditor(serverId, result.value.settings, result.value.canUpdate)
          : failedEditor(serverId, result.error),
      });
      return result;
    },
    editField(field, value) {
      return update((editor) => editField(editor, field, value));
    },
    typeNumber(field, text, minutesPerUnit) {
      return update((editor) => applyNumberInput(editor, field, text, minutesPerUnit));
    },
    discard() {
      return update(discardDraft);
    },
    async save() {
      const editor = get().editor;
      if (!canSave(editor) || !editor.serverId || !editor.base || !editor.draft) {
        return { ok: true, value: null };
      }
      const serverId = editor.serverId;
      update(savingEditor);
      const result = await api.settings.save({
        serverId,
        settings: editor.draft,
        baseVersion: editor.base.version,
      });
      if (stillSelected(serverId)) {
        update((state) =>
          result.ok ? savedEditor(state, result.value) : saveFailedEditor(state, result.error),
        );
      }
      return result;
    },
    takeTheirs() {
      return update(takeTheirs);
    },
    async keepMineAndSave() {
      update(keepMine);
      return get().save();
    },
    dismissSaveNote() {
      if (get().editor.lastSave) update((editor) => ({ ...editor, lastSave: null }));
      return DONE;
    },
  };
};
