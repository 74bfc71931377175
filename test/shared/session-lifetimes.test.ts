import { describe, expect, it } from 'vitest';
import { rememberedLifetime, sessionLifetimes } from '../../src-shared/session-lifetimes';
import { DEFAULT_SETTINGS, setField, type SessionSettings } from '../../src-shared/settings';

/** idle 20 min, session 4 h, absolute 8 h, remember-me off. */
const BASE: SessionSettings = setField(
  setField(
    setField(
      setField(DEFAULT_SETTINGS, 'timeouts.idleMinutes', 20),
      'timeouts.sessionMinutes',
      240,
    ),
    'timeouts.absoluteMinutes',
    480,
  ),
  'persistence.rememberMeDays',
  0,
);

describe('sessionLifetimes: a normal session', () => {
  it('ends at its session timeout when the absolute timeout is later', () => {
    expect(sessionLifetimes(BASE)).toMatchObject({
      normalMinutes: 240,
      normalCapped: false,
      normalIdleMinutes: 20,
    });
  });

  it('ends at the absolute timeout when that comes first, and says it caps it', () => {
    const capped = setField(BASE, 'timeouts.absoluteMinutes', 239);
    expect(sessionLifetimes(capped)).toMatchObject({ normalMinutes: 239, normalCapped: true });
  });

  it('is not capped when the two timeouts are equal', () => {
    const equal = setField(BASE, 'timeouts.absoluteMinutes', 240);
    expect(sessionLifetimes(equal)).toMatchObject({ normalMinutes: 240, normalCapped: false });
  });

  it('without activity ends at the idle limit, or at its end if that is sooner', () => {
    const idleLong = setField(BASE, 'timeouts.idleMinutes', 300);
    expect(sessionLifetimes(idleLong).normalIdleMinutes).toBe(240);
  });
});

describe('sessionLifetimes: a remembered session', () => {
  it('does not exist when remember-me is off (0 days), so a long absolute timeout is no lifetime', () => {
    const longAbsolute = setField(BASE, 'timeouts.absoluteMinutes', 525600);
    expect(sessionLifetimes(longAbsolute).longestMinutes).toBe(240);
  });

  it('is null when remember-me is off', () => {
    const lifetimes = sessionLifetimes(BASE);
    expect(lifetimes.remembered).toBeNull();
    expect(lifetimes.longestMinutes).toBe(240);
  });

  it('lives its remember-me period when the absolute timeout is later', () => {
    const settings = setField(
      setField(BASE, 'persistence.rememberMeDays', 7),
      'timeouts.absoluteMinutes',
      525600,
    );
    expect(sessionLifetimes(settings).remembered).toEqual({
      minutes: 7 * 1440,
      periodMinutes: 7 * 1440,
      capped: false,
    });
    expect(sessionLifetimes(settings).longestMinutes).toBe(7 * 1440);
  });

  it('is capped by the absolute timeout, which is then the longest lifetime', () => {
    const settings = setField(BASE, 'persistence.rememberMeDays', 1);
    expect(sessionLifetimes(settings).remembered).toEqual({
      minutes: 480,
      periodMinutes: 1440,
      capped: true,
    });
    expect(sessionLifetimes(settings).longestMinutes).toBe(480);
  });
});

describe('rememberedLifetime', () => {
  it('is capped only when the absolute timeout is shorter than the period', () => {
    expect(rememberedLifetime(1, 1440)?.capped).toBe(false);
    expect(rememberedLifetime(1, 1439)?.capped).toBe(true);
  });

  it('is null for 0 days', () => {
    expect(rememberedLifetime(0, 43200)).toBeNull();
  });
});
