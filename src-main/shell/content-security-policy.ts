/**
 * The renderer's Content Security Policies: the app's (built page) and the dev server's.
 * No electron import here: electron.vite.config.ts uses it too.
 * Why: https://www.electronjs.org/docs/latest/tutorial/security#7-define-a-content-security-policy
 */

import { createHash } from 'node:crypto';

/** One policy; only the script and style sources differ between the app and the dev server. */
function policy(scriptSources: string, styleSources: string): string {
  return [
    "default-src 'none'",
    `script-src ${scriptSources}`,
    `style-src ${styleSources}`,
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/**
 * The policy of the built app: only the app's own scripts and styles, no inline code, no
 * remote connections (everything goes through main). The renderer's index.html carries the
 * same policy in a meta tag; a test keeps the two equal.
 */
export const APP_CSP = policy("'self'", "'self'");

/** The CSP source expression that allows exactly one inline script. */
export function scriptHash(code: string): string {
  return `'sha256-${createHash('sha256').update(code, 'utf8').digest('base64')}'`;
}

/**
 * The policy of the Vite dev server's page (`npm run dev` only, never built): the app's,
 * plus what hot reload needs. Scripts: the given inline scripts by hash (React Refresh's
 * preamble), still no other inline code and no eval. Styles: inline, because Vite injects
 * each stylesheet as a `<style>` tag. Connections: the dev server itself, which 'self'
 * covers for its HMR websocket (CSP 3 matches ws: to an http: 'self').
 */
export function devContentSecurityPolicy(inlineScripts: readonly string[]): string {
  return policy(["'self'", ...inlineScripts.map(scriptHash)].join(' '), "'self' 'unsafe-inline'");
}

const META_POLICY = /(<meta\s+http-equiv="Content-Security-Policy"\s+content=")[^"]*(")/i;

/** The page with its CSP meta tag's policy replaced; throws if the page has no such tag. */
export function withMetaPolicy(html: string, policy: string): string {
  if (!META_POLICY.test(html)) throw new Error('The page has no Content-Security-Policy meta tag');
  return html.replace(
    META_POLICY,
    (_match, start: string, end: string) => `${start}${policy}${end}`,
  );
}
