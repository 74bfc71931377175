/**
 * The event watcher's side of core (its WatchTarget): which servers to watch and when that
 * changes (the registry's saved changes, and the pool's sign-in becoming possible again),
 * their clients, the last event id persisted per server, and the statuses the feeds learn.
 */

import { setTimeout as sleep } from 'node:timers/promises';
import type { AppError } from '../../../src-shared/errors';
import type { ClientPool } from '../registry/client-pool';
import type { FeedClient, WatchedServer, WatchTarget } from './event-watcher';
import type { Logger } from '../support/logger';
import type { ServerRegistry, StoredServer } from '../registry/server-registry';
import type { ServerStatuses } from '../registry/server-statuses';

/** The shortest time from the start of one batch's write to the next's. */
const SAVE_GAP_MS = 1_000;

/** The collaborators of the watch target. */
export interface WatchTargetDependencies {
  registry: ServerRegistry;
  pool: ClientPool;
  statuses: ServerStatuses;
  logger: Logger;
  clock: () => number;
}

/** The saved servers, as the event watcher sees them. */
export class ServerWatchTarget implements WatchTarget {
  /**
   * Last event ids seen and not saved yet, per server. A storm of events would otherwise
   * be one atomic write (fsync) of the server list per event, each feed waiting for its own
   * behind every other server's: seconds of delay. They are saved together, one write at a
   * time, and the feeds go on meanwhile (docs/adr/0021-event-ids-saved-in-batches.md).
   */
  private readonly unsaved = new Map<string, number>();
  /**
   * First watches not saved yet (when, per server). A first start with hundreds of new
   * servers was one whole-file write per server, one after another: they are saved with the
   * ids, in the same batches, and each `markWatched` resolves once its batch has landed.
   */
  private readonly unsavedWatches = new Map<string, string>();
  /** The `markWatched` calls waiting for the next batch. */
  private waiting: { resolve: () => void; reject: (error: unknown) => void }[] = [];
  private saving: Promise<void> | null = null;
  /**
   * The saved servers by id, for the calls made per event (the registry looks an id up
   * through its whole list: thousands of servers, twice per event in a storm). Rebuilt after
   * each saved change of the list.
   */
  private byId: Map<string, StoredServer> | null = null;

  constructor(private readonly deps: WatchTargetDependencies) {
    deps.registry.onChange(() => {
      this.byId = null;
    });
  }

  private saved(id: string): StoredServer | undefined {
    this.byId ??= new Map(this.deps.registry.list().map((server) => [server.id, server]));
    return this.byId.get(id);
  }

  /**
   * The servers with their persisted last event ids and whether they were ever watched; a
   * server that may not sign in (see `signInRefused`) is left out until it may.
   */
  watchList(): WatchedServer[] {
    return this.deps.registry
      .list()
      .filter((server) => !this.signInRefused(server.id))
      .map((server) => ({
        id: server.id,
        lastEventId: Math.max(server.lastEventId, this.unsaved.get(server.id) ?? 0),
        // A file from before `watchedFrom` existed: a server with events seen was watched.
        watched:
          server.watchedFrom !== undefined ||
          server.lastEventId > 0 ||
          this.unsavedWatches.has(server.id),
      }));
  }

  /** The registry's saved changes, and the pool's clients replaced or allowed again. */
  onListChanged(listener: () => void): () => void {
    const stops = [this.deps.registry.onChange(listener), this.deps.pool.onChange(listener)];
    return () => {
      for (const stop of stops) stop();
    };
  }

  /** Whether the app makes no sign-in attempt for this server until the admin acts. */
  signInRefused(id: string): boolean {
    return this.deps.pool.signInRefused(id);
  }

  /** The client of a saved server (same session as the panels). */
  clientOf(id: string): Promise<FeedClient> {
    return this.deps.pool.clientOf(id);
  }

  /** The name of a saved server, or null. */
  nameOf(id: string): string | null {
    return this.saved(id)?.name ?? null;
  }

  /** After a feed call that worked: a server that was in trouble is connected again. */
  markReachable(id: string, client: FeedClient): void {
    this.deps.statuses.markReachable(id, client);
  }

  /** Reports a status found by the watcher. */
  reportError(id: string, error: AppError): void {
    this.deps.statuses.fromError(id, error);
  }

  /** Counts a mass logout the admin has not looked at yet. */
  noteMassLogout(id: string): void {
    this.deps.statuses.noteMassLogout(id);
  }

  /**
   * Persists the last event id seen on a server (only forwards), with the others not saved
   * yet in one write; resolves at once, without waiting for the disk.
   */
  recordLastEventId(id: string, lastEventId: number): Promise<void> {
    const server = this.saved(id);
    const known = Math.max(server?.lastEventId ?? 0, this.unsaved.get(id) ?? 0);
    if (!server || lastEventId <= known) return Promise.resolve();
    this.unsaved.set(id, lastEventId);
    this.saving ??= this.saveIds();
    return Promise.resolve();
  }

  /** Resolves once every event id handed over has been saved (core is disposed). */
  async flush(): Promise<void> {
    await this.saving;
  }

  /**
   * Saves the ids not saved yet, batch after batch, until none is left. An id stays in
   * `unsaved` until its write has landed: the registry changes its list only under the
   * file's lock, so until then the watch list still counts it from here.
   */
  private async saveIds(): Promise<void> {
    while (this.unsaved.size > 0 || this.unsavedWatches.size > 0) {
      const started = Date.now();
      const batch = new Map(this.unsaved);
      const watches = new Map(this.unsavedWatches);
      const waiting = this.waiting;
      this.waiting = [];
      try {
        await this.deps.registry.recordLastEventIds(batch, watches);
      } catch (error) {
        // The registry said why in its log; these ids are saved with the next event's, and
        // each first watch is marked again by its feed's next attempt.
        for (const id of watches.keys()) this.unsavedWatches.delete(id);
        for (const waiter of waiting) waiter.reject(error);
        break;
      }
      // Saved: a newer id handed over meanwhile stays for the next batch.
      for (const [id, eventId] of batch) {
        if (this.unsaved.get(id) === eventId) this.unsaved.delete(id);
      }
      for (const id of watches.keys()) this.unsavedWatches.delete(id);
      for (const waiter of waiting) waiter.resolve();
      // The next batch gathers a while: in a storm, back-to-back writes of thousands of
      // servers (and the watch list read again after each) were most of the work.
      if (this.unsaved.size > 0 || this.unsavedWatches.size > 0) {
        await sleep(Math.max(0, started + SAVE_GAP_MS - Date.now()));
      }
    }
    this.saving = null;
  }

  /**
   * Records the first watch of a server (from now on its feed's history is news), with the
   * other servers' in one write; resolves once it is saved.
   */
  markWatched(id: string, lastEventId: number): Promise<void> {
    const server = this.deps.registry.get(id);
    if (!server || server.watchedFrom !== undefined || this.unsavedWatches.has(id)) {
      return Promise.resolve();
    }
    this.unsavedWatches.set(id, new Date(this.deps.clock()).toISOString());
    const known = Math.max(server.lastEventId, this.unsaved.get(id) ?? 0);
    if (lastEventId > known) this.unsaved.set(id, lastEventId);
    const saved = new Promise<void>((resolve, reject) => this.waiting.push({ resolve, reject }));
    this.saving ??= this.saveIds();
    return saved;
  }

  /** The server's event ids started again (its database was rebuilt): follow the new ones. */
  async restartFeed(id: string): Promise<void> {
    if (!this.deps.registry.get(id)) return;
    // An old id not saved yet must not put the new feed back where the old one was.
    this.unsaved.delete(id);
    await this.saving;
    await this.deps.registry.update(id, { lastEventId: 0 });
    this.byId = null;
    this.deps.logger.warn('watcher: the event feed started again', { serverId: id });
    this.deps.statuses.set(
      id,
      this.deps.statuses.status(id).state,
      "The server's event feed started again from the beginning (its database was probably rebuilt or restored); the app follows its new events.",
    );
  }

  /**
   * A session of the server was evicted. When it was the app's own (a sign-in elsewhere
   * took its place under a per-user session limit), signing in again would evict that
   * session in turn: the app stops signing in and waits to be asked.
   */
  async sessionEvicted(id: string, sessionId: string): Promise<void> {
    const client = this.deps.pool.existing(id);
    if (!client?.ownsSession(sessionId) || !this.deps.registry.get(id)) return;
    const message =
      "Your sign-in elsewhere took this app's place (the server allows a limited number of sessions per user). Sign in again to take it back, which ends the other session, or use an API key: keys are not sessions.";
    await client.refuseSignIn(
      { code: 'unauthorized', message, reason: 'signed_out_elsewhere' },
      sessionId,
    );
    this.deps.logger.info('watcher: signed out by a sign-in elsewhere', { serverId: id });
    this.deps.statuses.set(id, 'signed_out_elsewhere', message);
  }
}
