// What a refused value's message says in the words that matter: the character of a cookie
// path that is refused (itself, its code point, or both), the kind of a value of the wrong
// type, and the keys a section must hold, listed one by one.
import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, validateSettings } from '../../src-shared/settings';
import { describeValue } from '../../src-shared/settings-leaf';
import { withField } from './settings-fixtures';

function messageOf(input: unknown, field: string): string {
  const error = validateSettings(input).errors.find((candidate) => candidate.field === field);
  if (!error) throw new Error(`no error on ${field}`);
  return error.message;
}

const pathMessage = (path: string) =>
  messageOf(withField('persistence.cookie.path', path), 'persistence.cookie.path');

describe('a refused cookie path character', () => {
  it('is quoted when it is ";" or ","', () => {
    expect(pathMessage('/a;b')).toContain('must not contain ";":');
    expect(pathMessage('/a,b')).toContain('must not contain ",":');
  });

  it('is quoted with its code point when it has a glyph', () => {
    expect(pathMessage('/\u2713')).toContain('must not contain "\u2713" (U+2713):');
    expect(pathMessage('/caf\u00e9')).toContain('must not contain "\u00e9" (U+00E9):');
    expect(pathMessage('/a\u0301')).toContain('must not contain "\u0301" (U+0301):');
    expect(pathMessage('/\u0663')).toContain('must not contain "\u0663" (U+0663):');
  });

  it('is only its code point when it has no glyph (a C1 control, a lone surrogate)', () => {
    expect(pathMessage('/a\u0085')).toContain('must not contain U+0085:');
    expect(pathMessage('/a\ud800')).toContain('must not contain U+D800:');
  });
});

describe('a value of the wrong kind', () => {
  it('is named by its kind, not-a-number apart', () => {
    expect(describeValue(Number.NaN)).toBe('not a number');
    expect(describeValue(3)).toBe('a number');
  });

  it('is refused with the range or the values the field takes', () => {
    expect(messageOf(withField('timeouts.idleMinutes', 2.5), 'timeouts.idleMinutes')).toBe(
      'Idle timeout must be a whole number of minutes from 1 to 1,440, not 2.5.',
    );
    const sameSite = 'persistence.cookie.sameSite';
    expect(messageOf(withField(sameSite, 3), sameSite)).toBe(
      'SameSite must be one of "strict", "lax", "none", not a number.',
    );
  });
});

describe('a section', () => {
  it('lists the keys it takes, separated by commas', () => {
    expect(messageOf({ ...DEFAULT_SETTINGS, extra: 1 }, 'extra')).toContain(
      'valid keys here: timeouts, persistence, concurrency',
    );
    const { timeouts: _missing, ...withoutTimeouts } = DEFAULT_SETTINGS;
    expect(messageOf(withoutTimeouts, 'timeouts')).toContain(
      'it must hold sessionMinutes, idleMinutes, absoluteMinutes.',
    );
    const cookie = { ...DEFAULT_SETTINGS.persistence, cookie: [] };
    expect(messageOf({ ...DEFAULT_SETTINGS, persistence: cookie }, 'persistence.cookie')).toContain(
      'holding secure, sameSite, path, not a list.',
    );
  });
});
