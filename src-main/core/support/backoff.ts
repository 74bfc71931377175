/**
 * Capped exponential backoff with jitter, reset only by whoever can tell that the thing
 * retried has proved healthy (a reset on every success that is not yet a proof, such as a
 * stream that opens and closes at once, would retry at the base delay for ever).
 */

/** The delays of one retried operation. */
export class Backoff {
  private attempt = 0;

  constructor(
    private readonly baseMs: number,
    private readonly maxMs: number,
    private readonly random: () => number = Math.random,
  ) {}

  /** The wait before the next try (each call doubles the next one, up to the cap). */
  next(): number {
    const exponential = this.baseMs * 2 ** Math.min(this.attempt, 30);
    const capped = Math.min(exponential, this.maxMs);
    this.attempt += 1;
    // Jitter spreads the retries of many servers after a shared outage.
    return capped / 2 + this.random() * (capped / 2);
  }

  /** Starts again from the base delay. */
  reset(): void {
    this.attempt = 0;
  }
}
