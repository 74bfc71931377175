import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DURATION_UNITS,
  MINUTES_PER_UNIT,
  amountInMinutes,
  formatMinutes,
  largestWholeUnit,
} from '../../src-shared/duration';

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

describe('formatMinutes, any whole minutes', () => {
  const SIZE: Record<string, number> = { d: 1440, h: 60, min: 1 };

  it('writes days, hours and minutes in that order, each below the next unit, adding up', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10_000_000 }), (minutes) => {
        const parts = formatMinutes(minutes).split(' ');
        const units = parts.filter((_, index) => index % 2 === 1);
        const counts = parts.filter((_, index) => index % 2 === 0).map(Number);
        expect(units).toEqual(['d', 'h', 'min'].filter((unit) => units.includes(unit)));
        counts.forEach((count, index) => {
          expect(count).toBeGreaterThan(0);
          if (units[index] === 'h') expect(count).toBeLessThan(24);
          if (units[index] === 'min') expect(count).toBeLessThan(60);
        });
        const total = counts.reduce(
          (sum, count, index) => sum + count * (SIZE[units[index] ?? ''] ?? 0),
          0,
        );
        expect(total).toBe(minutes);
      }),
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

describe('amountInMinutes', () => {
  it('reads a decimal amount of a unit in minutes, rounded to a millionth', () => {
    expect(amountInMinutes('90', 1)).toEqual({ minutes: 90, whole: true });
    expect(amountInMinutes('0.1', 60)).toEqual({ minutes: 6, whole: true });
    expect(amountInMinutes('1.5', 1440)).toEqual({ minutes: 2160, whole: true });
  });

  it('says when the amount does not come to whole minutes', () => {
    expect(amountInMinutes('1.5', 1)).toEqual({ minutes: 1.5, whole: false });
  });

  it('refuses what is not a plain decimal number', () => {
    for (const text of ['', '-1', '1e3', '1.', '.5', '1h', ' 1']) {
      expect(amountInMinutes(text, 1)).toBeNull();
    }
  });
});

describe('the units table', () => {
  it('has days, hours and minutes, largest first, in minutes', () => {
    expect(DURATION_UNITS).toEqual(['day', 'hour', 'minute']);
    expect(MINUTES_PER_UNIT).toEqual({ day: 1440, hour: 60, minute: 1 });
  });

  it.each([
    [0, 'minute'],
    [1, 'minute'],
    [90, 'minute'],
    [120, 'hour'],
    [1440, 'day'],
    [1500, 'hour'],
    [1470, 'minute'],
    [2880, 'day'],
    [4320 + 60, 'hour'],
  ] as const)('writes %i minutes in whole %ss', (minutes, unit) => {
    expect(largestWholeUnit(minutes)).toBe(unit);
  });
});
