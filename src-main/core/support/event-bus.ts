/**
 * The typed main-to-renderer event source of core. A throwing listener is logged and
 * skipped, so one broken subscriber cannot stop the others or the service that emits.
 */

import type { EventChannel, EventMap } from '../../../src-shared/ipc-contract';
import type { Logger } from './logger';

/** Subscribes to and emits the events of the IPC contract. */
export class EventBus {
  private readonly listeners = new Map<EventChannel, Set<(payload: never) => void>>();

  constructor(private readonly logger: Logger) {}

  /** Adds a listener; returns the function that removes it. */
  subscribe<E extends EventChannel>(
    channel: E,
    listener: (payload: EventMap[E]) => void,
  ): () => void {
    const set = this.listeners.get(channel) ?? new Set();
    this.listeners.set(channel, set);
    set.add(listener as (payload: never) => void);
    return () => {
      set.delete(listener as (payload: never) => void);
    };
  }

  /** Calls every listener of a channel with the payload. */
  emit<E extends EventChannel>(channel: E, payload: EventMap[E]): void {
    for (const listener of [...(this.listeners.get(channel) ?? [])]) {
      try {
        (listener as (payload: EventMap[E]) => void)(payload);
      } catch (error) {
        this.logger.error('events: a listener threw', {
          channel,
          error: error instanceof Error ? error.message : String(error),
        });
      }
    }
  }

  /** Removes every listener. */
  clear(): void {
    this.listeners.clear();
  }
}
