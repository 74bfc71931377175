/**
 * The `schema` of every route of the contract (shared/session-api.md), the usual Fastify way:
 * params, querystring, headers and body are validated (see request-checks.ts for how a
 * refusal is answered), the responses serialize the answers, and @fastify/swagger turns the
 * whole into docs/openapi.json (`npm run openapi`). Summaries and descriptions say what the
 * contract says, for whoever implements it in front of a real QuickBox server.
 */

import type { FastifySchema } from 'fastify';
import { INVALIDATE_ALL_PHRASE, PERMISSIONS } from '../src-shared/quickbox';
import type { JsonSchema } from './settings-json-schema';
import {
  BODY_REPLIES,
  PUBLIC_REPLIES,
  SECURITY,
  badRequest,
  errorReply,
  header,
  protectedReplies,
  ref,
} from './wire-schemas';

/** A route's schema, with the OpenAPI fields @fastify/swagger reads beside Fastify's. */
type RouteSchema = FastifySchema & JsonSchema;

const instant = { type: 'string', format: 'date-time' };
const permissions = {
  type: 'array',
  items: { type: 'string', enum: [...PERMISSIONS] },
};
const empty = (description: string) => ({ type: 'null', description });
const READ_NOTE = 'Needs admin.sessions.read.';
const UPDATE_NOTE = 'Needs admin.settings.update.';

/** `GET /api/health`. */
export const healthSchema: RouteSchema = {
  summary: 'Health and identity of the server',
  tags: ['health'],
  operationId: 'health',
  security: [],
  response: {
    200: {
      description: 'The server is up.',
      type: 'object',
      required: ['status', 'name', 'version'],
      additionalProperties: false,
      properties: {
        status: { type: 'string', const: 'ok' },
        name: { type: 'string', description: 'The display name of the server.' },
        version: { type: 'string', description: 'The version of the server.' },
      },
    },
    ...PUBLIC_REPLIES,
  },
};

const loginBody: JsonSchema = {
  type: 'object',
  required: ['username', 'password'],
  properties: {
    username: { type: 'string' },
    password: { type: 'string' },
    otp: {
      anyOf: [{ type: 'string' }, { type: 'number' }, { type: 'null' }],
      description: 'The TOTP code, for a user who has TOTP ("" or null: none sent).',
    },
    rememberMe: {
      type: 'boolean',
      description: 'A remembered session, if remember-me is on (rememberMeDays > 0).',
    },
  },
};

/** `POST /api/auth/login`. */
export const loginSchema: RouteSchema = {
  summary: 'Sign in with a username and password (and a TOTP code)',
  description:
    'Returns a token that IS the session: send it as Authorization: Bearer, or as the qb_session cookie set here (its attributes follow the cookie settings in force; Max-Age only for a remembered session). A body that does not fit the schema is 401 invalid_credentials, counted like a wrong password. 5 failed attempts for one username, or 20 from one address, within 15 minutes: every attempt for it is 429 until they age out. Successful logins and an otp_required answer to a request without otp do not count.',
  tags: ['auth'],
  operationId: 'login',
  security: [],
  body: loginBody,
  response: {
    200: {
      description: 'Signed in.',
      type: 'object',
      required: ['token', 'expiresAt', 'user'],
      additionalProperties: false,
      properties: {
        token: { type: 'string', minLength: 1 },
        expiresAt: instant,
        user: {
          type: 'object',
          required: ['username', 'permissions'],
          additionalProperties: false,
          properties: { username: { type: 'string' }, permissions },
        },
      },
      headers: { 'Set-Cookie': header('qb_session=<token>; Path; HttpOnly; [Secure;] SameSite') },
    },
    400: badRequest('The body is not valid JSON.', []),
    401: errorReply('Wrong credentials, or the account needs a (valid) TOTP code.', [
      'invalid_credentials',
      'otp_required',
    ]),
    ...BODY_REPLIES,
    429: errorReply(
      'Too many failed sign-ins.',
      ['rate_limited'],
      {},
      {
        'Retry-After': header('Whole seconds until an attempt is allowed again.'),
      },
    ),
    ...PUBLIC_REPLIES,
  },
};

/** `GET /api/auth/me`. */
export const meSchema: RouteSchema = {
  summary: 'Who the credentials belong to',
  tags: ['auth'],
  operationId: 'me',
  security: SECURITY,
  response: {
    200: {
      description: "The caller. For an API key, username is the key's label.",
      type: 'object',
      required: ['username', 'permissions', 'via'],
      additionalProperties: false,
      properties: {
        username: { type: 'string' },
        permissions,
        via: { type: 'string', enum: ['session', 'api_key'] },
        scopes: {
          type: 'array',
          items: { type: 'string', enum: ['read', 'write'] },
          description: "An API key's scopes (absent for a session).",
        },
      },
    },
    ...protectedReplies(false),
  },
};

/** `POST /api/auth/logout`. */
export const logoutSchema: RouteSchema = {
  summary: 'End the session',
  description:
    'The session ends and the cookie is cleared (Max-Age=0, same Path). With an API key: 204, nothing changes.',
  tags: ['auth'],
  operationId: 'logout',
  security: SECURITY,
  response: {
    204: {
      ...empty('Signed out.'),
      headers: { 'Set-Cookie': header('qb_session=; ...; Max-Age=0 (for a session)') },
    },
    ...protectedReplies(false),
  },
};

const etag = { ETag: header('The version in double quotes ("1").') };

/** `GET /api/settings/sessions`. */
export const getSettingsSchema: RouteSchema = {
  summary: 'Read the session settings',
  description: READ_NOTE,
  tags: ['settings'],
  operationId: 'getSettings',
  security: SECURITY,
  response: {
    200: { description: 'The settings.', ...ref('SettingsDocument'), headers: etag },
    ...protectedReplies(true),
  },
};

/** `PUT /api/settings/sessions`. */
export const putSettingsSchema: RouteSchema = {
  summary: 'Save the session settings',
  description: `${UPDATE_NOTE} Checks in order: body (413/400), 401, 403, If-Match (428/412), then the rules (422). version, updatedAt and updatedBy are read-only and ignored if sent; any other key outside the model is 422 unknown_field. A PUT that changes nothing answers 200 with the same version and records no event; a change records settings.updated.`,
  tags: ['settings'],
  operationId: 'putSettings',
  security: SECURITY,
  headers: {
    type: 'object',
    required: ['If-Match'],
    properties: {
      'If-Match': {
        type: 'string',
        description:
          'The ETag the edit started from. A list of tags is accepted; W/"n" equals "n"; * matches.',
      },
    },
  },
  body: ref('Settings'),
  response: {
    200: { description: 'Saved: the new settings.', ...ref('SettingsDocument'), headers: etag },
    400: badRequest('The body is not valid JSON.', []),
    ...protectedReplies(true),
    412: errorReply(
      'The settings changed since that version.',
      ['version_conflict'],
      { properties: { current: ref('SettingsDocument') }, required: ['current'] },
      etag,
    ),
    ...BODY_REPLIES,
    422: errorReply('The settings break the rules.', ['invalid_settings'], {
      properties: { errors: { type: 'array', items: ref('SettingsIssue') } },
      required: ['errors'],
    }),
    428: errorReply('No If-Match was sent.', ['precondition_required']),
  },
};

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
    204: empty('Revoked.'),
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
      properties: { invalidated: { type: 'integer', minimum: 0 }, at: instant },
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
