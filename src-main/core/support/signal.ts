/**
 * A change signal inside core: listeners are told that something changed, not what (they
 * read it again themselves). A throwing listener is logged and skipped, as on the event bus,
 * so one broken listener cannot stop the others or the change that was already made.
 */

import type { Logger } from './logger';

/** A signal without payload; `emit` calls every listener once. */
export class Signal {
  private readonly listeners = new Set<() => void>();

  constructor(
    private readonly logger: Logger,
    /** Names the signal in the log line of a throwing listener. */
    private readonly name: string,
  ) {}

  /** Adds a listener; returns the function that removes it. */
  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  /** Calls every listener. */
  emit(): void {
    for (const listener of [...this.listeners]) {
      try {
        listener();
      } catch (error) {
        this.logger.error('signal: a listener threw', {
          signal: this.name,
          error: error instanceof Error ? error.message : String(error),
        });
      }
    }
  }
}
