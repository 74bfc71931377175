/**
 * The sessions plugin: listing active sessions a page at a time, their summary, revoking one
 * and invalidating all. Only active sessions are listed or counted. Ending a session also
 * ends the event streams it opened (after they got the event that ended it), and a request
 * that ended its own caller's session answers with the clearing cookie.
 */

import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import type {
  ActiveSession,
  InvalidateAllResponse,
  SessionListResponse,
  SessionSummary,
} from '../src-shared/quickbox';
import { INVALIDATE_ALL_PHRASE } from '../src-shared/quickbox';
import { READ, UPDATE, callerOf } from './authentication';
import type { ServerContext } from './context';
import { sendError } from './error-replies';
import type { SessionPosition } from './schema';
import type { InvalidRequestReply } from './request-checks';
import { clampQuery } from './request-checks';
import {
  invalidateAllSchema,
  revokeSchema,
  sessionListQuery,
  sessionListSchema,
  summarySchema,
} from './session-route-schemas';
import { clearSessionCookie } from './session-cookie';
import { iso } from './wire-values';

// A cursor is base64url of `<createdAt ms>:<row number>` of the last session of a page.
function encodeCursor(row: SessionPosition): string {
  return Buffer.from(`${row.createdAt}:${row.seq}`).toString('base64url');
}

// Only a cursor that decodes to exactly what `encodeCursor` would have written is one.
function decodeCursor(cursor: string): SessionPosition | null {
  const match = /^(\d{1,16}):(\d{1,16})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!match || encodeCursor({ createdAt: Number(match[1]), seq: Number(match[2]) }) !== cursor) {
    return null;
  }
  return { createdAt: Number(match[1]), seq: Number(match[2]) };
}

function refuseCursor(reply: FastifyReply): FastifyReply {
  return sendError(reply, 400, 'invalid_cursor', 'The cursor is not one this server gave out.');
}

function refuseConfirmation(reply: FastifyReply): FastifyReply {
  return sendError(
    reply,
    400,
    'confirmation_required',
    `Send { "confirm": "${INVALIDATE_ALL_PHRASE}" } to end every session.`,
  );
}

// A cursor that fails the query schema is one this server never gave out; anything else
// (a repeated username, say) is bad_request. The query's integers are clamped, never refused.
const invalidList: InvalidRequestReply = (_request, reply, { path }) =>
  path === '/cursor' ? refuseCursor(reply) : null;
const invalidConfirmation: InvalidRequestReply = (_request, reply) => refuseConfirmation(reply);

/** The session routes. */
export const sessionRoutes: FastifyPluginAsync<ServerContext> = async (
  app,
  { store, clock, hub },
) => {
  const list = {
    schema: sessionListSchema,
    preValidation: [app.authenticate(READ), clampQuery(sessionListQuery)],
    config: { invalidRequest: invalidList },
  };
  app.get('/api/sessions', list, async (request, reply) => {
    const caller = callerOf(request);
    // As the schema and clampQuery leave it: strings where given, the limit a number in range.
    const query = request.query as { username?: string; limit: number; cursor?: string };
    const limit = query.limit;
    let after: SessionPosition | undefined;
    if (query.cursor !== undefined && query.cursor !== '') {
      const position = decodeCursor(query.cursor);
      if (!position || !store.sessionPositionExists(position)) return refuseCursor(reply);
      after = position;
    }
    const username = query.username === '' ? undefined : query.username;
    const rows = store.listSessions({ now: clock.now(), limit: limit + 1, username, after });
    const page = rows.slice(0, limit);
    const ownSeq = caller.via === 'session' ? caller.session.seq : null;
    const sessions: ActiveSession[] = page.map((row) => ({
      id: row.id,
      username: row.username,
      ip: row.ip,
      userAgent: row.userAgent,
      createdAt: iso(row.createdAt),
      lastSeenAt: iso(row.lastSeenAt),
      expiresAt: iso(row.expiresAt),
      rememberMe: row.remember,
      current: row.seq === ownSeq,
    }));
    const last = page[page.length - 1];
    const response: SessionListResponse = { sessions };
    if (rows.length > limit && last) response.nextCursor = encodeCursor(last);
    return response;
  });

  const summary = { schema: summarySchema, preValidation: app.authenticate(READ) };
  app.get('/api/sessions/summary', summary, async () => {
    const counts: SessionSummary = store.summary(clock.now());
    return counts;
  });

  app.delete(
    '/api/sessions/:id',
    { schema: revokeSchema, preValidation: app.authenticate(UPDATE) },
    async (request, reply) => {
      const caller = callerOf(request);
      const { id } = request.params as { id: string };
      const revoked = store.revokeSession(id, caller.actor);
      if (!revoked) return sendError(reply, 404, 'not_found', 'No active session has this id.');
      hub.deliver();
      hub.endSessionStreams([revoked.seq]);
      if (caller.via === 'session' && caller.session.seq === revoked.seq) {
        clearSessionCookie(reply, caller.session);
      }
      return reply.code(204).send();
    },
  );

  app.post(
    '/api/sessions/invalidate-all',
    {
      schema: invalidateAllSchema,
      preValidation: app.authenticate(UPDATE),
      config: { invalidRequest: invalidConfirmation },
    },
    async (request, reply) => {
      const caller = callerOf(request);
      const { count, at } = store.invalidateAll(caller.actor);
      hub.deliver();
      hub.end((stream) => stream.sessionSeq !== null);
      if (caller.via === 'session') clearSessionCookie(reply, caller.session);
      const response: InvalidateAllResponse = { invalidated: count, at: iso(at) };
      return response;
    },
  );
};
