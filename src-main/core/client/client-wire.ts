/**
 * The wire shapes of the QuickBox session API (docs/session-api.md): one zod schema per
 * answer, each checked by `satisfies` against the type the rest of the app reads, so the
 * schema and the type cannot drift apart. Only shapes live here; turning a body that does
 * not fit into an AppError is the error mapping's job (client-errors.ts).
 */

import { z } from 'zod';
import type {
  HealthResponse,
  InvalidateAllResponse,
  LoginResponse,
  MeResponse,
  QuickBoxEventType,
  SessionListResponse,
  SessionSummary,
} from '../../../src-shared/quickbox';
import { settingsIssueSchema } from '../../../src-shared/settings-schema';

/** `GET /api/health`. */
export const healthSchema = z.object({
  status: z.literal('ok'),
  name: z.string(),
  version: z.string(),
}) satisfies z.ZodType<HealthResponse>;

/** `POST /api/auth/login`. */
export const loginSchema = z.object({
  token: z.string().min(1),
  expiresAt: z.string(),
  user: z.object({ username: z.string(), permissions: z.array(z.string()) }),
}) satisfies z.ZodType<LoginResponse>;

/** `GET /api/auth/me`. */
export const meSchema = z.object({
  username: z.string(),
  permissions: z.array(z.string()),
  via: z.enum(['session', 'api_key']),
  scopes: z.array(z.string()).optional(),
}) satisfies z.ZodType<MeResponse>;

const sessionSchema = z.object({
  id: z.string(),
  username: z.string(),
  ip: z.string(),
  userAgent: z.string(),
  createdAt: z.string(),
  lastSeenAt: z.string(),
  expiresAt: z.string(),
  rememberMe: z.boolean(),
  current: z.boolean(),
});

/** `GET /api/sessions`. */
export const sessionListSchema = z.object({
  sessions: z.array(sessionSchema),
  nextCursor: z.string().optional(),
}) satisfies z.ZodType<SessionListResponse>;

/** `GET /api/sessions/summary`. */
export const summarySchema = z.object({
  active: z.number().int().min(0),
  byUser: z.array(z.object({ username: z.string(), count: z.number().int().min(0) })),
}) satisfies z.ZodType<SessionSummary>;

/** `POST /api/sessions/invalidate-all`. */
export const invalidateAllSchema = z.object({
  invalidated: z.number().int().min(0),
  at: z.string(),
}) satisfies z.ZodType<InvalidateAllResponse>;

const sessionRef = z.object({ sessionId: z.string(), username: z.string() });

/** The `data` of each event type this app knows. */
export const eventDataSchemas = {
  'sessions.invalidated_all': z.object({ invalidated: z.number().int().min(0) }),
  'session.revoked': sessionRef,
  'session.evicted': sessionRef,
  'settings.updated': z.object({ version: z.number().int(), changed: z.array(z.string()) }),
} as const satisfies Record<QuickBoxEventType, z.ZodType>;

/** One event of the feed, whatever its type (its `data` is checked per type). */
export const rawEventSchema = z.object({
  id: z.number().int().min(1),
  type: z.string(),
  at: z.string(),
  actor: z.string(),
  data: z.unknown(),
});

/** `GET /api/sessions/events` as JSON: the events are checked one by one. */
export const eventPageSchema = z.object({ events: z.array(z.unknown()), lastId: z.number().int() });

/** The body of every error answer. */
export const errorBodySchema = z.object({
  error: z.string(),
  message: z.string().optional(),
  permission: z.string().optional(),
  current: z.unknown().optional(),
  errors: z.array(settingsIssueSchema).optional(),
});
