/**
 * The `qb_session` cookie: the attributes a session recorded at login, how long the cookie
 * lives, and the one clearing answer for a session a request ended. `@fastify/cookie` parses
 * the request's cookies and builds every `Set-Cookie` here; these helpers write the header
 * themselves rather than through `reply.setCookie`, whose cookies are only built in `onSend`,
 * which an event stream's hijacked reply never runs.
 */

import type { FastifyInstance, FastifyReply } from 'fastify';
import type { SameSite } from '../src-shared/settings';
import type { SessionRow } from './schema';

/** The session cookie's name (the contract's). */
export const COOKIE_NAME = 'qb_session';

/** The cookie attributes a session recorded when it started. */
export type CookieAttributes = Pick<SessionRow, 'cookiePath' | 'cookieSecure' | 'cookieSameSite'>;

/** Seconds a cookie may live, rounded up so it never dies before the session it carries. */
export function secondsLeft(expiresAt: number, now: number): number {
  return Math.max(0, Math.ceil((expiresAt - now) / 1000));
}

/**
 * The `Set-Cookie` value of a session cookie; `maxAgeSeconds` null for a cookie that dies with
 * the browser (neither `Max-Age` nor `Expires`).
 */
export function sessionCookie(
  server: FastifyInstance,
  token: string,
  attributes: CookieAttributes,
  maxAgeSeconds: number | null,
): string {
  return server.serializeCookie(COOKIE_NAME, token, {
    path: attributes.cookiePath,
    httpOnly: true,
    secure: attributes.cookieSecure,
    sameSite: attributes.cookieSameSite as SameSite,
    ...(maxAgeSeconds === null ? {} : { maxAge: maxAgeSeconds }),
  });
}

/**
 * Answers with the clearing cookie of a session the request ended (same attributes,
 * `Max-Age=0`), replacing any cookie set earlier in the request: a reset-expiry cookie is
 * never re-sent for a session that is gone.
 */
export function clearSessionCookie(reply: FastifyReply, attributes: CookieAttributes): void {
  reply.removeHeader('set-cookie');
  reply.header('set-cookie', sessionCookie(reply.server, '', attributes, 0));
}
