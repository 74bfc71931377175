/**
 * Time as the reference server sees it. Everything that depends on the time (session expiry,
 * rate-limit windows, event and settings timestamps) reads an injected clock, so tests move
 * it forward instead of sleeping; the CLI uses the wall clock.
 */

/** Time as the reference server sees it: injected so that tests move it without sleeping. */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
}

/** The wall clock. */
export const systemClock: Clock = { now: () => Date.now() };

/** A clock for tests: it stands still until moved. */
export interface TestClock extends Clock {
  advance(ms: number): void;
  set(ms: number): void;
}

/** Creates a test clock starting at `startMs` (default 2026-11-28T12:00:00Z). */
export function createTestClock(startMs = Date.UTC(2026, 10, 28, 12, 0, 0)): TestClock {
  let current = startMs;
  return {
    now: () => current,
    advance: (ms: number) => {
      current += ms;
    },
    set: (ms: number) => {
      current = ms;
    },
  };
}
