import { afterEach, describe, expect, it } from 'vitest';
import { EventBus } from '../../../../src-main/core/support/event-bus';
import {
  DEFAULT_WATCHER_OPTIONS,
  EventWatcher,
  type WatchTarget,
} from '../../../../src-main/core/watch/event-watcher';
import { capturingLogger } from '../fixtures';

/** A target with no server to watch that counts how often the watcher reads its list. */
function countingTarget(): { target: WatchTarget; reads: () => number; signal: () => void } {
  let reads = 0;
  const listeners = new Set<() => void>();
  const unused = (): never => {
    throw new Error('not used without servers');
  };
  const target: WatchTarget = {
    watchList: () => {
      reads += 1;
      return [];
    },
    onListChanged: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    signInRefused: () => false,
    clientOf: unused,
    nameOf: () => null,
    markReachable: unused,
    reportError: unused,
    markWatched: unused,
    recordLastEventId: unused,
    restartFeed: unused,
    sessionEvicted: unused,
    noteMassLogout: unused,
  };
  return {
    target,
    reads: () => reads,
    signal: () => {
      for (const listener of [...listeners]) listener();
    },
  };
}

const watchers: EventWatcher[] = [];
afterEach(async () => {
  await Promise.all(watchers.splice(0).map((watcher) => watcher.stop()));
});

describe('EventWatcher and its WatchTarget', () => {
  it("follows the target's list signal, not the renderer's servers:changed, and neither once stopped", async () => {
    const { logger } = capturingLogger();
    const bus = new EventBus(logger);
    const counting = countingTarget();
    const watcher = new EventWatcher(counting.target, bus, logger, DEFAULT_WATCHER_OPTIONS);
    watchers.push(watcher);

    watcher.start();
    const atStart = counting.reads();
    bus.emit('servers:changed', { servers: [] });
    const afterStatusPush = counting.reads();
    counting.signal();
    const afterSignal = counting.reads();
    await watcher.stop();
    counting.signal();

    expect(atStart).toBe(1);
    expect(afterStatusPush).toBe(1);
    expect(afterSignal).toBe(2);
    expect(counting.reads()).toBe(2);
  });
});
