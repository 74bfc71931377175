import { describe, expect, it } from 'vitest';
import { evaluateBaselines } from '../../src-shared/baselines';
import { DEFAULT_SETTINGS, setField, type SessionSettings } from '../../src-shared/settings';

/** Settings that meet all three baselines: idle 20 min, 4 h sessions, no remember-me. */
const STRICT: SessionSettings = {
  timeouts: { sessionMinutes: 240, idleMinutes: 20, absoluteMinutes: 480 },
  persistence: {
    rememberMeDays: 0,
    resetExpiryAtLogon: false,
    cookie: { secure: true, sameSite: 'strict', path: '/' },
  },
  concurrency: { maxSessionsPerUser: 3 },
};

function met(settings: SessionSettings): Record<string, boolean> {
  return Object.fromEntries(evaluateBaselines(settings).map((result) => [result.id, result.met]));
}

describe('evaluateBaselines', () => {
  it('reports all three baselines met for strict settings', () => {
    expect(met(STRICT)).toEqual({
      'owasp-session': true,
      'nist-800-63b-aal2': true,
      'asvs4-l2': true,
    });
  });

  it('misses every baseline with the defaults (14-day remember-me), saying which rule', () => {
    const results = evaluateBaselines(DEFAULT_SETTINGS);
    expect(results.every((result) => !result.met)).toBe(true);
    const nist = results.find((result) => result.id === 'nist-800-63b-aal2');
    expect(nist?.misses.map((miss) => miss.field)).toEqual([
      'persistence.rememberMeDays',
      'persistence.rememberMeDays',
    ]);
  });

  it('applies each baseline its own idle limit', () => {
    const idle45 = setField(
      setField(STRICT, 'timeouts.idleMinutes', 45),
      'timeouts.sessionMinutes',
      240,
    );
    expect(met(idle45)).toEqual({
      'owasp-session': false,
      'nist-800-63b-aal2': true,
      'asvs4-l2': false,
    });
    const idle61 = setField(idle45, 'timeouts.idleMinutes', 61);
    expect(met(idle61)['nist-800-63b-aal2']).toBe(false);
  });

  it('applies each baseline its own overall lifetime', () => {
    const tenHours = setField(
      setField(STRICT, 'timeouts.sessionMinutes', 600),
      'timeouts.absoluteMinutes',
      600,
    );
    expect(met(tenHours)).toEqual({
      'owasp-session': false,
      'nist-800-63b-aal2': true,
      'asvs4-l2': true,
    });
    const thirteen = setField(
      setField(tenHours, 'timeouts.sessionMinutes', 780),
      'timeouts.absoluteMinutes',
      780,
    );
    expect(met(thirteen)).toEqual({
      'owasp-session': false,
      'nist-800-63b-aal2': true,
      'asvs4-l2': false,
    });
    const day = setField(
      setField(thirteen, 'timeouts.sessionMinutes', 1441),
      'timeouts.absoluteMinutes',
      1441,
    );
    expect(met(day)['nist-800-63b-aal2']).toBe(false);
  });

  it('OWASP also misses an overall lifetime under 4 hours', () => {
    const short = setField(STRICT, 'timeouts.sessionMinutes', 120);
    const owasp = evaluateBaselines(short).find((result) => result.id === 'owasp-session');
    expect(owasp?.misses).toEqual([
      expect.objectContaining({
        field: 'timeouts.sessionMinutes',
        rule: expect.stringContaining('4 h to 8 h'),
      }),
    ]);
  });
});
