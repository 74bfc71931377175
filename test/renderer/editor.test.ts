import { describe, expect, it } from 'vitest';
import {
  EMPTY_EDITOR,
  applyNumberInput,
  canSave,
  conflictRows,
  dirtyFields,
  dirtyFieldsOfPanel,
  discardDraft,
  discardFields,
  draftDiff,
  draftValidation,
  editField,
  fieldIssues,
  formatValue,
  isDirty,
  keepMine,
  loadedEditor,
  saveFailedEditor,
  savedEditor,
  savingEditor,
  takeTheirs,
  type EditorState,
} from '../../src-renderer/state/editor';
import {
  DEFAULT_SETTINGS,
  setField,
  type SessionSettingsDocument,
} from '../../src-shared/settings';

function document(
  version: number,
  change?: Partial<SessionSettingsDocument['timeouts']>,
): SessionSettingsDocument {
  return {
    ...DEFAULT_SETTINGS,
    timeouts: { ...DEFAULT_SETTINGS.timeouts, ...change },
    version,
    updatedAt: '2026-11-28T12:00:00Z',
    updatedBy: 'system',
  };
}

function loaded(canUpdate = true): EditorState {
  return loadedEditor('box-a', document(3), canUpdate);
}

describe('draft', () => {
  it('starts equal to the server settings and clean', () => {
    const state = loaded();

    expect(state.draft).toEqual({
      timeouts: DEFAULT_SETTINGS.timeouts,
      persistence: DEFAULT_SETTINGS.persistence,
      concurrency: DEFAULT_SETTINGS.concurrency,
    });
    expect(isDirty(state)).toBe(false);
    expect(canSave(state)).toBe(false);
  });

  it('becomes dirty when a field changes and clean again when it is changed back', () => {
    const edited = editField(loaded(), 'timeouts.idleMinutes', 20);
    const back = editField(edited, 'timeouts.idleMinutes', 30);

    expect(dirtyFields(edited)).toEqual(['timeouts.idleMinutes']);
    expect(canSave(edited)).toBe(true);
    expect(isDirty(back)).toBe(false);
  });

  it('reads typed hours as minutes', () => {
    const state = applyNumberInput(loaded(), 'timeouts.sessionMinutes', '2', 60);

    expect(state.draft?.timeouts.sessionMinutes).toBe(120);
    expect(state.inputErrors).toEqual({});
  });

  it('keeps unusable text as an input error that blocks saving, and clears it on a number', () => {
    const empty = applyNumberInput(loaded(), 'timeouts.idleMinutes', '', 1);
    const fraction = applyNumberInput(loaded(), 'timeouts.idleMinutes', '0.5', 1);
    const fixed = applyNumberInput(empty, 'timeouts.idleMinutes', '25', 1);

    expect(empty.inputErrors['timeouts.idleMinutes']).toMatch(/empty/);
    expect(fraction.inputErrors['timeouts.idleMinutes']).toMatch(/whole minutes/);
    expect(isDirty(empty)).toBe(true);
    expect(canSave(empty)).toBe(false);
    expect(draftValidation(empty).errors.map((issue) => issue.field)).toEqual([
      'timeouts.idleMinutes',
    ]);
    expect(fixed.inputErrors).toEqual({});
    expect(canSave(fixed)).toBe(true);
  });

  it('reports the shared rules: an idle timeout out of range or above the session timeout', () => {
    const tooLong = applyNumberInput(loaded(), 'timeouts.idleMinutes', '2000', 1);
    const aboveSession = applyNumberInput(loaded(), 'timeouts.idleMinutes', '10', 60);

    expect(draftValidation(tooLong).errors).toMatchObject([
      { field: 'timeouts.idleMinutes', code: 'range' },
    ]);
    expect(draftValidation(aboveSession).errors).toMatchObject([
      { field: 'timeouts.idleMinutes', code: 'relation' },
    ]);
    expect(canSave(tooLong)).toBe(false);
    expect(canSave(aboveSession)).toBe(false);
  });

  it('shows advice without blocking', () => {
    const state = editField(loaded(), 'concurrency.maxSessionsPerUser', 1);

    expect(draftValidation(state).advice.map((issue) => issue.code)).toContain('single_device');
    expect(canSave(state)).toBe(true);
  });

  it('cannot save without the update permission', () => {
    expect(canSave(editField(loaded(false), 'timeouts.idleMinutes', 20))).toBe(false);
  });

  it('discards the whole draft, or only the fields of one panel', () => {
    let state = editField(loaded(), 'timeouts.idleMinutes', 20);
    state = editField(state, 'persistence.cookie.path', '/app');

    const partly = discardFields(state, ['timeouts.idleMinutes']);
    const wholly = discardDraft(state);

    expect(dirtyFields(partly)).toEqual(['persistence.cookie.path']);
    expect(dirtyFieldsOfPanel(state, 'timeouts')).toEqual(['timeouts.idleMinutes']);
    expect(dirtyFieldsOfPanel(state, 'operations')).toEqual([]);
    expect(isDirty(wholly)).toBe(false);
  });
});

describe('diff', () => {
  it('lists each change as old -> new in words, in model order', () => {
    let state = editField(loaded(), 'persistence.rememberMeDays', 0);
    state = editField(state, 'timeouts.sessionMinutes', 90);

    expect(draftDiff(state)).toEqual([
      {
        field: 'timeouts.sessionMinutes',
        label: 'Session timeout',
        before: '8 h',
        after: '1 h 30 min',
      },
      {
        field: 'persistence.rememberMeDays',
        label: 'Remember-me duration',
        before: '14 days',
        after: 'off',
      },
    ]);
  });

  it('formats booleans and plain counts', () => {
    expect(formatValue('persistence.cookie.secure', false)).toBe('off');
    expect(formatValue('concurrency.maxSessionsPerUser', 3)).toBe('3');
    expect(formatValue('persistence.rememberMeDays', 1)).toBe('1 day');
  });

  it('is empty without a loaded server', () => {
    expect(draftDiff(EMPTY_EDITOR)).toEqual([]);
  });
});

describe('save', () => {
  it('makes the saved settings the new base and remembers what changed', () => {
    const edited = savingEditor(editField(loaded(), 'timeouts.idleMinutes', 20));
    const saved = savedEditor(edited, {
      settings: document(4, { idleMinutes: 20 }),
      changed: ['timeouts.idleMinutes'],
      activeSessions: 7,
    });

    expect(edited.saving).toBe(true);
    expect(saved.saving).toBe(false);
    expect(saved.base?.version).toBe(4);
    expect(isDirty(saved)).toBe(false);
    expect(saved.lastSave).toEqual({
      changed: ['timeouts.idleMinutes'],
      activeSessions: 7,
      version: 4,
    });
  });

  it('keeps the draft and the error when a save fails', () => {
    const edited = editField(loaded(), 'timeouts.idleMinutes', 20);
    const failed = saveFailedEditor(savingEditor(edited), { code: 'unreachable', message: 'down' });

    expect(failed.saveError?.code).toBe('unreachable');
    expect(failed.draft?.timeouts.idleMinutes).toBe(20);
  });
});

describe('conflict merge', () => {
  function conflicted(): EditorState {
    let state = editField(loaded(), 'timeouts.idleMinutes', 20);
    state = editField(state, 'timeouts.sessionMinutes', 240);
    const theirs = { ...document(5, { idleMinutes: 25 }), updatedBy: 'other-admin' };
    return saveFailedEditor(savingEditor(state), {
      code: 'version_conflict',
      message: 'changed',
      current: {
        ...theirs,
        timeouts: { ...theirs.timeouts, sessionMinutes: 240 },
        concurrency: { maxSessionsPerUser: 3 },
      },
    });
  }

  it('holds the other admin settings and blocks saving until resolved', () => {
    const state = conflicted();

    expect(state.conflict?.updatedBy).toBe('other-admin');
    expect(state.saveError).toBeNull();
    expect(canSave(state)).toBe(false);
  });

  it('shows each field either side changed, marking real clashes', () => {
    expect(conflictRows(conflicted())).toEqual([
      {
        field: 'timeouts.sessionMinutes',
        label: 'Session timeout',
        original: '8 h',
        theirs: '4 h',
        mine: '4 h',
        clash: false,
      },
      {
        field: 'timeouts.idleMinutes',
        label: 'Idle timeout',
        original: '30 min',
        theirs: '25 min',
        mine: '20 min',
        clash: true,
      },
      {
        field: 'concurrency.maxSessionsPerUser',
        label: 'Maximum sessions per user',
        original: '5',
        theirs: '3',
        mine: null,
        clash: false,
      },
    ]);
  });

  it('take theirs: the draft becomes their settings and nothing is left to save', () => {
    const state = takeTheirs(conflicted());

    expect(state.conflict).toBeNull();
    expect(state.base?.version).toBe(5);
    expect(state.draft?.timeouts.idleMinutes).toBe(25);
    expect(isDirty(state)).toBe(false);
  });

  it('keep mine: my changes rebased on their version, their other changes kept', () => {
    const state = keepMine(conflicted());

    expect(state.conflict).toBeNull();
    expect(state.base?.version).toBe(5);
    expect(state.draft?.timeouts.idleMinutes).toBe(20);
    expect(state.draft?.timeouts.sessionMinutes).toBe(240);
    expect(state.draft?.concurrency.maxSessionsPerUser).toBe(3);
    expect(dirtyFields(state)).toEqual(['timeouts.idleMinutes']);
    expect(canSave(state)).toBe(true);
  });

  it('does nothing without a conflict', () => {
    const state = loaded();
    expect(takeTheirs(state)).toBe(state);
    expect(keepMine(state)).toBe(state);
    expect(setField(DEFAULT_SETTINGS, 'timeouts.idleMinutes', 30)).toEqual(DEFAULT_SETTINGS);
  });
});

describe('field issues', () => {
  it('gives one field its errors, then its advice, as typed objects', () => {
    const state = applyNumberInput(loaded(), 'timeouts.idleMinutes', '45', 1);
    const typed = applyNumberInput(state, 'timeouts.sessionMinutes', 'soon', 1);

    expect(fieldIssues(state, 'timeouts.idleMinutes').map((issue) => issue.kind)).toEqual([
      'advice',
    ]);
    expect(fieldIssues(typed, 'timeouts.sessionMinutes')).toEqual([
      { kind: 'error', message: expect.stringContaining('must be a number') },
    ]);
    expect(fieldIssues(typed, 'persistence.cookie.path')).toEqual([]);
  });
});
