import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatMinutes, parseDuration } from '../../src-shared/duration';

describe('formatMinutes', () => {
  it.each([
    [0, '0 min'],
    [1, '1 min'],
    [59, '59 min'],
    [60, '1 h'],
    [90, '1 h 30 min'],
    [1440, '1 d'],
    [1590, '1 d 2 h 30 min'],
    [43200, '30 d'],
    [525600, '365 d'],
  ])('%i -> %s', (minutes, text) => {
    expect(formatMinutes(minutes)).toBe(text);
  });
});

describe('parseDuration', () => {
  it.each([
    ['90', 90],
    [' 45 ', 45],
    ['45m', 45],
    ['45 min', 45],
    ['45 minutes', 45],
    ['1h30', 90],
    ['1h 30m', 90],
    ['1 h 30 min', 90],
    ['1.5h', 90],
    ['2 days', 2880],
    ['2d', 2880],
    ['1d12', 2160],
    ['1 d 2 h 30 min', 1590],
    ['1 week', 10080],
    ['2 Hours', 120],
    ['1 h, 15 min', 75],
    ['1w', 10080],
    ['1 wk', 10080],
    ['2 wks', 20160],
    ['2 weeks', 20160],
    ['3 hr', 180],
    ['1 hour', 60],
    ['5 mins', 5],
    ['1 minute', 1],
    ['1 day', 1440],
    ['2 hrs', 120],
    ['.5h', 30],
    ['.25 h', 15],
    ['1.25 h', 75],
  ])('%j -> %i minutes', (text, minutes) => {
    expect(parseDuration(text)).toEqual({ ok: true, minutes });
  });

  it('reads a bare number in the default unit', () => {
    expect(parseDuration('8', 'h')).toEqual({ ok: true, minutes: 480 });
    expect(parseDuration('2', 'd')).toEqual({ ok: true, minutes: 2880 });
  });

  it.each([
    ['', 'Enter a duration'],
    ['soon', 'Cannot read'],
    ['-5', 'Cannot read'],
    ['5 fortnights', 'Unknown unit "fortnights"'],
    ['1h 2h', 'same unit twice'],
    ['0.5 min', 'whole minutes'],
    ['30 min 5', 'Add a unit'],
  ])('%j is refused with a clear message', (text, words) => {
    const result = parseDuration(text);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toContain(words);
  });

  it('round-trips every formatted duration', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000_000 }), (minutes) => {
        expect(parseDuration(formatMinutes(minutes))).toEqual({ ok: true, minutes });
      }),
      { numRuns: 1000 },
    );
  });

  it('never throws on arbitrary text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), (text) => {
        const result = parseDuration(text);
        expect(typeof result.ok).toBe('boolean');
      }),
      { numRuns: 1000 },
    );
  });
});

describe('formatMinutes: edges', () => {
  it('keeps the sign of a negative duration', () => {
    expect(formatMinutes(-90)).toBe('-1 h 30 min');
    expect(formatMinutes(-1)).toBe('-1 min');
  });

  it('shows a value that is not a finite number as it is', () => {
    expect(formatMinutes(Number.POSITIVE_INFINITY)).toBe('Infinity');
    expect(formatMinutes(Number.NaN)).toBe('NaN');
  });
});

describe('parseDuration: edges', () => {
  it('refuses a duration too long to count in whole minutes exactly', () => {
    expect(parseDuration('9999999999999 w').ok).toBe(false);
    expect(parseDuration('999999999 w')).toEqual({ ok: true, minutes: 999999999 * 10080 });
  });

  it.each(['  soon  ', '  30 min 5 ', ' 1h 2h ', ' 0.5 min ', ' 9999999999999 w '])(
    'quotes %j in its refusal without the spaces around it',
    (text) => {
      const result = parseDuration(text);
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.message).toContain(`"${text.trim()}"`);
    },
  );
});
