// When a mute ends ("an hour", "until tomorrow" at 08:00 local time, never sooner than an
// hour), whether a stored end still mutes, and how the end reads in a menu.
import { describe, expect, it } from 'vitest';
import { MORNING_HOUR, activeMute, muteEnd, muteUntilText } from '../../src-shared/mute';

const HOUR = 60 * 60 * 1000;
/** Local time on a December day of 2026 (no daylight saving change near it). */
const at = (day: number, hour: number, minute = 0) =>
  new Date(2026, 11, day, hour, minute).getTime();

describe('muteEnd', () => {
  it('"hour" ends exactly an hour later', () => {
    expect(muteEnd('hour', at(3, 14, 20))).toBe(at(3, 15, 20));
    expect(muteEnd('hour', at(3, 14, 20)) - at(3, 14, 20)).toBe(HOUR);
  });

  it('"tomorrow" ends at the next 08:00 that is more than an hour away', () => {
    expect(MORNING_HOUR).toBe(8);
    expect(muteEnd('tomorrow', at(3, 2))).toBe(at(3, 8));
    expect(muteEnd('tomorrow', at(3, 6, 59))).toBe(at(3, 8));
    expect(muteEnd('tomorrow', at(3, 7))).toBe(at(4, 8));
    expect(muteEnd('tomorrow', at(3, 7, 30))).toBe(at(4, 8));
    expect(muteEnd('tomorrow', at(3, 8))).toBe(at(4, 8));
    expect(muteEnd('tomorrow', at(3, 14))).toBe(at(4, 8));
    expect(muteEnd('tomorrow', at(31, 23, 59))).toBe(new Date(2027, 0, 1, 8).getTime());
  });
});

describe('activeMute', () => {
  const now = Date.parse('2026-12-03T10:00:00Z');

  it('keeps an end still ahead, and drops one at or before now', () => {
    expect(activeMute('2026-12-03T10:00:00.001Z', now)).toBe('2026-12-03T10:00:00.001Z');
    expect(activeMute('2026-12-03T10:00:00Z', now)).toBeNull();
    expect(activeMute('2026-12-03T09:00:00Z', now)).toBeNull();
  });

  it('is no mute without an end that can be read', () => {
    expect(activeMute(null, now)).toBeNull();
    expect(activeMute(undefined, now)).toBeNull();
    expect(activeMute('', now)).toBeNull();
    expect(activeMute('next week', now)).toBeNull();
  });
});

describe('muteUntilText', () => {
  it('names the short weekday and the hour and minute of the end, in local time', () => {
    const end = new Date(2026, 11, 3, 8, 5);
    const weekday = new Intl.DateTimeFormat([], { weekday: 'short' }).format(end);
    const time = new Intl.DateTimeFormat([], { hour: '2-digit', minute: '2-digit' }).format(end);
    expect(muteUntilText(end.toISOString())).toBe(`until ${weekday} ${time}`);
    expect(time).toContain('08');
    expect(time).toContain('05');
  });
});
