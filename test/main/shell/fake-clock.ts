/**
 * A clock for the notification grouping that a test moves by hand: its timers fire when
 * their time is reached, so grouping is tested without waiting.
 */

import type { GroupingClock } from '../../../src-main/shell/notice-grouping';

/** A GroupingClock with `advance(ms)`. */
export function fakeClock(start = Date.parse('2026-12-03T10:00:00Z')): GroupingClock & {
  advance(ms: number): void;
} {
  let now = start;
  let timers: { at: number; callback: () => void }[] = [];
  return {
    now: () => now,
    setTimeout: (callback, ms) => {
      const timer = { at: now + ms, callback };
      timers.push(timer);
      return timer;
    },
    clearTimeout: (handle) => {
      timers = timers.filter((timer) => timer !== handle);
    },
    advance(ms) {
      now += ms;
      const due = timers.filter((timer) => timer.at <= now);
      timers = timers.filter((timer) => timer.at > now);
      for (const timer of due) timer.callback();
    },
  };
}
