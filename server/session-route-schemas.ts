/**
 * The `schema` of the session and event routes of the contract (docs/session-api.md), as
 * route-schemas.ts does for the others: listing, counting, revoking and invalidating
 * sessions, and the event feed as a JSON page or a Server-Sent Events stream.
 */

import { INVALIDATE_ALL_PHRASE } from '../src-shared/quickbox';
import type { JsonSchema } from './settings-json-schema';
import type { RouteSchema } from './wire-schemas';
import {
  BODY_REPLIES,
  INSTANT,
  READ_NOTE,
  SECURITY,
  UPDATE_NOTE,
  badRequest,
  emptyReply,
  errorReply,
  protectedReplies,
  ref,
} from './wire-schemas';

/** The query of `GET /api/sessions` (its integers are clamped, see `clampQuery`). */
export const sessionListQuery: JsonSchema = {
  type: 'object',
  properties: {
    username: { type: 'string', description: 'Only this user\'s sessions ("": everyone).' },
    limit: {
      type: 'integer',
      minimum: 1,
      maximum: 500,
      default: 100,
      description:
        'Page size. A value outside 1..500 is clamped to it; one that is not a whole number counts as 100.',
    },
    cursor: {
      type: 'string',
      pattern: '^[A-Za-z0-9_-]*$',
      description: 'The nextCursor of the previous page ("": the first page).',
    },
  },
};

/** `GET /api/sessions`. */
export const sessionListSchema: RouteSchema = {
  summary: 'List active sessions, oldest first, a page at a time',
  description: `${READ_NOTE} Ended, expired, revoked and evicted sessions are not listed.`,
  tags: ['sessions'],
  operationId: 'listSessions',
  security: SECURITY,
  querystring: sessionListQuery,
  response: {
    200: {
      description: 'A page of active sessions.',
      type: 'object',
      required: ['sessions'],
      additionalProperties: false,
      properties: {
        sessions: { type: 'array', items: ref('ActiveSession') },
        nextCursor: { type: 'string', description: 'Absent on the last page.' },
      },
    },
    400: errorReply(
      'invalid_cursor: the cursor is not one this server gave out; bad_request: a query value is not text (a repeated username, say).',
      ['invalid_cursor', 'bad_request'],
    ),
    ...protectedReplies(true),
  },
};

/** `GET /api/sessions/summary`. */
export const summarySchema: RouteSchema = {
  summary: 'Count active sessions, in all and by user',
  description: `${READ_NOTE} byUser is sorted by username; users without an active session are left out.`,
  tags: ['sessions'],
  operationId: 'sessionSummary',
  security: SECURITY,
  response: {
    200: {
      description: 'The counts.',
      type: 'object',
      required: ['active', 'byUser'],
      additionalProperties: false,
      properties: {
        active: { type: 'integer', minimum: 0 },
        byUser: {
          type: 'array',
          items: {
            type: 'object',
            required: ['username', 'count'],
            additionalProperties: false,
            properties: { username: { type: 'string' }, count: { type: 'integer', minimum: 0 } },
          },
        },
      },
    },
    ...protectedReplies(true),
  },
};

/** `DELETE /api/sessions/{id}`. */
export const revokeSchema: RouteSchema = {
  summary: 'Revoke one session',
  description: `${UPDATE_NOTE} Records session.revoked. Revoking one's own session also clears its cookie.`,
  tags: ['sessions'],
  operationId: 'revokeSession',
  security: SECURITY,
  params: {
    type: 'object',
    required: ['id'],
    properties: { id: { type: 'string', description: 'The id of an active session.' } },
  },
  response: {
    204: emptyReply('Revoked.'),
    ...protectedReplies(true),
    404: errorReply('No active session has this id.', ['not_found']),
  },
};

/** `POST /api/sessions/invalidate-all`. */
export const invalidateAllSchema: RouteSchema = {
  summary: 'End every active session',
  description: `${UPDATE_NOTE} Every active session ends, the caller's own too; API keys keep working. Records sessions.invalidated_all.`,
  tags: ['sessions'],
  operationId: 'invalidateAll',
  security: SECURITY,
  body: {
    type: 'object',
    required: ['confirm'],
    properties: {
      confirm: {
        type: 'string',
        const: INVALIDATE_ALL_PHRASE,
        description: 'Exactly this phrase; anything else invalidates nothing.',
      },
    },
  },
  response: {
    200: {
      description: 'Invalidated.',
      type: 'object',
      required: ['invalidated', 'at'],
      additionalProperties: false,
      properties: { invalidated: { type: 'integer', minimum: 0 }, at: INSTANT },
    },
    400: badRequest('The body is not valid JSON, or confirm is not the phrase.', [
      'confirmation_required',
    ]),
    ...protectedReplies(true),
    ...BODY_REPLIES,
  },
};

/** The query of the JSON event feed (its integers are clamped, see `clampQuery`). */
export const eventPageQuery: JsonSchema = {
  type: 'object',
  properties: {
    after: {
      type: 'integer',
      minimum: 0,
      maximum: Number.MAX_SAFE_INTEGER,
      default: 0,
      description:
        'Events after this id (0: from the oldest kept). Not a whole number: 0; negative: 0. Not for the stream.',
    },
    limit: {
      type: 'integer',
      minimum: 1,
      maximum: 1000,
      default: 100,
      description:
        'Page size. A value outside 1..1000 is clamped to it; one that is not a whole number counts as 100. Not for the stream.',
    },
  },
};

const SSE_FORMAT =
  'Server-Sent Events: first a retry: line, then one message per event (id: the event id, event: its type, data: the whole QuickBoxEvent as JSON), and a comment line every 15 s. With Last-Event-ID, every kept event after it first, then live ones: no gap, no duplicate; without (or non-numeric), only live ones. A stream opened with a session receives the event that ended that session, then is closed.';

/** `GET /api/sessions/events`. */
export const eventsSchema: RouteSchema = {
  summary: 'The event feed: a JSON page, or a live Server-Sent Events stream',
  description: `${READ_NOTE} With Accept: text/event-stream the answer is a stream (after and limit do not apply); otherwise a JSON page, oldest first. Events are kept at least 7 days.`,
  tags: ['events'],
  operationId: 'events',
  security: SECURITY,
  querystring: eventPageQuery,
  headers: {
    type: 'object',
    properties: {
      'Last-Event-ID': {
        type: 'string',
        description: 'Stream only: resume after this event id.',
      },
    },
  },
  response: {
    200: {
      description: 'A page of events, or the stream.',
      content: {
        'application/json': {
          schema: {
            type: 'object',
            required: ['events', 'lastId'],
            additionalProperties: false,
            properties: {
              events: { type: 'array', items: ref('QuickBoxEvent') },
              lastId: {
                type: 'integer',
                minimum: 0,
                description: 'The id of the last event returned, or after when none.',
              },
            },
          },
        },
        'text/event-stream': { schema: { type: 'string', description: SSE_FORMAT } },
      },
    },
    ...protectedReplies(true),
  },
};
