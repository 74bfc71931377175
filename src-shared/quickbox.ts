/**
 * The wire types of the QuickBox session API contract (docs/session-api.md) that both
 * the reference server and the app's client speak. Paths and headers live in the client
 * module and the server; only the shapes are shared.
 */

import type { SessionSettingsDocument, SettingsIssue } from './settings';

/** The permissions of the contract, named as in QuickBox Pro. */
export const PERMISSIONS = ['admin.sessions.read', 'admin.settings.update'] as const;

/** The scopes a local API key can carry. */
export type ApiKeyScope = 'read' | 'write';

/** The exact phrase `POST /api/sessions/invalidate-all` requires in `confirm`. */
export const INVALIDATE_ALL_PHRASE = 'INVALIDATE ALL SESSIONS';

/** Body of 200 `POST /api/auth/login`. */
export interface LoginResponse {
  token: string;
  expiresAt: string;
  user: { username: string; permissions: string[] };
}

/** Body of `GET /api/auth/me`. */
export interface MeResponse {
  username: string;
  permissions: string[];
  via: 'session' | 'api_key';
  scopes?: string[];
}

/** Body of `GET /api/health`. */
export interface HealthResponse {
  status: 'ok';
  name: string;
  version: string;
}

/** One active session, as `GET /api/sessions` lists it. */
export interface ActiveSession {
  id: string;
  username: string;
  ip: string;
  userAgent: string;
  createdAt: string;
  lastSeenAt: string;
  expiresAt: string;
  rememberMe: boolean;
  current: boolean;
}

/**
 * The fields of an active session, in the contract's order: the one list the reference
 * server's schema requires and `qbsc sessions list --json` selects from.
 */
export const ACTIVE_SESSION_FIELDS = [
  'id',
  'username',
  'ip',
  'userAgent',
  'createdAt',
  'lastSeenAt',
  'expiresAt',
  'rememberMe',
  'current',
] as const satisfies readonly (keyof ActiveSession)[];

/** One field of an active session. */
export type ActiveSessionField = (typeof ACTIVE_SESSION_FIELDS)[number];

/** Body of `GET /api/sessions`. */
export interface SessionListResponse {
  sessions: ActiveSession[];
  nextCursor?: string;
}

/** Body of `GET /api/sessions/summary`. */
export interface SessionSummary {
  active: number;
  byUser: { username: string; count: number }[];
}

/** Body of 200 `POST /api/sessions/invalidate-all`. */
export interface InvalidateAllResponse {
  invalidated: number;
  at: string;
}

/** The event types of the feed, and the `data` of each. */
export interface EventDataMap {
  'sessions.invalidated_all': { invalidated: number };
  'session.revoked': { sessionId: string; username: string };
  'session.evicted': { sessionId: string; username: string };
  'settings.updated': { version: number; changed: string[] };
}
export type QuickBoxEventType = keyof EventDataMap;
export const EVENT_TYPES: readonly QuickBoxEventType[] = [
  'sessions.invalidated_all',
  'session.revoked',
  'session.evicted',
  'settings.updated',
];

/** One event of the feed. */
export type QuickBoxEvent = {
  [T in QuickBoxEventType]: {
    id: number;
    type: T;
    at: string;
    actor: string;
    data: EventDataMap[T];
  };
}[QuickBoxEventType];

/** Body of `GET /api/sessions/events` (JSON polling). */
export interface EventPage {
  events: QuickBoxEvent[];
  lastId: number;
}

/** The error codes of the contract's error bodies, at run time. */
export const API_ERROR_CODES = [
  'invalid_credentials',
  'otp_required',
  'rate_limited',
  'unauthenticated',
  'forbidden',
  'version_conflict',
  'precondition_required',
  'invalid_settings',
  'confirmation_required',
  'not_found',
  'invalid_cursor',
  'payload_too_large',
  'malformed_json',
  // The reference server's answers to requests outside the contract (server/README.md).
  'bad_request',
  'unsupported_media_type',
  'request_timeout',
  'headers_too_large',
  'internal_error',
] as const;

/**
 * An error code of the contract. Closed on purpose: a switch over it on either side is
 * checked for a missing code; an answer with a code outside it is told apart first
 * (`isApiErrorCode`).
 */
export type ApiErrorCode = (typeof API_ERROR_CODES)[number];

/** Whether an error body's code is one the contract defines (a newer server may send others). */
export function isApiErrorCode(code: string): code is ApiErrorCode {
  return (API_ERROR_CODES as readonly string[]).includes(code);
}

/** Every error body: `{ error, message, ... }` with the extra fields of some codes. */
export interface ApiErrorBody {
  error: ApiErrorCode;
  message: string;
  permission?: string;
  current?: SessionSettingsDocument;
  errors?: SettingsIssue[];
}
