// The settings rules' finer points that the main settings tests leave open: which kind of
// value a type error names, that every finding names its field by the label the admin
// sees, and which conditions each relation and advice depends on. Behaviour, not wording:
// the assertions look for labels, values and codes, never for whole sentences.
import { describe, expect, it } from 'vitest';
import { formatMinutes } from '../../src-shared/duration';
import {
  DEFAULT_SETTINGS,
  FIELD_RULES,
  isValidSettings,
  setField,
  validateSettings,
  type SettingsIssue,
} from '../../src-shared/settings';
import { QUIET, withField } from './settings-fixtures';

/** The first error or advice about one field (the test fails when there is none). */
function findingOf(kind: 'errors' | 'advice', input: unknown, field: string): SettingsIssue {
  const issue = validateSettings(input)[kind].find((candidate) => candidate.field === field);
  if (!issue) throw new Error(`no ${kind} on ${field}`);
  return issue;
}

const errorOf = (input: unknown, field: string) => findingOf('errors', input, field);
const adviceOf = (input: unknown, field: string) => findingOf('advice', input, field);

describe('the contract defaults', () => {
  it('do not reset the expiry at logon, as the session API contract says', () => {
    // The other defaults are pinned by the range and advice tests; this one by nothing else.
    expect(DEFAULT_SETTINGS.persistence.resetExpiryAtLogon).toBe(false);
  });
});

describe('type errors name the kind of value given', () => {
  it.each([
    [null, 'null'],
    [[1], 'list'],
    ['30', 'text'],
    [Number.NaN, 'not a number'],
    [true, 'boolean'],
    [{ minutes: 30 }, 'object'],
  ])('%j is named as %s', (value, kind) => {
    const issue = errorOf(withField('timeouts.idleMinutes', value), 'timeouts.idleMinutes');
    expect(issue.code).toBe('type');
    expect(issue.message).toContain(kind);
  });

  it('names a number given where a boolean or text belongs', () => {
    const boolean = errorOf(withField('persistence.cookie.secure', 1), 'persistence.cookie.secure');
    expect(boolean.message).toContain('a number');
    const text = errorOf(withField('persistence.cookie.path', 7), 'persistence.cookie.path');
    expect(text.message).toContain('a number');
  });

  it('calls an infinite number a type error, not a fraction', () => {
    const field = 'concurrency.maxSessionsPerUser';
    expect(errorOf(withField(field, Number.POSITIVE_INFINITY), field).code).toBe('type');
  });
});

describe('every finding names its field by its label', () => {
  it.each([
    ['timeouts.sessionMinutes', 'long'],
    ['timeouts.idleMinutes', 20.5],
    ['timeouts.absoluteMinutes', 4],
    ['persistence.resetExpiryAtLogon', 'yes'],
    ['persistence.cookie.sameSite', 'Lax'],
    ['persistence.cookie.sameSite', 3],
    ['persistence.cookie.path', 42],
  ] as const)('%s = %j', (field, value) => {
    expect(errorOf(withField(field, value), field).message).toContain(FIELD_RULES[field].label);
  });

  it('a missing leaf', () => {
    const input = structuredClone(QUIET) as unknown as { concurrency: Record<string, unknown> };
    delete input.concurrency['maxSessionsPerUser'];
    const issue = errorOf(input, 'concurrency.maxSessionsPerUser');
    expect(issue.code).toBe('missing');
    expect(issue.message).toContain('Maximum sessions per user');
  });

  it('an enum error lists the values it takes', () => {
    const issue = errorOf(
      withField('persistence.cookie.sameSite', 'Lax'),
      'persistence.cookie.sameSite',
    );
    for (const value of ['"strict"', '"lax"', '"none"']) expect(issue.message).toContain(value);
  });
});

describe('structure', () => {
  it('a missing or malformed section names the keys it must hold', () => {
    const { timeouts: _dropped, ...rest } = QUIET;
    const missing = errorOf(rest, 'timeouts');
    expect(missing.code).toBe('missing');
    const malformed = errorOf({ ...QUIET, concurrency: 5 }, 'concurrency');
    expect(malformed.code).toBe('type');
    for (const key of ['sessionMinutes', 'idleMinutes', 'absoluteMinutes']) {
      expect(missing.message).toContain(key);
    }
    expect(malformed.message).toContain('maxSessionsPerUser');
  });

  it('ignores the read-only keys only at the top level', () => {
    const input = { ...QUIET, timeouts: { ...QUIET.timeouts, version: 2 } };
    expect(validateSettings(input).errors).toEqual([
      expect.objectContaining({ field: 'timeouts.version', code: 'unknown_field' }),
    ]);
  });

  it('isValidSettings is true exactly when there is no error (advice allowed)', () => {
    expect(isValidSettings(setField(QUIET, 'persistence.cookie.secure', false))).toBe(true);
    expect(isValidSettings(withField('timeouts.idleMinutes', 0))).toBe(false);
    expect(isValidSettings(null)).toBe(false);
  });
});

describe('relations and advice say what they compare', () => {
  it('idle above the session timeout gives both durations', () => {
    const input = setField(
      setField(QUIET, 'timeouts.sessionMinutes', 20),
      'timeouts.idleMinutes',
      25,
    );
    const issue = errorOf(input, 'timeouts.idleMinutes');
    expect(issue.message).toContain(formatMinutes(25));
    expect(issue.message).toContain(formatMinutes(20));
  });

  it('session above the absolute timeout gives both durations', () => {
    const issue = errorOf(
      setField(QUIET, 'timeouts.absoluteMinutes', 300),
      'timeouts.sessionMinutes',
    );
    expect(issue.code).toBe('relation');
    expect(issue.message).toContain(formatMinutes(480));
    expect(issue.message).toContain(formatMinutes(300));
  });

  it('SameSite none without Secure explains itself', () => {
    const input = setField(
      setField(QUIET, 'persistence.cookie.sameSite', 'none'),
      'persistence.cookie.secure',
      false,
    );
    expect(errorOf(input, 'persistence.cookie.sameSite').message).toContain('Secure');
  });

  it('each advice gives the value it is about', () => {
    expect(
      adviceOf(setField(QUIET, 'timeouts.idleMinutes', 45), 'timeouts.idleMinutes').message,
    ).toContain(formatMinutes(45));
    const short = setField(
      setField(QUIET, 'timeouts.idleMinutes', 10),
      'timeouts.sessionMinutes',
      12,
    );
    expect(adviceOf(short, 'timeouts.sessionMinutes').message).toContain(formatMinutes(12));
    const sharing = setField(QUIET, 'concurrency.maxSessionsPerUser', 42);
    expect(adviceOf(sharing, 'concurrency.maxSessionsPerUser').message).toContain('42');
    const capped = setField(QUIET, 'timeouts.absoluteMinutes', 1500);
    const remember = adviceOf(capped, 'persistence.rememberMeDays').message;
    expect(remember).toContain(formatMinutes(14 * 1440));
    expect(remember).toContain(formatMinutes(1500));
  });

  it('advice without a value still says something', () => {
    const single = setField(QUIET, 'concurrency.maxSessionsPerUser', 1);
    expect(adviceOf(single, 'concurrency.maxSessionsPerUser').message).toContain('1');
    const insecure = setField(QUIET, 'persistence.cookie.secure', false);
    expect(adviceOf(insecure, 'persistence.cookie.secure').message).toContain('Secure');
  });
});
