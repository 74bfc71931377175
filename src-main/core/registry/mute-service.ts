/**
 * Per-server mute of notifications (`servers:mute`): the end is stored in the server's
 * registry entry, so it survives a restart, and a timer pushes the list again when the
 * earliest mute ends, so the window and the tray stop showing it muted by themselves. The
 * unread counts are not touched: a muted server still counts.
 */

import { activeMute, muteEnd } from '../../../src-shared/mute';
import type { ParsedRequestOf, ResponseOf } from '../../../src-shared/ipc-contract';
import { failServerGone, requireServer } from './client-pool';
import type { Logger } from '../support/logger';
import type { ServerRegistry } from './server-registry';
import type { ServerStatuses } from './server-statuses';

/** setTimeout's longest delay (about 24.8 days); a later end is waited for in steps. */
const LONGEST_TIMER_MS = 2 ** 31 - 1;

/** The timer the expiry runs on (a fake one in tests). */
export interface MuteTimers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const REAL_TIMERS: MuteTimers = {
  setTimeout: (callback, ms) => {
    const handle = setTimeout(callback, ms);
    // A pending expiry is no reason for a process (the CLI, a test) to stay alive.
    handle.unref();
    return handle;
  },
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/** The collaborators of the mute service. */
export interface MuteDependencies {
  registry: ServerRegistry;
  statuses: ServerStatuses;
  clock: () => number;
  logger: Logger;
  timers?: MuteTimers;
}

/** Mutes and unmutes servers, and ends mutes when their time comes. */
export class MuteService {
  private timer: unknown = null;
  private readonly timers: MuteTimers;

  constructor(private readonly deps: MuteDependencies) {
    this.timers = deps.timers ?? REAL_TIMERS;
  }

  /** `servers:mute`: for an hour, until tomorrow morning, or no longer (null). */
  async mute(request: ParsedRequestOf<'servers:mute'>): Promise<ResponseOf<'servers:mute'>> {
    const { registry, statuses, clock } = this.deps;
    requireServer(registry, request.id);
    const until =
      request.until === null ? null : new Date(muteEnd(request.until, clock())).toISOString();
    const updated = await registry.setMute(request.id, until);
    if (!updated) failServerGone();
    this.deps.logger.info('servers: notifications muted', { id: request.id, until });
    statuses.publish();
    this.schedule();
    return { server: statuses.view(updated) };
  }

  /** Arms the timer for the earliest mute in force (at start, and after each change). */
  schedule(): void {
    this.stop();
    const now = this.deps.clock();
    const ends = this.deps.registry
      .list()
      .map((server) => activeMute(server.mutedUntil, now))
      .filter((end) => end !== null)
      .map((end) => Date.parse(end));
    if (ends.length === 0) return;
    const wait = Math.min(Math.min(...ends) - now, LONGEST_TIMER_MS);
    this.timer = this.timers.setTimeout(() => {
      this.timer = null;
      // The views drop a mute whose end has passed; a timer that fired early re-arms.
      this.deps.statuses.publish();
      this.schedule();
    }, wait);
  }

  /** Stops the timer (core is disposed). */
  stop(): void {
    if (this.timer === null) return;
    this.timers.clearTimeout(this.timer);
    this.timer = null;
  }
}
