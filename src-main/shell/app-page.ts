/**
 * Whether a URL is the app's own page, by origin: the built app's `app://quickbox` (see
 * app-path.ts) or, in development, the dev server's http(s) origin. Any path of that origin
 * is the app's: the scheme serves nothing but the built renderer folder.
 */

import { sameOrigin } from '../../src-shared/origin';

/**
 * Whether `candidate` is a page of the app at `appUrl` (same scheme, host and port, as
 * Chromium sees the origin of app://; a file is never the app's page: it has no origin).
 */
export function isAppPageUrl(candidate: string, appUrl: string): boolean {
  return sameOrigin(candidate, appUrl);
}
