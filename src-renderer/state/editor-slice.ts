/**
 * The editor slice: the admin's draft of the selected server's settings. The server's
 * document itself is the settings documents slice's (settings-docs-slice.ts); `editor` is
 * the two put together (editor-draft.ts), recomputed whenever either changes and written
 * by nothing else. The transitions are the pure functions of editor.ts; this slice loads,
 * saves and applies them, and ignores answers for a server that is no longer selected.
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
  loadingEditor,
  saveFailedEditor,
  savedEditor,
  savingEditor,
  takeTheirs,
  type EditorState,
} from './editor';
import {
  EMPTY_DRAFT,
  draftBaseVersion,
  draftOf,
  projectEditor,
  type EditorDraft,
} from './editor-draft';
import { withSettings } from './settings-docs-slice';

/** The editor slice. */
export interface EditorSlice {
  /** The selected server's editor as the panels see it: its document and the draft. */
  editor: EditorState;
  /** What the editor keeps of its own: the admin's changes and the save's progress. */
  editorDraft: EditorDraft;
  loadSettings(serverId: string): Promise<Result<ResponseOf<'settings:get'>>>;
  /** Applies an editor transition (editor.ts) to the draft. */
  changeEditor(change: (editor: EditorState) => EditorState): Result<void>;
  /** Starts over for another server (or none): no draft, nothing loaded. */
  resetEditor(serverId?: string): Result<void>;
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
    set((state) => {
      const { draft, document } = draftOf(change(state.editor), state.editor, state.editorDraft);
      const withDraft = { ...state, editorDraft: draft };
      if (document && draft.serverId)
        return { editorDraft: draft, ...withSettings(withDraft, draft.serverId, document) };
      return {
        editorDraft: draft,
        editor: projectEditor(
          draft,
          draft.serverId ? state.settingsDocs[draft.serverId] : undefined,
        ),
      };
    });
    return DONE;
  };
  const stillSelected = (serverId: string): boolean => get().selectedServerId === serverId;
  return {
    editor: EMPTY_EDITOR,
    editorDraft: EMPTY_DRAFT,
    async loadSettings(serverId) {
      get().resetEditor(serverId);
      update(() => loadingEditor(serverId));
      const result = await api.settings.get({ serverId });
      if (!stillSelected(serverId)) return result;
      if (!result.ok) {
        update(() => failedEditor(serverId, result.error));
        return result;
      }
      const ready: EditorDraft = { ...EMPTY_DRAFT, serverId, status: 'ready' };
      set((state) => ({
        editorDraft: ready,
        ...withSettings(
          { ...state, editorDraft: ready },
          serverId,
          result.value.settings,
          result.value.canUpdate,
        ),
      }));
      return result;
    },
    changeEditor(change) {
      return update(change);
    },
    resetEditor(serverId) {
      const draft: EditorDraft = serverId ? { ...EMPTY_DRAFT, serverId } : EMPTY_DRAFT;
      set({ editorDraft: draft, editor: serverId ? { ...EMPTY_EDITOR, serverId } : EMPTY_EDITOR });
      return DONE;
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
      const baseVersion = draftBaseVersion(editor);
      if (!canSave(editor) || !editor.serverId || !editor.draft || baseVersion === null) {
        return { ok: true, value: null };
      }
      const serverId = editor.serverId;
      update(savingEditor);
      const result = await api.settings.save({
        serverId,
        settings: editor.draft,
        baseVersion,
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
