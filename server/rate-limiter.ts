/**
 * The contract's login rate limits: failed attempts counted per username and per client
 * address in a sliding window by the injected clock. An attempt is counted before its
 * password check and forgiven if it succeeds, so parallel attempts cannot slip past the limit.
 */

import type { Clock } from './clock';

/** The contract's login limits: 5 failures per username, 20 per client address, in 15 minutes. */
export const LOGIN_LIMITS = { perUsername: 5, perAddress: 20, windowMs: 15 * 60_000 } as const;

/**
 * Counts failed logins in a sliding window per key: a failure counts for exactly
 * `windowMs` after it happened, by the injected clock. Kept in memory (a restart forgets).
 */
class SlidingWindow {
  private readonly failures = new Map<string, number[]>();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
  ) {}

  private recent(key: string, now: number): number[] {
    const list = (this.failures.get(key) ?? []).filter((at) => at > now - this.windowMs);
    if (list.length === 0) this.failures.delete(key);
    else this.failures.set(key, list);
    return list;
  }

  /** Milliseconds until `key` may try again, or 0 when it is not limited. */
  blockedFor(key: string, now: number): number {
    const list = this.recent(key, now);
    if (list.length < this.limit) return 0;
    // The attempt is allowed again once enough failures have left the window to bring the
    // count under the limit: when the (n - limit)th oldest failure ages out.
    const release = (list[list.length - this.limit] ?? now) + this.windowMs;
    return Math.max(0, release - now);
  }

  record(key: string, now: number): void {
    const list = this.recent(key, now);
    list.push(now);
    this.failures.set(key, list);
  }

  /** Takes back one failure recorded at `at` (an attempt that turned out not to fail). */
  forget(key: string, at: number): void {
    const list = this.failures.get(key);
    const index = list?.lastIndexOf(at) ?? -1;
    if (list && index >= 0) list.splice(index, 1);
  }
}

/** An attempt counted in advance, to be taken back if it does not fail. */
export interface PendingAttempt {
  forgive(): void;
}

/** Login rate limiting per username and per client address. */
export class LoginRateLimiter {
  private readonly byUsername = new SlidingWindow(LOGIN_LIMITS.perUsername, LOGIN_LIMITS.windowMs);
  private readonly byAddress = new SlidingWindow(LOGIN_LIMITS.perAddress, LOGIN_LIMITS.windowMs);

  constructor(private readonly clock: Clock) {}

  /** Whole seconds the caller must wait (at least 1), or 0 when the attempt may go ahead. */
  retryAfterSeconds(username: string | null, address: string): number {
    const now = this.clock.now();
    const wait = Math.max(
      username === null ? 0 : this.byUsername.blockedFor(username, now),
      this.byAddress.blockedFor(address, now),
    );
    return wait === 0 ? 0 : Math.max(1, Math.ceil(wait / 1000));
  }

  /**
   * Counts an attempt as failed before its password is checked, so that attempts running in
   * parallel (the hash check is asynchronous) cannot slip past the limit together; the
   * caller forgives it when the attempt succeeds or must not count.
   */
  begin(username: string | null, address: string): PendingAttempt {
    const at = this.clock.now();
    if (username !== null) this.byUsername.record(username, at);
    this.byAddress.record(address, at);
    let forgiven = false;
    return {
      forgive: () => {
        if (forgiven) return;
        forgiven = true;
        if (username !== null) this.byUsername.forget(username, at);
        this.byAddress.forget(address, at);
      },
    };
  }
}
