/**
 * Who is calling, and may they: the hook every protected route runs before its handler. It
 * reads the credentials (API key, else bearer token, else the `qb_session` cookie), records a
 * session's activity and answers 401 or 403 with the contract's body. It runs as a
 * `preValidation` hook, after the body is read and before the route's schemas are applied, so
 * a bad body is refused before the credentials are looked at, and content is judged after
 * them (the contract's check order: body, 401, 403, then the route's own checks).
 */

import type { FastifyReply, FastifyRequest, preValidationAsyncHookHandler } from 'fastify';
import { fastifyPlugin } from 'fastify-plugin';
import type { ApiKeyScope } from '../src-shared/quickbox';
import type { ServerContext } from './context';
import { sendError } from './error-replies';
import type { SessionRow } from './schema';
import { sha256Hex } from './secrets';
import { COOKIE_NAME, secondsLeft, sessionCookie } from './session-cookie';

/** Reading settings, sessions and events. */
export const READ = 'admin.sessions.read';
/** Changing settings and ending sessions. */
export const UPDATE = 'admin.settings.update';

/** Who is calling, and with what rights. */
export type Caller =
  | {
      via: 'session';
      actor: string;
      permissions: string[];
      session: SessionRow;
      token: string;
      tokenHash: string;
    }
  | { via: 'api_key'; actor: string; permissions: string[]; scopes: ApiKeyScope[] };

declare module 'fastify' {
  interface FastifyInstance {
    /** A preValidation hook: 401 without usable credentials, 403 without `permission`. */
    authenticate(permission?: string): preValidationAsyncHookHandler;
  }
  interface FastifyRequest {
    /** Who is calling, set by the authentication hook (null on routes without it). */
    caller: Caller | null;
  }
}

/** When a session ends if it is seen active at `now` (see the contract's session semantics). */
export function expiryAfterActivity(session: SessionRow, now: number): number {
  const absoluteEnd = session.createdAt + session.absoluteMs;
  if (session.remember) {
    return session.resetExpiry
      ? Math.min(now + session.rememberMs, absoluteEnd)
      : session.expiresAt;
  }
  return Math.min(now + session.idleMs, session.createdAt + session.sessionMs, absoluteEnd);
}

/** The caller the authentication hook found; a route that runs without the hook is a bug. */
export function callerOf(request: FastifyRequest): Caller {
  if (!request.caller) throw new Error(`${request.url} is served without the authentication hook`);
  return request.caller;
}

function apiKeyCaller({ store }: ServerContext, key: string): Caller | null {
  const found = store.useApiKey(key);
  if (!found) return null;
  return {
    via: 'api_key',
    actor: found.label,
    scopes: found.scopes,
    permissions: found.scopes.includes('write') ? [READ, UPDATE] : [READ],
  };
}

/**
 * The session a token belongs to, if it is active: its activity is recorded (a new
 * `lastSeenAt` and end) and, with reset expiry at logon, the cookie is re-sent with the new
 * `Max-Age`. A session found past its end is marked expired.
 */
function sessionCaller(
  { store, clock }: ServerContext,
  token: string,
  reply: FastifyReply,
): Caller | null {
  const now = clock.now();
  const tokenHash = sha256Hex(token);
  const found = store.sessionByTokenHash(tokenHash);
  if (!found || found.endedAt !== null) return null;
  if (found.expiresAt <= now) {
    store.endSession(found.seq, 'expired');
    return null;
  }
  const expiresAt = expiryAfterActivity(found, now);
  store.touchSession(found.seq, now, expiresAt);
  const session = { ...found, lastSeenAt: now, expiresAt };
  if (session.remember && session.resetExpiry) {
    reply.header('set-cookie', sessionCookie(token, session, secondsLeft(expiresAt, now)));
  }
  return {
    via: 'session',
    actor: session.username,
    permissions: store.user(session.username)?.permissions ?? [],
    session,
    token,
    tokenHash,
  };
}

// An X-API-Key wins when present (an unknown key is 401 even beside a valid bearer token).
function identify(
  context: ServerContext,
  request: FastifyRequest,
  reply: FastifyReply,
): Caller | null {
  const apiKey = request.headers['x-api-key'];
  if (typeof apiKey === 'string' && apiKey !== '') return apiKeyCaller(context, apiKey);
  const authorization = request.headers.authorization;
  const bearer = authorization && /^Bearer\s+(\S+)\s*$/i.exec(authorization)?.[1];
  const token = bearer || request.cookies[COOKIE_NAME];
  return token ? sessionCaller(context, token, reply) : null;
}

/**
 * Shares `authenticate` and `request.caller` with every route plugin (through fastify-plugin,
 * as decorators must be). Needs `@fastify/cookie` registered first, for `request.cookies`.
 */
export const authentication = fastifyPlugin<ServerContext>(
  async (app, context) => {
    app.decorateRequest('caller', null);
    app.decorate(
      'authenticate',
      (permission?: string): preValidationAsyncHookHandler =>
        async (request, reply) => {
          const caller = identify(context, request, reply);
          if (!caller) {
            return sendError(reply, 401, 'unauthenticated', 'Sign in, or send a valid API key.');
          }
          if (permission && !caller.permissions.includes(permission)) {
            return sendError(reply, 403, 'forbidden', `This needs the ${permission} permission.`, {
              permission,
            });
          }
          request.caller = caller;
        },
    );
  },
  { name: 'authentication', dependencies: ['@fastify/cookie'] },
);
