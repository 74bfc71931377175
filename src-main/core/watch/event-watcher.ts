/**
 * One event feed per server: the SSE stream resumed with `Last-Event-ID`, JSON polling as
 * the fallback when the stream cannot be used (the stream is tried again later), and
 * reconnects with capped backoff that resets only once a stream has proved healthy. Each
 * event is delivered once: ids only go forward (until the server's feed starts again, see
 * `stream`), and the last one seen is persisted per server so nothing is missed or shown
 * twice across reconnects and restarts.
 */

import { setTimeout as sleep } from 'node:timers/promises';
import type { AppError } from '../../../src-shared/errors';
import type { QuickBoxEvent } from '../../../src-shared/quickbox';
import { feedTop } from '../activity/activity-paging';
import { Backoff } from '../support/backoff';
import { CoreError, toAppError } from '../support/core-error';
import type { EventBus } from '../support/event-bus';
import type { Logger } from '../support/logger';
import { parseFeedItem, type QuickBoxClient } from '../client/quickbox-client';
import { SseMessageTooLargeError, SseParser } from './sse-parser';

/** How the watcher reconnects and polls. */
export interface WatcherOptions {
  /** `auto`: SSE, polling meanwhile for a server whose stream cannot be used. */
  mode: 'auto' | 'sse' | 'poll';
  reconnectBaseMs: number;
  reconnectMaxMs: number;
  pollIntervalMs: number;
  /** A stream open this long (or one that delivered an event) resets the reconnect backoff. */
  healthyAfterMs: number;
  /** After a stream's protocol error, how long to poll before trying the stream again... */
  streamRetryBaseMs: number;
  /** ...doubling after each further protocol error, up to this. */
  streamRetryMaxMs: number;
}

/**
 * The defaults: reconnect from 1 s up to 60 s; a stream is healthy after 30 s; poll every
 * 15 s; after a stream's protocol error, try it again after 5 minutes, then up to an hour.
 */
export const DEFAULT_WATCHER_OPTIONS: WatcherOptions = {
  mode: 'auto',
  reconnectBaseMs: 1_000,
  reconnectMaxMs: 60_000,
  pollIntervalMs: 15_000,
  healthyAfterMs: 30_000,
  streamRetryBaseMs: 5 * 60_000,
  streamRetryMaxMs: 60 * 60_000,
};

const PAGE = 1000;

/**
 * The longest event message the stream may send (the client's cap on a JSON answer): beyond
 * it the stream is a protocol error, as nothing the server sends may exhaust main's memory.
 */
export const MAX_STREAM_MESSAGE_CHARS = 1024 * 1024;

/** What the watcher uses of a server's client. */
export type FeedClient = Pick<
  QuickBoxClient,
  'events' | 'feedPage' | 'openEventStream' | 'ownSessionId' | 'permissions'
>;

/** A server to watch. */
export interface WatchedServer {
  id: string;
  /** The last event id persisted for it. */
  lastEventId: number;
  /** Whether it was ever watched (a server never watched skips its old events). */
  watched: boolean;
}

/**
 * What the watcher needs of core, declared here and handed in by the composition root
 * (watch-target.ts), so that the watcher knows no service.
 */
export interface WatchTarget {
  /** The servers to watch now; one that may not sign in is left out until it may. */
  watchList(): WatchedServer[];
  /** Calls `listener` whenever `watchList` may have changed; returns the unsubscribe. */
  onListChanged(listener: () => void): () => void;
  /** Whether the app makes no sign-in attempt for this server until the admin acts. */
  signInRefused(id: string): boolean;
  /** The server's client (the same session as the panels). */
  clientOf(id: string): Promise<FeedClient>;
  /** The server's display name, or null once it is gone. */
  nameOf(id: string): string | null;
  /** A call on the feed worked: a server that was in trouble is connected again. */
  markReachable(id: string, client: FeedClient): void;
  /** The feed failed with this error (a status for the server, if it says one). */
  reportError(id: string, error: AppError): void;
  /** Records the first watch of a server, caught up to `lastEventId`. */
  markWatched(id: string, lastEventId: number): Promise<void>;
  /** Persists the last event id seen (only forwards). */
  recordLastEventId(id: string, lastEventId: number): Promise<void>;
  /** The server's event ids started again (its database was rebuilt). */
  restartFeed(id: string): Promise<void>;
  /** A session of the server was evicted (maybe the app's own). */
  sessionEvicted(id: string, sessionId: string): Promise<void>;
  /** A mass logout the admin has not looked at yet. */
  noteMassLogout(id: string): void;
}

/**
 * What `reconnectAll` reaches in a feed: the abort of its current attempt (a stream, a poll's
 * wait, a backoff's wait), and the note that the attempt ended for a wake, not a failure.
 */
interface Waker {
  attempt: AbortController;
  woken: boolean;
}

interface Feed {
  controller: AbortController;
  done: Promise<void>;
  waker: Waker;
}

/**
 * The reason a feed is stopped with, one for all: `abort()` without one makes an AbortError
 * per feed, and each stream's socket formats its stack as it is destroyed. Stopping
 * thousands of feeds spent seconds on those stacks.
 */
const FEED_STOPPED = new Error('The event feed was stopped.');
void FEED_STOPPED.stack;

function isProtocolError(error: unknown): boolean {
  return error instanceof CoreError && error.appError.code === 'protocol_error';
}

/** Watches the event feeds of every saved server while started. */
export class EventWatcher {
  private readonly feeds = new Map<string, Feed>();
  private readonly lastIds = new Map<string, number>();
  private readonly watched = new Map<string, boolean>();
  private unsubscribe: (() => void) | null = null;

  constructor(
    private readonly target: WatchTarget,
    private readonly bus: EventBus,
    private readonly logger: Logger,
    private readonly options: WatcherOptions,
  ) {}

  /** Whether the watcher runs. */
  get running(): boolean {
    return this.unsubscribe !== null;
  }

  /** Starts a feed per server, and follows the server list as it changes. */
  start(): void {
    if (this.unsubscribe) return;
    // The list's own signal, not the renderer's `servers:changed`: that one also fires for
    // every status this watcher reports, and none of those changes what is watched.
    this.unsubscribe = this.target.onListChanged(() => this.sync());
    this.sync();
  }

  /** Stops every feed and waits for them to end. */
  async stop(): Promise<void> {
    this.unsubscribe?.();
    this.unsubscribe = null;
    const feeds = [...this.feeds.values()];
    this.feeds.clear();
    for (const feed of feeds) feed.controller.abort(FEED_STOPPED);
    await Promise.all(feeds.map((feed) => feed.done));
  }

  /**
   * The computer woke from sleep or its network changed: a stream may hang on a socket that
   * is dead without a word (no reset reaches it), and a feed may be waiting out a backoff
   * grown while the network was down. Every feed ends its current attempt, forgets its
   * backoff and connects again now, resuming after the last event it saw.
   */
  reconnectAll(): void {
    if (!this.unsubscribe) return;
    this.logger.info('watcher: reconnecting every feed (wake or network change)', {
      feeds: this.feeds.size,
    });
    for (const { waker } of this.feeds.values()) {
      waker.woken = true;
      waker.attempt.abort();
    }
  }

  private sync(): void {
    if (!this.unsubscribe) return;
    const servers = this.target.watchList();
    const ids = new Set(servers.map((server) => server.id));
    for (const [id, feed] of this.feeds) {
      if (!ids.has(id)) {
        feed.controller.abort(FEED_STOPPED);
        this.feeds.delete(id);
        this.lastIds.delete(id);
      }
    }
    for (const server of servers) {
      if (this.feeds.has(server.id)) continue;
      this.lastIds.set(server.id, Math.max(this.lastIds.get(server.id) ?? 0, server.lastEventId));
      this.watched.set(server.id, server.watched || this.watched.get(server.id) === true);
      const controller = new AbortController();
      const waker: Waker = { attempt: new AbortController(), woken: false };
      const done = this.run(server.id, controller.signal, waker)
        .catch((error: unknown) => {
          this.logger.error('watcher: feed stopped unexpectedly', {
            serverId: server.id,
            error: error instanceof Error ? error.message : String(error),
          });
        })
        .finally(() => {
          // A feed that ended by itself (sign-in refused) is started again by a later sync.
          if (this.feeds.get(server.id)?.controller === controller) this.feeds.delete(server.id);
        });
      this.feeds.set(server.id, { controller, done, waker });
    }
  }

  private async run(id: string, feedSignal: AbortSignal, waker: Waker): Promise<void> {
    const reconnect = new Backoff(this.options.reconnectBaseMs, this.options.reconnectMaxMs);
    const streamRetry = new Backoff(this.options.streamRetryBaseMs, this.options.streamRetryMaxMs);
    // Until when the feed polls instead of streaming.
    let pollUntil = this.options.mode === 'poll' ? Number.POSITIVE_INFINITY : 0;
    // Once per feed: a later catch-up would skip events that arrived since the first one.
    let caughtUp = false;
    // No attempt at all once the server refused the credentials or the app was signed out
    // elsewhere: the admin acts first (servers:test or servers:update), then sync resumes.
    while (!feedSignal.aborted && !this.target.signInRefused(id)) {
      if (waker.woken) {
        waker.woken = false;
        waker.attempt = new AbortController();
        reconnect.reset();
      }
      // This attempt: ended by the feed's stop, or by a wake (see `reconnectAll`).
      const signal = AbortSignal.any([feedSignal, waker.attempt.signal]);
      let retryAfterMs = 0;
      try {
        const client = await this.target.clientOf(id);
        if (!caughtUp && this.watched.get(id) !== true) await this.catchUp(id, client, signal);
        caughtUp = true;
        if (Date.now() < pollUntil) {
          await this.poll(id, client, signal, pollUntil, () => reconnect.reset());
          continue;
        }
        try {
          await this.stream(id, client, signal, () => {
            reconnect.reset();
            streamRetry.reset();
          });
        } catch (error) {
          if (this.options.mode !== 'auto' || !isProtocolError(error)) throw error;
          const wait = streamRetry.next();
          this.logger.info('watcher: event stream unusable, polling for a while', {
            serverId: id,
            retryStreamInMs: Math.round(wait),
          });
          pollUntil = Date.now() + wait;
          continue;
        }
      } catch (error) {
        if (feedSignal.aborted) return;
        if (waker.woken) continue;
        const appError = toAppError(error);
        this.target.reportError(id, appError);
        this.logger.warn('watcher: feed interrupted', { serverId: id, code: appError.code });
        // The server says when it takes requests again: sooner would only be refused again.
        if (appError.code === 'rate_limited' && appError.retryAfterSeconds !== null) {
          retryAfterMs = appError.retryAfterSeconds * 1000;
        }
      }
      if (feedSignal.aborted) return;
      if (waker.woken) continue;
      const wait = Math.max(reconnect.next(), retryAfterMs);
      await sleep(wait, undefined, { signal }).catch(() => undefined);
    }
  }

  /**
   * A server never watched before: skip to its newest event without announcing the old
   * ones (a mass logout from last week is not news), then follow from there.
   */
  private async catchUp(id: string, client: FeedClient, signal: AbortSignal): Promise<void> {
    // The activity view's search for the newest id: a page is full by what the server sent
    // (types this app does not know included), a long history is galloped over rather than
    // read through, and a feed that does not move forward is a protocol error, not a loop.
    const read = (after: number, limit: number) => {
      signal.throwIfAborted();
      return client.feedPage(after, limit);
    };
    const newest = (await feedTop(read, this.lastIds.get(id) ?? 0)) - 1;
    if (newest > (this.lastIds.get(id) ?? 0)) this.lastIds.set(id, newest);
    await this.target.markWatched(id, this.lastIds.get(id) ?? 0);
    this.watched.set(id, true);
  }

  /** Has the client learn its own session, so that its eviction is recognised. */
  private async learnOwnSession(id: string, client: FeedClient): Promise<void> {
    try {
      await client.ownSessionId();
    } catch (error) {
      this.logger.warn('watcher: could not tell which session is the app own', {
        serverId: id,
        code: toAppError(error).code,
      });
    }
  }

  private async stream(
    id: string,
    client: FeedClient,
    signal: AbortSignal,
    healthy: () => void,
  ): Promise<void> {
    const resumedFrom = this.lastIds.get(id) ?? 0;
    const body = await client.openEventStream(resumedFrom, signal);
    const openedAt = Date.now();
    this.target.markReachable(id, client);
    await this.learnOwnSession(id, client);
    const parser = new SseParser(MAX_STREAM_MESSAGE_CHARS);
    const decoder = new TextDecoder();
    const parse = (chunk: Buffer): ReturnType<SseParser['push']> => {
      try {
        return parser.push(decoder.decode(chunk, { stream: true }));
      } catch (error) {
        if (!(error instanceof SseMessageTooLargeError)) throw error;
        throw new CoreError({
          code: 'protocol_error',
          message: `An event of the stream is longer than ${error.maxChars} characters.`,
        });
      }
    };
    let restarted = false;
    try {
      for await (const chunk of body) {
        for (const message of parse(chunk as Buffer)) {
          let json: unknown;
          try {
            json = JSON.parse(message.data);
          } catch {
            throw new CoreError({
              code: 'protocol_error',
              message: 'An event of the stream is not JSON.',
            });
          }
          const item = parseFeedItem(json);
          // Resumed after id n, the server sends only ids above n: a smaller one means its
          // feed started again (a rebuilt database) and the new ids are to be followed.
          if (!restarted && item.id <= resumedFrom) {
            restarted = true;
            this.lastIds.set(id, 0);
            await this.target.restartFeed(id);
          }
          await this.accept(id, item.id, item.event);
          healthy();
        }
      }
    } finally {
      body.destroy();
      if (Date.now() - openedAt >= this.options.healthyAfterMs) healthy();
    }
  }

  /** Polls until `until` (or for ever), then returns so that the stream is tried again. */
  private async poll(
    id: string,
    client: FeedClient,
    signal: AbortSignal,
    until: number,
    polled: () => void,
  ): Promise<void> {
    while (!signal.aborted && Date.now() < until) {
      const page = await client.events(this.lastIds.get(id) ?? 0, PAGE);
      polled();
      this.target.markReachable(id, client);
      await this.learnOwnSession(id, client);
      const before = this.lastIds.get(id) ?? 0;
      for (const event of page.events) await this.accept(id, event.id, event);
      // The page's lastId covers the event types this app does not know, too: without it a
      // full page of them would be asked for again and again.
      await this.accept(id, page.lastId, null);
      // Ids are increasing, so fewer ids passed than a page holds means the page was not full.
      if ((this.lastIds.get(id) ?? 0) - before < PAGE) {
        const wait = Math.min(this.options.pollIntervalMs, Math.max(0, until - Date.now()));
        await sleep(wait, undefined, { signal }).catch(() => undefined);
      }
    }
  }

  /** Moves the feed to `eventId` and delivers the event (null: a type this app skips). */
  private async accept(id: string, eventId: number, event: QuickBoxEvent | null): Promise<void> {
    if (eventId <= (this.lastIds.get(id) ?? 0)) return;
    this.lastIds.set(id, eventId);
    if (event) this.deliver(id, event);
    await this.target.recordLastEventId(id, eventId);
    if (event?.type === 'session.evicted')
      await this.target.sessionEvicted(id, event.data.sessionId);
  }

  private deliver(id: string, event: QuickBoxEvent): void {
    this.bus.emit('events:server-event', { serverId: id, event });
    if (event.type === 'sessions.invalidated_all') {
      this.bus.emit('events:mass-logout', {
        serverId: id,
        serverName: this.target.nameOf(id) ?? id,
        event,
      });
      this.target.noteMassLogout(id);
    }
  }
}
