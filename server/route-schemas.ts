/**
 * The `schema` of the health, auth and settings routes of the contract (docs/session-api.md;
 * the session and event routes' are in session-route-schemas.ts), the usual Fastify way:
 * params, querystring, headers and body are validated (see request-checks.ts for how a
 * refusal is answered), the responses serialize the answers, and @fastify/swagger turns the
 * whole into docs/openapi.json (`npm run openapi`). Summaries and descriptions say what the
 * contract says, for whoever implements it in front of a real QuickBox server.
 */

import { PERMISSIONS } from '../src-shared/quickbox';
import type { JsonSchema } from './settings-json-schema';
import type { RouteSchema } from './wire-schemas';
import {
  BODY_REPLIES,
  INSTANT,
  PUBLIC_REPLIES,
  READ_NOTE,
  SECURITY,
  UPDATE_NOTE,
  badRequest,
  emptyReply,
  errorReply,
  header,
  protectedReplies,
  ref,
} from './wire-schemas';

const permissions = {
  type: 'array',
  items: { type: 'string', enum: [...PERMISSIONS] },
};

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
        expiresAt: INSTANT,
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
      ...emptyReply('Signed out.'),
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
