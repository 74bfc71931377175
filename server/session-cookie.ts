/** The session cookie of the contract: its name and its `Set-Cookie` value. */
import { validateHeaderValue } from 'node:http';
import type { SessionRow } from './store';

/** The name of the session cookie. */
export const COOKIE_NAME = 'qb_session';

/** The cookie attributes a session recorded when it was created. */
export type CookieAttributes = Pick<SessionRow, 'cookiePath' | 'cookieSecure' | 'cookieSameSite'>;

/**
 * The `Set-Cookie` value of a session cookie; `maxAgeSeconds` null for a browser-session
 * cookie. It throws, as `writeHead` would, when Node cannot send the value (a path outside
 * visible ASCII stored by an older version, say), so that a caller builds it before it
 * changes anything: a login that cannot answer must not create a session or evict one.
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
