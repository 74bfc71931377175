/**
 * The `qb_session` cookie: its `Set-Cookie` value from the attributes a session recorded at
 * login, how long it lives, and the one clearing answer for a session a request ended.
 * `@fastify/cookie` parses the request's cookies, but the `Set-Cookie` value is built here:
 * its serializer (the `cookie` package, 2.x) refuses "<" in a Path, which RFC 6265 section
 * 4.1.1 allows and the shared settings rule accepts, so a saved path such as `/a<b` would
 * fail every login.
 */

import { validateHeaderValue } from 'node:http';
import type { FastifyReply } from 'fastify';
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
 * the browser (neither `Max-Age` nor `Expires`). It throws, as `writeHead` would, when Node
 * cannot send the value (a path outside visible ASCII stored by an older version, say), so
 * that a caller builds it before it changes anything: a login that cannot answer must not
 * create a session or evict one.
 */
export function sessionCookie(
  token: string,
  attributes: CookieAttributes,
  maxAgeSeconds: number | null,
): string {
  const sameSite =
    attributes.cookieSameSite.charAt(0).toUpperCase() + attributes.cookieSameSite.slice(1);
  const parts = [`${COOKIE_NAME}=${token}`, `Path=${attributes.cookiePath}`, 'HttpOnly'];
  if (attributes.cookieSecure) parts.push('Secure');
  parts.push(`SameSite=${sameSite}`);
  if (maxAgeSeconds !== null) parts.push(`Max-Age=${maxAgeSeconds}`);
  const value = parts.join('; ');
  validateHeaderValue('set-cookie', value);
  return value;
}

/**
 * Answers with the clearing cookie of a session the request ended (same attributes,
 * `Max-Age=0`), replacing any cookie set earlier in the request: a reset-expiry cookie is
 * never re-sent for a session that is gone.
 */
export function clearSessionCookie(reply: FastifyReply, attributes: CookieAttributes): void {
  reply.removeHeader('set-cookie');
  reply.header('set-cookie', sessionCookie('', attributes, 0));
}
