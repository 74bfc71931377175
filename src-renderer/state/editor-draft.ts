/**
 * The settings editor as two parts, as pure functions: the server's settings document,
 * owned by the settings-documents slice (fed by main's pushes and by reads), and the
 * editor's own draft, which holds only what the admin did: the values changed, the document
 * those changes were made on (their If-Match), the text typed that is not a number yet, and
 * the save's progress. `projectEditor` puts them together into the `EditorState` that
 * editor.ts's transitions and the panels read; `draftOf` takes a transition's result apart
 * again. A new document pushed for the server moves the base and keeps the changes.
 */

import type { AppError } from '../../src-shared/errors';
import {
  SETTINGS_FIELDS,
  getField,
  pickSettings,
  setField,
  type SessionSettings,
  type SessionSettingsDocument,
  type SettingsField,
} from '../../src-shared/settings';
import type { SettingsValue } from '../../src-shared/settings-diff';
import type { EditorState, SaveOutcome } from './editor';

/** A server's settings document as the window knows it, and whether it may be changed. */
export interface ServerSettings {
  settings: SessionSettingsDocument;
  /** Null until a read said (a pushed document does not). */
  canUpdate: boolean | null;
}

/** The admin's changed values, by field. */
export type SettingsEdits = Partial<Record<SettingsField, SettingsValue>>;

/** What the editor keeps of its own: the admin's work, never the server's document. */
export interface EditorDraft {
  serverId: string | null;
  status: EditorState['status'];
  loadError: AppError | null;
  /** The values the admin changed (none: the draft is the server's settings). */
  edits: SettingsEdits;
  /** The document the changes were made on: the save's If-Match. Null without changes. */
  editedOn: SessionSettingsDocument | null;
  inputErrors: EditorState['inputErrors'];
  saving: boolean;
  saveError: AppError | null;
  conflict: SessionSettingsDocument | null;
  lastSave: SaveOutcome | null;
}

/** The draft before any server is chosen. */
export const EMPTY_DRAFT: EditorDraft = {
  serverId: null,
  status: 'idle',
  loadError: null,
  edits: {},
  editedOn: null,
  inputErrors: {},
  saving: false,
  saveError: null,
  conflict: null,
  lastSave: null,
};

/** The values of `draft` that differ from `base`. */
export function editsOf(base: SessionSettings, draft: SessionSettings): SettingsEdits {
  const edits: SettingsEdits = {};
  for (const field of SETTINGS_FIELDS) {
    const value = getField(draft, field);
    if (value !== getField(base, field)) edits[field] = value;
  }
  return edits;
}

/**
 * The editor as the panels see it: the owner's document as the base (once loaded), the
 * draft being that document with the admin's changes on top.
 */
export function projectEditor(
  draft: EditorDraft,
  document: ServerSettings | undefined,
): EditorState {
  const base = draft.status === 'ready' && document ? document.settings : null;
  let values = base ? pickSettings(base) : null;
  if (values) {
    for (const field of Object.keys(draft.edits) as SettingsField[]) {
      values = setField(values, field, draft.edits[field] as SettingsValue);
    }
  }
  return {
    serverId: draft.serverId,
    status: draft.status,
    loadError: draft.loadError,
    base,
    canUpdate: base ? (document?.canUpdate ?? false) : false,
    draft: values,
    editedOn: draft.editedOn,
    inputErrors: draft.inputErrors,
    saving: draft.saving,
    saveError: draft.saveError,
    conflict: draft.conflict,
    lastSave: draft.lastSave,
  };
}

/**
 * Takes a transition's result apart: the draft to keep, and the document it brought when
 * it moved the base (a save's read-back, the other admin's settings taken after a
 * conflict), which the owner of the documents takes in.
 */
export function draftOf(
  next: EditorState,
  before: EditorState,
  previous: EditorDraft,
): { draft: EditorDraft; document: SessionSettingsDocument | null } {
  const document = next.base !== before.base ? next.base : null;
  const edits = next.base && next.draft ? editsOf(pickSettings(next.base), next.draft) : {};
  const changed = Object.keys(edits).length > 0;
  return {
    draft: {
      serverId: next.serverId,
      status: next.status,
      loadError: next.loadError,
      edits,
      editedOn: changed ? (document ?? previous.editedOn ?? next.base) : null,
      inputErrors: next.inputErrors,
      saving: next.saving,
      saveError: next.saveError,
      conflict: next.conflict,
      lastSave: next.lastSave,
    },
    document,
  };
}

/** The version a save of the draft is based on: the document its changes were made on. */
export function draftBaseVersion(editor: EditorState): number | null {
  return (editor.editedOn ?? editor.base)?.version ?? null;
}
