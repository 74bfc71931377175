/**
 * The settings editor of the selected server, as pure transitions: load, edit, validate,
 * diff, discard, save and resolve a version conflict. The store calls these; tests call
 * them directly.
 */

import { amountInMinutes, formatMinutes } from '../../src-shared/duration';
import type { AppError } from '../../src-shared/errors';
import type { PanelId } from '../../src-shared/domain';
import {
  FIELD_RULES,
  SETTINGS_FIELDS,
  getField,
  pickSettings,
  setField,
  validateSettings,
  type SessionSettings,
  type SessionSettingsDocument,
  type SettingsField,
  type SettingsIssue,
} from '../../src-shared/settings';
import { SECTION_FIELDS } from '../../src-shared/settings-sections';
import { plural } from '../../src-shared/plural';
import { diffSettings } from '../../src-shared/settings-diff';

/** What the last successful save changed, for the after-save note. */
export interface SaveOutcome {
  changed: SettingsField[];
  activeSessions: number;
  version: number;
  /** The save's answer was lost; the settings read back are the ones sent. */
  answerLost?: boolean;
}

/** The editor of one server's settings. */
export interface EditorState {
  serverId: string | null;
  status: 'idle' | 'loading' | 'ready' | 'error';
  loadError: AppError | null;
  /** The settings as the server last gave them (the base of the draft and its version). */
  base: SessionSettingsDocument | null;
  canUpdate: boolean;
  draft: SessionSettings | null;
  /**
   * The document the draft's changes were made on, when the base has moved since (a newer
   * document was pushed): the save's If-Match and the conflict's common original. Null: the
   * base itself.
   */
  editedOn: SessionSettingsDocument | null;
  /** Text the admin typed that is not a number yet (it blocks saving). */
  inputErrors: Partial<Record<SettingsField, string>>;
  saving: boolean;
  saveError: AppError | null;
  /** The other admin's settings after a 412, shown beside the draft. */
  conflict: SessionSettingsDocument | null;
  lastSave: SaveOutcome | null;
}

/** The editor before any server is chosen. */
export const EMPTY_EDITOR: EditorState = {
  serverId: null,
  status: 'idle',
  loadError: null,
  base: null,
  canUpdate: false,
  draft: null,
  editedOn: null,
  inputErrors: {},
  saving: false,
  saveError: null,
  conflict: null,
  lastSave: null,
};

/** The fields each panel edits: the section of its name (Operations and Activity edit none). */
export const PANEL_FIELDS: Record<PanelId, readonly SettingsField[]> = {
  ...SECTION_FIELDS,
  operations: [],
  activity: [],
};

/** The editor while a server's settings are being fetched. */
export function loadingEditor(serverId: string): EditorState {
  return { ...EMPTY_EDITOR, serverId, status: 'loading' };
}

/** The editor after the server's settings arrived; the draft starts equal to them. */
export function loadedEditor(
  serverId: string,
  settings: SessionSettingsDocument,
  canUpdate: boolean,
): EditorState {
  return {
    ...EMPTY_EDITOR,
    serverId,
    status: 'ready',
    base: settings,
    canUpdate,
    draft: pickSettings(settings),
  };
}

/** The editor after the settings could not be fetched. */
export function failedEditor(serverId: string, error: AppError): EditorState {
  return { ...EMPTY_EDITOR, serverId, status: 'error', loadError: error };
}

/** Sets one value of the draft (the text that produced it is valid, so its input error goes). */
export function editField(
  state: EditorState,
  field: SettingsField,
  value: number | boolean | string,
): EditorState {
  if (!state.draft) return state;
  const inputErrors = { ...state.inputErrors };
  delete inputErrors[field];
  return { ...state, draft: setField(state.draft, field, value), inputErrors, saveError: null };
}

/**
 * Reads a number the admin typed for a field, in a unit of `minutesPerUnit` (1 for plain
 * counts and days), and either sets the draft or records why the text is not usable yet.
 */
export function applyNumberInput(
  state: EditorState,
  field: SettingsField,
  text: string,
  minutesPerUnit: number,
): EditorState {
  const trimmed = text.trim();
  const rule = FIELD_RULES[field];
  const label = rule.label;
  let problem: string | null = null;
  let value = Number.NaN;
  const amount = amountInMinutes(trimmed, minutesPerUnit);
  if (trimmed === '') problem = `${label} is empty: enter a number.`;
  else if (amount === null) problem = `${label} must be a number (not "${trimmed}").`;
  else {
    value = amount.minutes;
    if (!amount.whole) {
      problem =
        rule.kind === 'integer' && rule.unit === 'minutes'
          ? `${label} must come to whole minutes (${trimmed} is ${value} minutes).`
          : `${label} must be a whole number.`;
    }
  }
  if (problem === null) return editField(state, field, value);
  return { ...state, inputErrors: { ...state.inputErrors, [field]: problem } };
}

/** A blocking finding about the draft: a rule's error, or text typed that is not a number. */
export type DraftIssue = SettingsIssue | { field: SettingsField; code: 'input'; message: string };

/** The errors (blocking) and advice (not) of the draft: the shared rules plus unusable text. */
export function draftValidation(state: EditorState): {
  errors: DraftIssue[];
  advice: SettingsIssue[];
} {
  if (!state.draft) return { errors: [], advice: [] };
  const result = validateSettings(state.draft);
  const typed = Object.keys(state.inputErrors) as SettingsField[];
  const inputIssues: DraftIssue[] = typed.map((field) => ({
    field,
    code: 'input',
    message: state.inputErrors[field] ?? '',
  }));
  return {
    errors: [
      ...inputIssues,
      ...result.errors.filter((issue) => !typed.includes(issue.field as SettingsField)),
    ],
    advice: result.advice.filter((issue) => !typed.includes(issue.field as SettingsField)),
  };
}

/** An error (blocking) or a piece of advice (not) about one field, as the field shows it. */
export interface FieldIssue {
  kind: 'error' | 'advice';
  message: string;
}

/** The errors, then the advice, of one field of the draft. */
export function fieldIssues(state: EditorState, field: SettingsField): FieldIssue[] {
  const { errors, advice } = draftValidation(state);
  const of = (issues: readonly DraftIssue[], kind: FieldIssue['kind']): FieldIssue[] =>
    issues
      .filter((issue) => issue.field === field)
      .map((issue) => ({ kind, message: issue.message }));
  return [...of(errors, 'error'), ...of(advice, 'advice')];
}

/** The fields whose draft value differs from the server's, or whose text is unusable. */
export function dirtyFields(state: EditorState): SettingsField[] {
  if (!state.base || !state.draft) return [];
  const changed = new Set<SettingsField>(
    diffSettings(pickSettings(state.base), state.draft).map((change) => change.field),
  );
  for (const field of Object.keys(state.inputErrors) as SettingsField[]) changed.add(field);
  return SETTINGS_FIELDS.filter((field) => changed.has(field));
}

/** Whether the draft differs from the server's settings. */
export function isDirty(state: EditorState): boolean {
  return dirtyFields(state).length > 0;
}

/** Whether Save can be pressed: something changed, nothing blocks, allowed, not busy. */
export function canSave(state: EditorState): boolean {
  return (
    state.canUpdate &&
    !state.saving &&
    state.conflict === null &&
    isDirty(state) &&
    draftValidation(state).errors.length === 0
  );
}

/** A value as a person reads it: "8 h", "14 days", "off", "on", "lax", "/". */
export function formatValue(field: SettingsField, value: number | boolean | string): string {
  const rule = FIELD_RULES[field];
  if (typeof value === 'boolean') return value ? 'on' : 'off';
  if (rule.kind === 'integer' && typeof value === 'number') {
    if (rule.unit === 'minutes') return formatMinutes(value);
    if (field === 'persistence.rememberMeDays') {
      return value === 0 ? 'off' : plural(value, 'day');
    }
    return String(value);
  }
  return String(value);
}

/** One line of the save bar's diff. */
export interface DiffEntry {
  field: SettingsField;
  label: string;
  before: string;
  after: string;
}

/** The changes the draft would make (old -> new), in model order. */
export function draftDiff(state: EditorState): DiffEntry[] {
  if (!state.base || !state.draft) return [];
  const base = pickSettings(state.base);
  const draft = state.draft;
  return diffSettings(base, draft)
    .map((change) => change.field)
    .map((field) => ({
      field,
      label: FIELD_RULES[field].label,
      before: formatValue(field, getField(base, field)),
      after: formatValue(field, getField(draft, field)),
    }));
}

/** Puts the draft back to the server's settings. */
export function discardDraft(state: EditorState): EditorState {
  if (!state.base) return state;
  return {
    ...state,
    draft: pickSettings(state.base),
    inputErrors: {},
    saveError: null,
  };
}

/** Puts some fields of the draft back to the server's values (leaving a panel). */
export function discardFields(state: EditorState, fields: readonly SettingsField[]): EditorState {
  if (!state.base || !state.draft) return state;
  const base = pickSettings(state.base);
  let draft = state.draft;
  const inputErrors = { ...state.inputErrors };
  for (const field of fields) {
    draft = setField(draft, field, getField(base, field));
    delete inputErrors[field];
  }
  return { ...state, draft, inputErrors };
}

/** The editor while a save is on its way. */
export function savingEditor(state: EditorState): EditorState {
  return { ...state, saving: true, saveError: null, lastSave: null };
}

/** The editor after the server accepted the draft: it becomes the new base. */
export function savedEditor(
  state: EditorState,
  response: {
    settings: SessionSettingsDocument;
    changed: SettingsField[];
    activeSessions: number;
    answerLost?: true;
  },
): EditorState {
  return {
    ...state,
    saving: false,
    base: response.settings,
    draft: pickSettings(response.settings),
    editedOn: null,
    inputErrors: {},
    conflict: null,
    saveError: null,
    lastSave: {
      changed: response.changed,
      activeSessions: response.activeSessions,
      version: response.settings.version,
      ...(response.answerLost ? { answerLost: true } : {}),
    },
  };
}

/** The editor after a save failed; a version conflict keeps the other admin's settings. */
export function saveFailedEditor(state: EditorState, error: AppError): EditorState {
  if (error.code === 'version_conflict') {
    return { ...state, saving: false, conflict: error.current, saveError: null };
  }
  return { ...state, saving: false, saveError: error };
}

/** One row of the conflict view: a field the other admin or this one changed. */
export interface ConflictRow {
  field: SettingsField;
  label: string;
  original: string;
  theirs: string;
  /** Null when this admin did not change it (keeping mine then keeps theirs). */
  mine: string | null;
  /** Both changed it, to different values. */
  clash: boolean;
}

/** The fields where the other admin's settings or the draft differ from the common base. */
export function conflictRows(state: EditorState): ConflictRow[] {
  if (!state.base || !state.draft || !state.conflict) return [];
  // The common original is the document the changes were made on; this admin's changes are
  // the draft's differences from the base (the same document unless a newer one was pushed).
  const original = pickSettings(state.editedOn ?? state.base);
  const theirs = pickSettings(state.conflict);
  const mine = state.draft;
  const changedHere = new Set(
    diffSettings(pickSettings(state.base), mine).map((change) => change.field),
  );
  const changedMine = (field: SettingsField): boolean =>
    changedHere.has(field) && getField(mine, field) !== getField(original, field);
  return SETTINGS_FIELDS.filter(
    (field) => getField(theirs, field) !== getField(original, field) || changedMine(field),
  ).map((field) => {
    const o = getField(original, field);
    const t = getField(theirs, field);
    const m = getField(mine, field);
    return {
      field,
      label: FIELD_RULES[field].label,
      original: formatValue(field, o),
      theirs: formatValue(field, t),
      mine: changedMine(field) ? formatValue(field, m) : null,
      clash: t !== o && changedMine(field) && t !== m,
    };
  });
}

/** Drops the draft for the other admin's settings, which become the base. */
export function takeTheirs(state: EditorState): EditorState {
  if (!state.conflict) return state;
  return {
    ...state,
    base: state.conflict,
    draft: pickSettings(state.conflict),
    editedOn: null,
    inputErrors: {},
    conflict: null,
  };
}

/**
 * Keeps the admin's own changes and rebases them on the other admin's version: the fields
 * this admin changed keep the draft's values, every other field takes theirs, and the next
 * save carries the If-Match of their version (so it overwrites knowingly, and only what
 * this admin meant to change).
 */
export function keepMine(state: EditorState): EditorState {
  if (!state.conflict || !state.base || !state.draft) return state;
  const mine = diffSettings(pickSettings(state.base), state.draft).map((change) => change.field);
  let draft = pickSettings(state.conflict);
  for (const field of mine) draft = setField(draft, field, getField(state.draft, field));
  return { ...state, base: state.conflict, draft, editedOn: null, conflict: null };
}

/** The settings panel fields of `panel` that have unsaved changes. */
export function dirtyFieldsOfPanel(state: EditorState, panel: PanelId): SettingsField[] {
  const dirty = dirtyFields(state);
  return PANEL_FIELDS[panel].filter((field) => dirty.includes(field));
}
