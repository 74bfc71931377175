import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_SETTINGS,
  FIELD_RULES,
  SETTINGS_FIELDS,
  changedFields,
  getField,
  setField,
  validateSettings,
  type SessionSettings,
  type SettingsField,
} from '../../src-shared/settings';
import { QUIET, withField } from './settings-fixtures';

function codesFor(input: unknown, field: string): string[] {
  return validateSettings(input)
    .errors.filter((issue) => issue.field === field)
    .map((issue) => issue.code);
}

describe('validateSettings: valid input', () => {
  it('accepts the defaults of the contract without errors or advice', () => {
    expect(validateSettings(DEFAULT_SETTINGS)).toEqual({ errors: [], advice: [] });
  });

  it('accepts a GET body as it is, ignoring version, updatedAt and updatedBy', () => {
    const body = { ...QUIET, version: 3, updatedAt: '2026-11-28T12:00:00Z', updatedBy: 'admin' };
    expect(validateSettings(body).errors).toEqual([]);
  });
});

describe('validateSettings: range boundaries', () => {
  const integerFields = SETTINGS_FIELDS.filter((field) => FIELD_RULES[field].kind === 'integer');

  // Each integer field, at and just past both ends of its range. Relations are kept out of
  // the way by moving the related fields to values that cannot conflict.
  const relaxed = (field: SettingsField, value: number): unknown => {
    let settings = setField(QUIET, field, value);
    if (field === 'timeouts.idleMinutes')
      settings = setField(settings, 'timeouts.sessionMinutes', 43200);
    if (field === 'timeouts.sessionMinutes') {
      settings = setField(settings, 'timeouts.idleMinutes', 1);
      settings = setField(settings, 'timeouts.absoluteMinutes', 525600);
    }
    if (field === 'timeouts.absoluteMinutes') {
      settings = setField(settings, 'timeouts.sessionMinutes', 5);
      settings = setField(settings, 'timeouts.idleMinutes', 1);
    }
    return settings;
  };

  const cases = integerFields.flatMap((field) => {
    const rule = FIELD_RULES[field];
    if (rule.kind !== 'integer') return [];
    return [
      { field, value: rule.min, ok: true },
      { field, value: rule.max, ok: true },
      { field, value: rule.min - 1, ok: false },
      { field, value: rule.max + 1, ok: false },
    ];
  });

  it.each(cases)('$field = $value is accepted: $ok', ({ field, value, ok }) => {
    const codes = codesFor(relaxed(field, value), field);
    expect(codes).toEqual(ok ? [] : ['range']);
  });

  it('names the exact ranges of docs/session-api.md', () => {
    const ranges = Object.fromEntries(
      integerFields.map((field) => {
        const rule = FIELD_RULES[field];
        return [field, rule.kind === 'integer' ? [rule.min, rule.max] : null];
      }),
    );
    expect(ranges).toEqual({
      'timeouts.sessionMinutes': [5, 43200],
      'timeouts.idleMinutes': [1, 1440],
      'timeouts.absoluteMinutes': [5, 525600],
      'persistence.rememberMeDays': [0, 365],
      'concurrency.maxSessionsPerUser': [1, 100],
    });
  });

  it('says what would be valid in a range error', () => {
    const [error] = validateSettings(withField('concurrency.maxSessionsPerUser', 0)).errors;
    expect(error?.message).toContain('from 1 to 100');
  });
});

describe('validateSettings: types, integers, enums, unknown and missing fields', () => {
  it.each([
    ['timeouts.idleMinutes', '30', 'type'],
    ['timeouts.idleMinutes', null, 'type'],
    ['timeouts.idleMinutes', Number.NaN, 'type'],
    ['timeouts.idleMinutes', 20.5, 'integer'],
    ['persistence.resetExpiryAtLogon', 'yes', 'type'],
    ['persistence.cookie.secure', 1, 'type'],
    ['persistence.cookie.sameSite', 'Lax', 'enum'],
    ['persistence.cookie.sameSite', 3, 'type'],
    ['persistence.cookie.path', 42, 'type'],
  ] as const)('%s = %j is a %s error', (field, value, code) => {
    expect(codesFor(withField(field, value), field)).toEqual([code]);
  });

  it('reports a missing leaf by its dotted path', () => {
    const input = structuredClone(QUIET) as unknown as { timeouts: Record<string, unknown> };
    delete input.timeouts['absoluteMinutes'];
    expect(codesFor(input, 'timeouts.absoluteMinutes')).toEqual(['missing']);
  });

  it('reports a missing or malformed section', () => {
    const { concurrency: _dropped, ...rest } = QUIET;
    expect(codesFor(rest, 'concurrency')).toEqual(['missing']);
    expect(codesFor({ ...QUIET, persistence: [] }, 'persistence')).toEqual(['type']);
  });

  it('reports unknown fields at every level, but not the read-only keys', () => {
    const input = {
      ...QUIET,
      version: 1,
      extra: true,
      timeouts: { ...QUIET.timeouts, graceMinutes: 5 },
      persistence: { ...QUIET.persistence, cookie: { ...QUIET.persistence.cookie, domain: 'x' } },
    };
    const unknown = validateSettings(input)
      .errors.filter((issue) => issue.code === 'unknown_field')
      .map((issue) => issue.field);
    expect(unknown.sort()).toEqual(['extra', 'persistence.cookie.domain', 'timeouts.graceMinutes']);
  });

  it.each([null, 42, 'settings', [], undefined])('rejects %j as a whole', (input) => {
    const { errors } = validateSettings(input);
    expect(errors).toEqual([expect.objectContaining({ field: '', code: 'type' })]);
  });
});

describe('validateSettings: cookie path', () => {
  it.each(['/', '/dashboard', '/a/b-c_d.e~f', `/${'a'.repeat(199)}`])('accepts %j', (path) => {
    expect(codesFor(withField('persistence.cookie.path', path), 'persistence.cookie.path')).toEqual(
      [],
    );
  });

  it.each([
    ['', 'start with'],
    ['dashboard', 'start with'],
    [`/${'a'.repeat(200)}`, 'at most 200'],
    ['/a b', 'whitespace'],
    ['/a\tb', 'whitespace'],
    ['/a\u0001b', 'control'],
    ['/a;b', '";"'],
    ['/a,b', '","'],
  ])('rejects %j (%s)', (path, words) => {
    const errors = validateSettings(withField('persistence.cookie.path', path)).errors;
    expect(errors.map((e) => [e.field, e.code])).toEqual([['persistence.cookie.path', 'path']]);
    expect(errors[0]?.message).toContain(words);
  });
});

describe('validateSettings: relations', () => {
  it('idle longer than the session timeout names the idle timeout', () => {
    const input = setField(
      setField(QUIET, 'timeouts.sessionMinutes', 20),
      'timeouts.idleMinutes',
      21,
    );
    expect(validateSettings(input).errors).toEqual([
      expect.objectContaining({ field: 'timeouts.idleMinutes', code: 'relation' }),
    ]);
  });

  it('idle equal to the session timeout is fine', () => {
    const input = setField(
      setField(QUIET, 'timeouts.sessionMinutes', 30),
      'timeouts.idleMinutes',
      30,
    );
    expect(validateSettings(input).errors).toEqual([]);
  });

  it('session longer than the absolute timeout names the session timeout', () => {
    const input = setField(QUIET, 'timeouts.absoluteMinutes', 479);
    expect(validateSettings(input).errors).toEqual([
      expect.objectContaining({ field: 'timeouts.sessionMinutes', code: 'relation' }),
    ]);
    expect(validateSettings(setField(QUIET, 'timeouts.absoluteMinutes', 480)).errors).toEqual([]);
  });

  it('SameSite none without Secure names SameSite; with Secure it is fine', () => {
    const none = setField(QUIET, 'persistence.cookie.sameSite', 'none');
    expect(validateSettings(none).errors).toEqual([]);
    const insecure = setField(none, 'persistence.cookie.secure', false);
    expect(validateSettings(insecure).errors).toEqual([
      expect.objectContaining({ field: 'persistence.cookie.sameSite', code: 'relation' }),
    ]);
  });

  it('does not report a relation when one side is already invalid', () => {
    const input = withField('timeouts.sessionMinutes', 'long');
    expect(validateSettings(input).errors.map((e) => e.code)).toEqual(['type']);
  });
});

describe('validateSettings: advice', () => {
  const adviceFor = (input: unknown): [string, string][] =>
    validateSettings(input).advice.map((issue) => [issue.field, issue.code]);

  it.each([
    [14, [['timeouts.idleMinutes', 'idle_outside_recommended']]],
    [15, []],
    [30, []],
    [31, [['timeouts.idleMinutes', 'idle_outside_recommended']]],
  ] as const)('idle timeout %i gives %j', (idle, expected) => {
    expect(adviceFor(setField(QUIET, 'timeouts.idleMinutes', idle))).toEqual(expected);
  });

  it('warns about a session timeout under 15 minutes, not at 15', () => {
    const base = setField(QUIET, 'timeouts.idleMinutes', 14);
    const at = (minutes: number) =>
      adviceFor(setField(base, 'timeouts.sessionMinutes', minutes)).filter(
        ([field]) => field === 'timeouts.sessionMinutes',
      );
    expect(at(14)).toEqual([['timeouts.sessionMinutes', 'session_very_short']]);
    expect(at(15)).toEqual([]);
  });

  it.each([
    [1, [['concurrency.maxSessionsPerUser', 'single_device']]],
    [2, []],
    [5, []],
    [6, [['concurrency.maxSessionsPerUser', 'allows_sharing']]],
  ] as const)('max sessions %i gives %j', (max, expected) => {
    expect(adviceFor(setField(QUIET, 'concurrency.maxSessionsPerUser', max))).toEqual(expected);
  });

  it('warns when remember-me outlasts the absolute timeout (it is capped)', () => {
    const short = setField(QUIET, 'timeouts.absoluteMinutes', 14 * 1440 - 1);
    expect(adviceFor(short)).toEqual([['persistence.rememberMeDays', 'remember_me_capped']]);
    expect(adviceFor(setField(QUIET, 'timeouts.absoluteMinutes', 14 * 1440))).toEqual([]);
    expect(adviceFor(setField(short, 'persistence.rememberMeDays', 0))).toEqual([]);
  });

  it('warns about cookies without Secure', () => {
    expect(adviceFor(setField(QUIET, 'persistence.cookie.secure', false))).toEqual([
      ['persistence.cookie.secure', 'cookie_not_secure'],
    ]);
  });

  it('never blocks: advice alone leaves errors empty', () => {
    const noisy = setField(
      setField(QUIET, 'timeouts.idleMinutes', 1),
      'concurrency.maxSessionsPerUser',
      100,
    );
    const result = validateSettings(noisy);
    expect(result.errors).toEqual([]);
    expect(result.advice.length).toBe(2);
  });
});

describe('validateSettings: properties', () => {
  /** Arbitrary settings that satisfy every rule, relations included. */
  const validSettings: fc.Arbitrary<SessionSettings> = fc
    .record({
      idle: fc.integer({ min: 1, max: 1440 }),
      sessionExtra: fc.integer({ min: 0, max: 43200 }),
      absoluteExtra: fc.integer({ min: 0, max: 525600 }),
      rememberMeDays: fc.integer({ min: 0, max: 365 }),
      resetExpiryAtLogon: fc.boolean(),
      secure: fc.boolean(),
      sameSite: fc.constantFrom('strict', 'lax', 'none'),
      path: fc.stringMatching(/^\/[A-Za-z0-9/_.~-]{0,50}$/),
      max: fc.integer({ min: 1, max: 100 }),
    })
    .map((v) => {
      const session = Math.min(Math.max(v.idle + v.sessionExtra, 5), 43200);
      const absolute = Math.min(session + v.absoluteExtra, 525600);
      return {
        timeouts: {
          idleMinutes: Math.min(v.idle, session),
          sessionMinutes: session,
          absoluteMinutes: absolute,
        },
        persistence: {
          rememberMeDays: v.rememberMeDays,
          resetExpiryAtLogon: v.resetExpiryAtLogon,
          cookie: {
            secure: v.sameSite === 'none' ? true : v.secure,
            sameSite: v.sameSite as SessionSettings['persistence']['cookie']['sameSite'],
            path: v.path,
          },
        },
        concurrency: { maxSessionsPerUser: v.max },
      };
    });

  it('never throws, whatever it is given', () => {
    fc.assert(
      fc.property(fc.anything({ withNullPrototype: true, withObjectString: true }), (input) => {
        const result = validateSettings(input);
        expect(Array.isArray(result.errors)).toBe(true);
        for (const issue of [...result.errors, ...result.advice]) {
          expect(typeof issue.field).toBe('string');
          expect(issue.message.length).toBeGreaterThan(10);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('never throws on settings-shaped input with arbitrary leaves', () => {
    fc.assert(
      fc.property(fc.constantFrom(...SETTINGS_FIELDS), fc.anything(), (field, value) => {
        expect(() => validateSettings(withField(field, value))).not.toThrow();
      }),
    );
  });

  it('accepts every generated valid input', () => {
    fc.assert(
      fc.property(validSettings, (settings) => {
        expect(validateSettings(settings).errors).toEqual([]);
      }),
      { numRuns: 500 },
    );
  });

  it('rejects a valid input perturbed out of range in one field, naming that field', () => {
    const integerFields = SETTINGS_FIELDS.filter((f) => FIELD_RULES[f].kind === 'integer');
    fc.assert(
      fc.property(
        validSettings,
        fc.constantFrom(...integerFields),
        fc.boolean(),
        fc.integer({ min: 1, max: 1_000_000 }),
        (settings, field, below, distance) => {
          const rule = FIELD_RULES[field];
          if (rule.kind !== 'integer') return;
          const value = below ? rule.min - distance : rule.max + distance;
          const { errors } = validateSettings(setField(settings, field, value));
          expect(errors.some((e) => e.field === field && e.code === 'range')).toBe(true);
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe('field helpers', () => {
  it('reads, replaces and diffs leaves by dotted path', () => {
    const changed = setField(QUIET, 'persistence.cookie.path', '/app');
    expect(getField(changed, 'persistence.cookie.path')).toBe('/app');
    expect(getField(QUIET, 'persistence.cookie.path')).toBe('/');
    expect(changedFields(QUIET, changed)).toEqual(['persistence.cookie.path']);
    expect(changedFields(QUIET, QUIET)).toEqual([]);
  });
});
