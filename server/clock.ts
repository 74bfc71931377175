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
