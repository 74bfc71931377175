import { describe, expect, it } from 'vitest';
import { CliFailure } from '../../src-cli/failure';
import { parseAssignments, parseDuration, parseFieldValue } from '../../src-cli/settings-input';

function failureOf(action: () => unknown): CliFailure {
  try {
    action();
  } catch (error) {
    if (error instanceof CliFailure) return error;
    throw error;
  }
  throw new Error('expected a failure');
}

describe('qbsc settings set values', () => {
  it.each([
    ['30', 30],
    ['30m', 30],
    ['45 min', 45],
    ['1.5h', 90],
    ['0.1h', 6],
    ['2d', 2880],
    ['1 day', 1440],
  ])('reads the duration %s as %i minutes, as the unit pickers compute it', (text, minutes) => {
    expect(parseDuration('timeouts.idleMinutes', text)).toBe(minutes);
  });

  it.each(['', 'h', '-5', '1.5x', '0.01h', 'thirty'])(
    'refuses the duration "%s" as a malformed argument naming its field, once (64)',
    (text) => {
      const failure = failureOf(() => parseDuration('timeouts.idleMinutes', text));
      expect(failure.exitCode).toBe(64);
      expect(failure.error).toEqual({
        code: 'usage',
        message: expect.stringMatching(/^timeouts\.idleMinutes: Idle timeout must /) as string,
      });
    },
  );

  it('reads days, booleans, SameSite and the path by their field', () => {
    expect(parseFieldValue('persistence.rememberMeDays', '14d')).toBe(14);
    expect(parseFieldValue('concurrency.maxSessionsPerUser', '3')).toBe(3);
    expect(parseFieldValue('persistence.cookie.secure', 'off')).toBe(false);
    expect(parseFieldValue('persistence.resetExpiryAtLogon', 'TRUE')).toBe(true);
    expect(parseFieldValue('persistence.cookie.sameSite', 'Strict')).toBe('strict');
    expect(parseFieldValue('persistence.cookie.path', '/app')).toBe('/app');
    expect(failureOf(() => parseFieldValue('concurrency.maxSessionsPerUser', '3h')).exitCode).toBe(
      64,
    );
    expect(
      failureOf(() => parseFieldValue('persistence.cookie.secure', 'maybe')).message,
    ).toContain('must be true or false');
  });

  it('reads field=value pairs and names an unknown field or a pair without "="', () => {
    expect(parseAssignments(['timeouts.idleMinutes=20m', 'persistence.cookie.path=/a=b'])).toEqual([
      { field: 'timeouts.idleMinutes', value: 20 },
      { field: 'persistence.cookie.path', value: '/a=b' },
    ]);
    expect(failureOf(() => parseAssignments(['idle=5'])).message).toContain(
      '"idle" is not a session setting',
    );
    expect(failureOf(() => parseAssignments(['=5'])).message).toContain('is not field=value');
  });
});
