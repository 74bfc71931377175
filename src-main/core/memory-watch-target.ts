/**
 * The event watcher's target for a follower that must leave no trace (qbsc events --follow):
 * the servers, clients and statuses are the app's (the wrapped target's), but the place in
 * each feed (the last event id, whether it was watched) is kept in memory only. The app's
 * registry keeps its own place, so the app still shows every event it has not seen when it
 * next runs, and the follower writes nothing into a file the app keeps in memory.
 */

import type { AppError } from '../../src-shared/errors';
import type { FeedClient, WatchedServer, WatchTarget } from './event-watcher';

/** A WatchTarget whose feed positions live in memory, starting at each feed's newest event. */
export class MemoryWatchTarget implements WatchTarget {
  private readonly lastIds = new Map<string, number>();
  private readonly watched = new Set<string>();

  constructor(private readonly inner: WatchTarget) {}

  /** The inner target's servers, each at this follower's place (never watched: from now). */
  watchList(): WatchedServer[] {
    return this.inner.watchList().map((server) => ({
      id: server.id,
      lastEventId: this.lastIds.get(server.id) ?? 0,
      watched: this.watched.has(server.id),
    }));
  }

  onListChanged(listener: () => void): () => void {
    return this.inner.onListChanged(listener);
  }

  signInRefused(id: string): boolean {
    return this.inner.signInRefused(id);
  }

  clientOf(id: string): Promise<FeedClient> {
    return this.inner.clientOf(id);
  }

  nameOf(id: string): string | null {
    return this.inner.nameOf(id);
  }

  markReachable(id: string, client: FeedClient): void {
    this.inner.markReachable(id, client);
  }

  reportError(id: string, error: AppError): void {
    this.inner.reportError(id, error);
  }

  markWatched(id: string, lastEventId: number): Promise<void> {
    this.watched.add(id);
    this.lastIds.set(id, Math.max(this.lastIds.get(id) ?? 0, lastEventId));
    return Promise.resolve();
  }

  recordLastEventId(id: string, lastEventId: number): Promise<void> {
    if (lastEventId > (this.lastIds.get(id) ?? 0)) this.lastIds.set(id, lastEventId);
    return Promise.resolve();
  }

  restartFeed(id: string): Promise<void> {
    this.lastIds.set(id, 0);
    return Promise.resolve();
  }

  sessionEvicted(id: string, sessionId: string): Promise<void> {
    return this.inner.sessionEvicted(id, sessionId);
  }

  noteMassLogout(id: string): void {
    this.inner.noteMassLogout(id);
  }
}
