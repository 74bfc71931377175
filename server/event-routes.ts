/**
 * The events plugin: `GET /api/sessions/events` as a JSON page (`after`, `limit`) or, with
 * `Accept: text/event-stream`, as Server-Sent Events that replay from `Last-Event-ID` and then
 * follow live events, with no gap and no duplicate. It owns the streams' lifetime: the
 * heartbeat that keeps them open and closes those whose session expired, and their end at
 * shutdown.
 */

import { setTimeout as sleep } from 'node:timers/promises';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { EventPage } from '../src-shared/quickbox';
import type { Caller } from './authentication';
import { READ, callerOf } from './authentication';
import type { ServerContext } from './context';
import { INTERNAL_ERROR } from './error-replies';
import type { EventStream } from './event-hub';
import { clampQuery } from './request-checks';
import { eventPageQuery, eventsSchema } from './session-route-schemas';

/** The events plugin's options: the shared context and the stream's timings. */
export interface EventRoutesOptions extends ServerContext {
  /** The period of the keep-alive comment and of the expiry check. */
  heartbeatMs: number;
  /** The `retry:` advised to clients. */
  sseRetryMs: number;
  /** `--latency`: a hijacked stream skips `onSend`, so it waits this long itself. */
  latencyMs: number;
}

/** The event routes. */
export const eventRoutes: FastifyPluginAsync<EventRoutesOptions> = async (app, options) => {
  const { store, clock, hub } = options;

  app.get(
    '/api/sessions/events',
    {
      schema: eventsSchema,
      preValidation: [app.authenticate(READ), clampQuery(eventPageQuery)],
    },
    async (request, reply) => {
      const caller = callerOf(request);
      const accept = request.headers.accept ?? '';
      if (!accept.includes('text/event-stream')) {
        // Numbers in range: clampQuery made them so before the schema checked them.
        const { after, limit } = request.query as { after: number; limit: number };
        const events = store.eventsAfter(after, limit);
        const page: EventPage = { events, lastId: events[events.length - 1]?.id ?? after };
        return page;
      }
      openStream(request, reply, caller);
      return reply;
    },
  );

  function openStream(request: FastifyRequest, reply: FastifyReply, caller: Caller): void {
    reply.hijack();
    const raw = reply.raw;
    const cookie = reply.getHeader('set-cookie');
    const start = async (): Promise<void> => {
      if (options.latencyMs > 0) await sleep(options.latencyMs);
      if (raw.destroyed) return;
      raw.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache, no-transform',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
        ...(cookie === undefined ? {} : { 'set-cookie': cookie as string | string[] }),
      });
      raw.write(`retry: ${options.sseRetryMs}\n\n`);
      const header = request.headers['last-event-id'];
      const lastEventId =
        typeof header === 'string' && /^\d+$/.test(header.trim()) ? Number(header.trim()) : null;
      const newest = store.lastEventId();
      const stream: EventStream = {
        response: raw,
        // A Last-Event-ID beyond the newest event (one from a database since replaced) replays
        // nothing, and must not hold back the live events, whose ids are smaller than it.
        lastSentId: Math.min(lastEventId ?? newest, newest),
        sessionSeq: caller.via === 'session' ? caller.session.seq : null,
        tokenHash: caller.via === 'session' ? caller.tokenHash : null,
      };
      // The hub writes the replay and then the live events from the store, page by page as
      // the reader takes them: no gap, no duplicate, and no whole log held in memory.
      hub.add(stream);
    };
    start().catch((error: unknown) => {
      request.log.error({ err: error }, 'event stream failed');
      // Fastify's error handler is bypassed once hijacked: the contract's body, while it can be.
      if (raw.headersSent || raw.destroyed) {
        raw.destroy();
        return;
      }
      raw.writeHead(500, { 'content-type': 'application/json; charset=utf-8' });
      raw.end(JSON.stringify(INTERNAL_ERROR));
    });
  }

  // Heartbeats keep streams alive; at each one, streams whose session has expired are closed
  // (expiry records no event, so nothing else would tell them).
  const heartbeat = setInterval(() => {
    const now = clock.now();
    hub.end((stream) => {
      if (stream.tokenHash === null) return false;
      const session = store.sessionByTokenHash(stream.tokenHash);
      return !session || session.endedAt !== null || session.expiresAt <= now;
    });
    hub.heartbeat();
  }, options.heartbeatMs);
  heartbeat.unref();
  app.addHook('onClose', async () => {
    clearInterval(heartbeat);
  });
  app.addHook('preClose', async () => {
    hub.closeAll();
  });
};
