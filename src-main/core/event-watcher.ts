/**
 * One event feed per server: the SSE stream resumed with `Last-Event-ID`, JSON polling as
 * the fallback when the stream cannot be opened, and reconnects with capped backoff. Each
 * event is delivered once: ids only go forward, and the last one seen is persisted per
 * server so nothing is missed or shown twice across reconnects and restarts.
 */

import { setTimeout as sleep } from 'node:timers/promises';
import type { QuickBoxEvent } from '../../src-shared/quickbox';
import { CoreError, toAppError } from './core-error';
import type { EventBus } from './event-bus';
import type { Logger } from './logger';
import { parseEvent, type QuickBoxClient } from './quickbox-client';
import type { ServerService } from './server-service';
import { SseMessageTooLargeError, SseParser } from './sse-parser';

/** How the watcher reconnects and polls. */
export interface WatcherOptions {
  /** `auto`: SSE, falling back to polling for a server whose stream cannot open. */
  mode: 'auto' | 'sse' | 'poll';
  reconnectBaseMs: number;
  reconnectMaxMs: number;
  pollIntervalMs: number;
}

/** The defaults: reconnect from 1 s up to 60 s; poll every 15 s. */
export const DEFAULT_WATCHER_OPTIONS: WatcherOptions = {
  mode: 'auto',
  reconnectBaseMs: 1_000,
  reconnectMaxMs: 60_000,
  pollIntervalMs: 15_000,
};

const PAGE = 1000;

/**
 * The longest event message the stream may send (the client's cap on a JSON answer): beyond
 * it the stream is a protocol error, as nothing the server sends may exhaust main's memory.
 */
export const MAX_STREAM_MESSAGE_CHARS = 1024 * 1024;

interface Feed {
  controller: AbortController;
  done: Promise<void>;
}

/** Watches the event feeds of every saved server while started. */
export class EventWatcher {
  private readonly feeds = new Map<string, Feed>();
  private readonly lastIds = new Map<string, number>();
  private unsubscribe: (() => void) | null = null;

  constructor(
    private readonly service: ServerService,
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
    this.unsubscribe = this.bus.subscribe('servers:changed', () => this.sync());
    this.sync();
  }

  /** Stops every feed and waits for them to end. */
  async stop(): Promise<void> {
    this.unsubscribe?.();
    this.unsubscribe = null;
    const feeds = [...this.feeds.values()];
    this.feeds.clear();
    for (const feed of feeds) feed.controller.abort();
    await Promise.all(feeds.map((feed) => feed.done));
  }

  private sync(): void {
    if (!this.unsubscribe) return;
    const servers = this.service.watchList();
    const ids = new Set(servers.map((server) => server.id));
    for (const [id, feed] of this.feeds) {
      if (!ids.has(id)) {
        feed.controller.abort();
        this.feeds.delete(id);
        this.lastIds.delete(id);
      }
    }
    for (const server of servers) {
      if (this.feeds.has(server.id)) continue;
      this.lastIds.set(server.id, Math.max(this.lastIds.get(server.id) ?? 0, server.lastEventId));
      const controller = new AbortController();
      const done = this.run(server.id, controller.signal).catch((error: unknown) => {
        this.logger.error('watcher: feed stopped unexpectedly', {
          serverId: server.id,
          error: error instanceof Error ? error.message : String(error),
        });
      });
      this.feeds.set(server.id, { controller, done });
    }
  }

  private backoff(attempt: number): number {
    const exponential = this.options.reconnectBaseMs * 2 ** Math.min(attempt, 16);
    const capped = Math.min(exponential, this.options.reconnectMaxMs);
    // Jitter spreads the reconnects of many servers after a shared outage.
    return capped / 2 + Math.random() * (capped / 2);
  }

  private async run(id: string, signal: AbortSignal): Promise<void> {
    let attempt = 0;
    let mode: 'sse' | 'poll' = this.options.mode === 'poll' ? 'poll' : 'sse';
    // Once per feed: a later catch-up would skip events that arrived since the first one.
    let caughtUp = false;
    while (!signal.aborted) {
      try {
        const client = await this.service.clientOf(id);
        if (!caughtUp && (this.lastIds.get(id) ?? 0) === 0) await this.catchUp(id, client, signal);
        caughtUp = true;
        if (mode === 'sse') {
          try {
            await this.stream(id, client, signal, () => {
              attempt = 0;
            });
          } catch (error) {
            const code = error instanceof CoreError ? error.appError.code : null;
            if (this.options.mode === 'auto' && code === 'protocol_error') {
              this.logger.info('watcher: no event stream, polling instead', { serverId: id });
              mode = 'poll';
              continue;
            }
            throw error;
          }
        } else {
          await this.poll(id, client, signal, () => {
            attempt = 0;
          });
        }
      } catch (error) {
        if (signal.aborted) return;
        const appError = toAppError(error);
        this.service.reportError(id, appError);
        this.logger.warn('watcher: feed interrupted', { serverId: id, code: appError.code });
      }
      if (signal.aborted) return;
      await sleep(this.backoff(attempt), undefined, { signal }).catch(() => undefined);
      attempt += 1;
    }
  }

  /**
   * A server never watched before: skip to its newest event without announcing the old
   * ones (a mass logout from last week is not news), then follow from there.
   */
  private async catchUp(id: string, client: QuickBoxClient, signal: AbortSignal): Promise<void> {
    let after = 0;
    for (;;) {
      if (signal.aborted) return;
      const page = await client.events(after, PAGE);
      // A full page that does not move forward would loop for ever: stop there.
      const advanced = page.lastId > after;
      after = Math.max(after, page.lastId);
      if (page.events.length < PAGE || !advanced) break;
    }
    if (after > (this.lastIds.get(id) ?? 0)) {
      this.lastIds.set(id, after);
      await this.service.recordLastEventId(id, after);
    }
  }

  private async stream(
    id: string,
    client: QuickBoxClient,
    signal: AbortSignal,
    opened: () => void,
  ): Promise<void> {
    const body = await client.openEventStream(this.lastIds.get(id) ?? 0, signal);
    opened();
    this.service.markReachable(id, client);
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
          const event = parseEvent(json);
          if (event) await this.deliver(id, event);
        }
      }
    } finally {
      body.destroy();
    }
  }

  private async poll(
    id: string,
    client: QuickBoxClient,
    signal: AbortSignal,
    polled: () => void,
  ): Promise<void> {
    while (!signal.aborted) {
      const page = await client.events(this.lastIds.get(id) ?? 0, PAGE);
      polled();
      this.service.markReachable(id, client);
      for (const event of page.events) await this.deliver(id, event);
      if (page.events.length < PAGE) {
        await sleep(this.options.pollIntervalMs, undefined, { signal }).catch(() => undefined);
      }
    }
  }

  private async deliver(id: string, event: QuickBoxEvent): Promise<void> {
    if (event.id <= (this.lastIds.get(id) ?? 0)) return;
    this.lastIds.set(id, event.id);
    this.bus.emit('events:server-event', { serverId: id, event });
    if (event.type === 'sessions.invalidated_all') {
      this.bus.emit('events:mass-logout', {
        serverId: id,
        serverName: this.service.nameOf(id) ?? id,
        event,
      });
      this.service.noteMassLogout(id);
    }
    await this.service.recordLastEventId(id, event.id);
  }
}
