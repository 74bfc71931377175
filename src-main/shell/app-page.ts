/**
 * Whether a URL is the app's own page, by origin: the built app's `app://quickbox` (see
 * app-path.ts) or, in development, the dev server's http(s) origin. Any path of that origin
 * is the app's: the scheme serves nothing but the built renderer folder.
 */

import type { Locale } from '../../src-shared/i18n/locales';
import { sameOrigin } from '../../src-shared/origin';

/**
 * Whether `candidate` is a page of the app at `appUrl` (same scheme, host and port, as
 * Chromium sees the origin of app://; a file is never the app's page: it has no origin).
 */
export function isAppPageUrl(candidate: string, appUrl: string): boolean {
  return sameOrigin(candidate, appUrl);
}

/**
 * The app page's address with the language it starts in (`?lang=de`), so the window loads
 * that language's catalog at once (src-renderer/i18n/start-locale.ts).
 */
export function pageUrlIn(appUrl: string, locale: Locale): string {
  const url = new URL(appUrl);
  url.searchParams.set('lang', locale);
  return url.toString();
}
