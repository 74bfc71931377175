/**
 * The JSON schemas of the contract's shapes that several routes share (docs/session-api.md):
 * a session, an event, a settings issue and the settings themselves, registered once with
 * `app.addSchema` and referenced by `$id` (the OpenAPI document lists them under
 * `components.schemas` by that name), and the builders of the error answers, whose body is
 * always `{ error, message, ... }` with the codes that status can carry on that route.
 */

import type { FastifyInstance, FastifySchema } from 'fastify';
import type { ActiveSessionField, ApiErrorCode, QuickBoxEventType } from '../src-shared/quickbox';
import { ACTIVE_SESSION_FIELDS, EVENT_TYPES } from '../src-shared/quickbox';
import { SETTINGS_ISSUE_CODES } from '../src-shared/settings';
import type { JsonSchema } from './settings-json-schema';
import { settingsDocumentSchema, settingsInputSchema } from './settings-json-schema';

/** A `$ref` to a shared schema by its `$id`. */
export function ref(id: string): JsonSchema {
  return { $ref: `${id}#` };
}

/** A route's schema, with the OpenAPI fields @fastify/swagger reads beside Fastify's. */
export type RouteSchema = FastifySchema & JsonSchema;

/** An instant as the contract writes it (ISO 8601 UTC). */
export const INSTANT: JsonSchema = { type: 'string', format: 'date-time' };

/** The permission notes of the routes' descriptions. */
export const READ_NOTE = 'Needs admin.sessions.read.';
export const UPDATE_NOTE = 'Needs admin.settings.update.';

/** An answer without a body (204). */
export function emptyReply(description: string): JsonSchema {
  return { type: 'null', description };
}

const settingsIssueSchema: JsonSchema = {
  $id: 'SettingsIssue',
  type: 'object',
  required: ['field', 'code', 'message'],
  additionalProperties: false,
  properties: {
    field: {
      type: 'string',
      description: 'The dotted path of the value ("timeouts.idleMinutes"); "" for the body.',
    },
    code: { type: 'string', enum: [...SETTINGS_ISSUE_CODES] },
    message: { type: 'string', description: 'What is wrong, and what would be valid.' },
  },
};

const activeSessionSchema: JsonSchema = {
  $id: 'ActiveSession',
  type: 'object',
  required: [...ACTIVE_SESSION_FIELDS],
  additionalProperties: false,
  properties: {
    id: { type: 'string' },
    username: { type: 'string' },
    ip: { type: 'string', description: 'The address the login came from.' },
    userAgent: { type: 'string', description: "The login's User-Agent ('' if none)." },
    createdAt: INSTANT,
    lastSeenAt: INSTANT,
    expiresAt: INSTANT,
    rememberMe: { type: 'boolean' },
    current: { type: 'boolean', description: "Whether this is the caller's own session." },
  } satisfies Record<ActiveSessionField, JsonSchema>,
};

const sessionRef: JsonSchema = {
  type: 'object',
  required: ['sessionId', 'username'],
  additionalProperties: false,
  properties: { sessionId: { type: 'string' }, username: { type: 'string' } },
};

const EVENT_DATA: Record<QuickBoxEventType, JsonSchema> = {
  'sessions.invalidated_all': {
    type: 'object',
    required: ['invalidated'],
    additionalProperties: false,
    properties: { invalidated: { type: 'integer', minimum: 0 } },
  },
  'session.revoked': sessionRef,
  'session.evicted': sessionRef,
  'settings.updated': {
    type: 'object',
    required: ['version', 'changed'],
    additionalProperties: false,
    properties: {
      version: { type: 'integer', minimum: 1 },
      changed: {
        type: 'array',
        items: { type: 'string' },
        description: 'The dotted leaf paths that changed.',
      },
    },
  },
};

const eventSchema: JsonSchema = {
  $id: 'QuickBoxEvent',
  description:
    'One event of the feed. Ids are integers from 1, strictly increasing (not necessarily consecutive).',
  oneOf: EVENT_TYPES.map((type) => ({
    type: 'object',
    required: ['id', 'type', 'at', 'actor', 'data'],
    additionalProperties: false,
    properties: {
      id: { type: 'integer', minimum: 1 },
      type: { type: 'string', const: type },
      at: INSTANT,
      actor: { type: 'string', description: 'The username or key label that caused it.' },
      data: EVENT_DATA[type],
    },
  })),
};

/** Every shared schema, in the order they must be added (a schema after those it references). */
export const SHARED_SCHEMAS: readonly JsonSchema[] = [
  settingsInputSchema,
  settingsDocumentSchema,
  settingsIssueSchema,
  activeSessionSchema,
  eventSchema,
];

/** Adds the shared schemas to the app (before the routes that reference them). */
export function addSharedSchemas(app: FastifyInstance): void {
  for (const schema of SHARED_SCHEMAS) app.addSchema(schema);
}

/** A response header as the document shows it. */
export function header(description: string): JsonSchema {
  return { type: 'string', description };
}

/** An error answer: `{ error, message }` with `error` one of `codes`, plus `extra` fields. */
export function errorReply(
  description: string,
  codes: readonly ApiErrorCode[],
  extra: { properties?: Record<string, JsonSchema>; required?: string[] } = {},
  headers?: Record<string, JsonSchema>,
): JsonSchema {
  return {
    description,
    type: 'object',
    required: ['error', 'message', ...(extra.required ?? [])],
    additionalProperties: false,
    properties: {
      error: { type: 'string', enum: [...codes] },
      message: { type: 'string', description: 'A human sentence.' },
      ...extra.properties,
    },
    ...(headers ? { headers } : {}),
  };
}

/** The answers every route can give: 500 `internal_error`. */
const ALWAYS = {
  500: errorReply('An unexpected failure (no detail, no stack trace).', ['internal_error']),
};

/** The answers of a route that needs credentials (and, when given, a permission). */
export function protectedReplies(permission: boolean): Record<string, JsonSchema> {
  return {
    401: errorReply('Missing, unknown or ended credentials.', ['unauthenticated']),
    ...(permission
      ? {
          403: errorReply('The caller lacks the permission the route needs.', ['forbidden'], {
            properties: { permission: { type: 'string' } },
            required: ['permission'],
          }),
        }
      : {}),
    ...ALWAYS,
  };
}

/** The answers about a request body, which come before any other check. */
export const BODY_REPLIES: Record<string, JsonSchema> = {
  413: errorReply('The body is over 64 KiB (whatever its type).', ['payload_too_large']),
  415: errorReply('A body that is not application/json.', ['unsupported_media_type']),
};

/** The 400 of a body that does not parse, with the route's own 400 codes. */
export function badRequest(description: string, codes: readonly ApiErrorCode[]): JsonSchema {
  return errorReply(description, ['malformed_json', ...codes]);
}

/** The answers of an unauthenticated route (health). */
export const PUBLIC_REPLIES: Record<string, JsonSchema> = { ...ALWAYS };

/** The three ways of sending credentials (components.securitySchemes of the document). */
export const SECURITY: Record<string, string[]>[] = [
  { bearer: [] },
  { apiKey: [] },
  { sessionCookie: [] },
];
