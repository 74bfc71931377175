/**
 * The deadline of one fleet operation: every target's work races it, so a server that
 * trickles its answers (or a read-back behind it) cannot keep the operation going; a target
 * not done by then gets the outcome its caller gives for "no answer in time".
 */

import { secondsText } from '../client/client-errors';

/** A deadline started now, `ms` from now. */
export class Deadline {
  private passedFlag = false;
  private readonly timer: NodeJS.Timeout;
  private readonly reached: Promise<void>;

  constructor(readonly ms: number) {
    let resolve: () => void = () => undefined;
    this.reached = new Promise<void>((done) => (resolve = done));
    this.timer = setTimeout(() => {
      this.passedFlag = true;
      resolve();
    }, ms);
  }

  /** Whether the deadline has passed. */
  get passed(): boolean {
    return this.passedFlag;
  }

  /** The deadline as words ("5 min", "2 s"). */
  get text(): string {
    return this.ms >= 60_000 && this.ms % 60_000 === 0
      ? `${this.ms / 60_000} min`
      : secondsText(this.ms);
  }

  /**
   * The work's result, or `late()` once the deadline passes first (the work goes on, bounded
   * by its requests' own deadlines, and its result is dropped).
   */
  race<T>(work: Promise<T>, late: () => T): Promise<T> {
    if (this.passedFlag) {
      work.catch(() => undefined);
      return Promise.resolve(late());
    }
    return Promise.race([work, this.reached.then(late)]);
  }

  /** Stops the timer (the operation finished). */
  end(): void {
    clearTimeout(this.timer);
  }
}
