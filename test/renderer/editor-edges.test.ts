// The editor transitions at their edges: before anything is loaded, the exact shape of
// typed numbers, which panel owns which field, and the conflict view's row choice.
import { describe, expect, it } from 'vitest';
import {
  EMPTY_EDITOR,
  PANEL_FIELDS,
  applyNumberInput,
  conflictRows,
  dirtyFields,
  discardDraft,
  discardFields,
  draftDiff,
  draftValidation,
  editField,
  failedEditor,
  formatValue,
  loadedEditor,
  loadingEditor,
  saveFailedEditor,
  type EditorState,
} from '../../src-renderer/state/editor';
import { PANELS } from '../../src-shared/domain';
import {
  DEFAULT_SETTINGS,
  SETTINGS_FIELDS,
  type SessionSettingsDocument,
} from '../../src-shared/settings';

const DOCUMENT: SessionSettingsDocument = {
  ...DEFAULT_SETTINGS,
  version: 3,
  updatedAt: '2026-11-28T12:00:00Z',
  updatedBy: 'system',
};

function loaded(): EditorState {
  return loadedEditor('box-a', DOCUMENT, true);
}

describe('editor before a server is loaded', () => {
  it('starts idle, without the right to save', () => {
    expect(EMPTY_EDITOR.status).toBe('idle');
    expect(EMPTY_EDITOR.canUpdate).toBe(false);
    expect(loaded().status).toBe('ready');
  });

  it('is loading, then failed, for one server', () => {
    const error = { code: 'unreachable', message: 'down' } as const;
    expect(loadingEditor('box-a')).toEqual({
      ...EMPTY_EDITOR,
      serverId: 'box-a',
      status: 'loading',
    });
    expect(failedEditor('box-a', error)).toEqual({
      ...EMPTY_EDITOR,
      serverId: 'box-a',
      status: 'error',
      loadError: error,
    });
  });

  it('leaves every transition a no-op and every view empty without a draft', () => {
    const loading = loadingEditor('box-a');
    expect(editField(loading, 'timeouts.idleMinutes', 20)).toBe(loading);
    expect(discardDraft(loading)).toBe(loading);
    expect(discardFields(loading, ['timeouts.idleMinutes'])).toBe(loading);
    expect(draftValidation(loading)).toEqual({ errors: [], advice: [] });
    expect(dirtyFields(loading)).toEqual([]);
    expect(draftDiff(loading)).toEqual([]);
    expect(conflictRows(loading)).toEqual([]);
    expect(conflictRows(editField(loaded(), 'timeouts.idleMinutes', 20))).toEqual([]);
  });
});

describe('typed numbers', () => {
  const typed = (text: string, minutesPerUnit = 1, field = 'timeouts.idleMinutes' as const) =>
    applyNumberInput(loaded(), field, text, minutesPerUnit);

  it('reads a number with spaces around it and a decimal part', () => {
    expect(typed(' 20 ').draft?.timeouts.idleMinutes).toBe(20);
    expect(typed('1.25', 60).draft?.timeouts.idleMinutes).toBe(75);
  });

  it.each(['x20', '20x', '2e1', '-20', '1.', ''])('keeps %j as an input error', (text) => {
    const state = typed(text);
    expect(state.draft?.timeouts.idleMinutes).toBe(DEFAULT_SETTINGS.timeouts.idleMinutes);
    expect(state.inputErrors['timeouts.idleMinutes']).toContain('Idle timeout');
  });

  it('refuses a fraction of a count or of a day by the field label, keeping other errors', () => {
    const withError = typed('x');
    const state = applyNumberInput(withError, 'concurrency.maxSessionsPerUser', '2.5', 1);
    expect(state.inputErrors['concurrency.maxSessionsPerUser']).toContain(
      'Maximum sessions per user',
    );
    expect(state.inputErrors['concurrency.maxSessionsPerUser']).not.toContain('minutes');
    expect(state.inputErrors['timeouts.idleMinutes']).toBeDefined();
    const days = applyNumberInput(loaded(), 'persistence.rememberMeDays', '1.5', 1);
    expect(days.inputErrors['persistence.rememberMeDays']).not.toContain('minutes');
    const minutes = typed('0.5');
    expect(minutes.inputErrors['timeouts.idleMinutes']).toContain('minutes');
  });

  it('reports unusable text as an "input" error in place of the rules of that field', () => {
    const state = typed('x');
    const validation = draftValidation(state);
    const idle = validation.errors.filter((issue) => issue.field === 'timeouts.idleMinutes');
    expect(idle).toEqual([
      {
        field: 'timeouts.idleMinutes',
        code: 'input',
        message: state.inputErrors['timeouts.idleMinutes'],
      },
    ]);
    // The draft still holds 30 (advice-free); at 45 the advice would name the field.
    const advised = applyNumberInput(
      editField(loaded(), 'timeouts.idleMinutes', 45),
      'timeouts.idleMinutes',
      'x',
      1,
    );
    expect(draftValidation(advised).advice.map((issue) => issue.field)).not.toContain(
      'timeouts.idleMinutes',
    );
    const ranged = applyNumberInput(
      editField(loaded(), 'timeouts.idleMinutes', 0),
      'timeouts.idleMinutes',
      'x',
      1,
    );
    expect(draftValidation(ranged).errors.map((issue) => issue.code)).toEqual(['input']);
  });

  it('clears only the input error of the field that was fixed', () => {
    const both = applyNumberInput(typed('x'), 'timeouts.sessionMinutes', 'y', 1);
    const fixed = editField(both, 'timeouts.idleMinutes', 20);
    expect(Object.keys(fixed.inputErrors)).toEqual(['timeouts.sessionMinutes']);
    expect(Object.keys(both.inputErrors)).toEqual([
      'timeouts.idleMinutes',
      'timeouts.sessionMinutes',
    ]);
    const discarded = discardFields(both, ['timeouts.idleMinutes']);
    expect(Object.keys(discarded.inputErrors)).toEqual(['timeouts.sessionMinutes']);
    expect(Object.keys(both.inputErrors)).toHaveLength(2);
  });
});

describe('panels and values', () => {
  it('gives every settings field to exactly one panel, and none to Operations', () => {
    const owned = PANELS.flatMap((panel) => PANEL_FIELDS[panel]);
    expect([...owned].sort()).toEqual([...SETTINGS_FIELDS].sort());
    expect(PANEL_FIELDS.operations).toEqual([]);
    expect(PANEL_FIELDS.timeouts.every((field) => field.startsWith('timeouts.'))).toBe(true);
    expect(PANEL_FIELDS.persistence.every((field) => field.startsWith('persistence.'))).toBe(true);
  });

  it('formats text as it is, and a number given for a text field as the number', () => {
    expect(formatValue('persistence.cookie.path', '/app')).toBe('/app');
    expect(formatValue('persistence.cookie.secure', true)).toBe('on');
    expect(formatValue('persistence.cookie.secure', false)).toBe('off');
    expect(formatValue('persistence.cookie.sameSite', 5)).toBe('5');
  });

  it('puts the whole draft back, and clears a save error', () => {
    const failed = saveFailedEditor(editField(loaded(), 'timeouts.idleMinutes', 20), {
      code: 'unreachable',
      message: 'down',
    });
    expect(failed.saving).toBe(false);
    const back = discardDraft(failed);
    expect(back.draft?.timeouts.idleMinutes).toBe(30);
    expect(back.saveError).toBeNull();
    expect(back.serverId).toBe('box-a');
  });
});
