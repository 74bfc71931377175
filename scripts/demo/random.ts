/**
 * A small seeded random source (mulberry32), so that `npm run demo --seed <n>` builds the
 * same servers, sessions and activity every time: a demo that misbehaves can be replayed.
 * Not for secrets: passwords come from the system's random source.
 */

/** Seeded random numbers and the few helpers the demo needs. */
export interface Random {
  /** A number in [0, 1). */
  next(): number;
  /** A whole number from `min` to `max`, both included. */
  int(min: number, max: number): number;
  /** One item of a non-empty list. */
  pick<T>(items: readonly T[]): T;
  /** True with probability `p`. */
  chance(p: number): boolean;
  /** A new source derived from this one (so one part's draws do not shift another's). */
  fork(): Random;
}

/** A random source from a 32-bit seed. */
export function createRandom(seed: number): Random {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const random: Random = {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    pick: (items) => {
      const item = items[Math.floor(next() * items.length)];
      if (item === undefined) throw new Error('pick() needs a non-empty list');
      return item;
    },
    chance: (p) => next() < p,
    fork: () => createRandom(Math.floor(next() * 4294967296)),
  };
  return random;
}
