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

/** STRICT with a few timeouts replaced (remember-me stays off unless given). */
function strictWith(changes: {
  idle?: number;
  session?: number;
  absolute?: number;
  rememberDays?: number;
}): SessionSettings {
  return {
    ...STRICT,
    timeouts: {
      idleMinutes: changes.idle ?? STRICT.timeouts.idleMinutes,
      sessionMinutes: changes.session ?? STRICT.timeouts.sessionMinutes,
      absoluteMinutes: changes.absolute ?? STRICT.timeouts.absoluteMinutes,
    },
    persistence: { ...STRICT.persistence, rememberMeDays: changes.rememberDays ?? 0 },
  };
}

function result(settings: SessionSettings, id: string) {
  const found = evaluateBaselines(settings).find((candidate) => candidate.id === id);
  if (!found) throw new Error(`no baseline ${id}`);
  return found;
}

function missedFields(settings: SessionSettings, id: string): string[] {
  return result(settings, id).misses.map((miss) => miss.field);
}

describe('evaluateBaselines: the edges of each range', () => {
  // [baseline, idle min, idle max, lifetime min, lifetime max]; a minimum of 0 means none.
  const RANGES = [
    ['owasp-session', 15, 30, 240, 480],
    ['nist-800-63b-aal2', 0, 60, 0, 1440],
    ['asvs4-l2', 0, 30, 0, 720],
  ] as const;

  it.each(RANGES)('%s: idle at its edges is met, one minute beyond is missed', (id, min, max) => {
    // A session long enough for any idle value, inside every lifetime range.
    const at = (idle: number) => strictWith({ idle, session: 240, absolute: 240 });
    expect(missedFields(at(max), id)).toEqual([]);
    expect(missedFields(at(max + 1), id)).toEqual(['timeouts.idleMinutes']);
    if (min > 0) {
      expect(missedFields(at(min), id)).toEqual([]);
      expect(missedFields(at(min - 1), id)).toEqual(['timeouts.idleMinutes']);
    }
  });

  it.each(RANGES)(
    '%s: a lifetime at its edges is met, one minute beyond is missed',
    (id, _idleMin, _idleMax, min, max) => {
      const lasting = (minutes: number) =>
        strictWith({ idle: 20, session: minutes, absolute: minutes });
      expect(missedFields(lasting(max), id)).toEqual([]);
      expect(missedFields(lasting(max + 1), id)).toEqual(['timeouts.sessionMinutes']);
      if (min > 0) {
        expect(missedFields(lasting(min), id)).toEqual([]);
        expect(missedFields(lasting(min - 1), id)).toEqual(['timeouts.sessionMinutes']);
      }
    },
  );

  it('states both ends of a range with a minimum, and only the upper end of one without', () => {
    const idle = (id: string) => result(strictWith({ idle: 61, session: 240 }), id).misses[0];
    expect(idle('owasp-session')?.rule).toContain('15 min');
    expect(idle('owasp-session')?.rule).toContain('30 min');
    expect(idle('nist-800-63b-aal2')?.rule).toContain('1 h');
    expect(idle('nist-800-63b-aal2')?.rule).not.toContain('0 min');
  });

  it('says in each miss the value found and the baseline that asks for more', () => {
    const settings = strictWith({ idle: 61, session: 1441, absolute: 1441, rememberDays: 0 });
    for (const baseline of evaluateBaselines(settings)) {
      expect(baseline.misses.length).toBeGreaterThan(0);
      for (const miss of baseline.misses) expect(miss.message).toContain(baseline.name);
    }
    const nist = result(settings, 'nist-800-63b-aal2').misses;
    expect(nist.map((miss) => miss.field)).toEqual([
      'timeouts.idleMinutes',
      'timeouts.sessionMinutes',
    ]);
    expect(nist[0]?.message).toContain('1 h 1 min');
    expect(nist[1]?.message).toContain('1 d 1 min');
  });

  it('names the three baselines by their documents', () => {
    const names = evaluateBaselines(STRICT).map((baseline) => baseline.name);
    expect(names).toHaveLength(3);
    expect(names[0]).toContain('OWASP');
    expect(names[1]).toContain('NIST');
    expect(names[2]).toContain('ASVS');
  });
});

describe('evaluateBaselines: remember-me', () => {
  it('misses the idle rule of every baseline as soon as remember-me is on, naming it', () => {
    const oneDay = strictWith({ rememberDays: 1, absolute: 480 });
    for (const baseline of evaluateBaselines(oneDay)) {
      expect(baseline.misses.map((miss) => miss.field)).toContain('persistence.rememberMeDays');
      const remember = baseline.misses.find((miss) => miss.field === 'persistence.rememberMeDays');
      expect(remember?.rule).toBe(result(strictWith({ idle: 61 }), baseline.id).misses[0]?.rule);
      expect(remember?.message).toContain(baseline.name);
    }
    expect(missedFields(strictWith({ rememberDays: 0 }), 'owasp-session')).toEqual([]);
  });

  it('blames remember-me for the lifetime only when remembered sessions outlast normal ones', () => {
    // Remembered: min(2 d, 2000 min) = 2000 min > normal 240 min: remember-me is the cause.
    const longer = strictWith({ rememberDays: 2, session: 240, absolute: 2000 });
    expect(missedFields(longer, 'nist-800-63b-aal2')).toEqual([
      'persistence.rememberMeDays',
      'persistence.rememberMeDays',
    ]);
    // Remembered 1 d < normal 2000 min: the session timeout is the cause.
    const shorter = strictWith({ rememberDays: 1, session: 2000, absolute: 3000 });
    expect(missedFields(shorter, 'nist-800-63b-aal2')).toEqual([
      'persistence.rememberMeDays',
      'timeouts.sessionMinutes',
    ]);
    // Equal lifetimes: the session timeout is named, as without remember-me.
    const equal = strictWith({ rememberDays: 1, session: 1440, absolute: 1440 });
    expect(missedFields(equal, 'asvs4-l2')).toEqual([
      'persistence.rememberMeDays',
      'timeouts.sessionMinutes',
    ]);
  });

  it('names the absolute timeout when it is shorter than the session timeout', () => {
    const capped = strictWith({ idle: 20, session: 1000, absolute: 800 });
    expect(missedFields(capped, 'asvs4-l2')).toEqual(['timeouts.absoluteMinutes']);
  });
});
