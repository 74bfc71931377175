/**
 * The language the window starts in, known before anything is fetched so the active
 * language's catalog loads beside the first requests: the `lang` the app put in the
 * window's address (main knows the admin's choice and the system's languages), else the
 * languages the page's browser prefers, else English.
 */

import { chooseLocale, isLocale, type Locale } from '../../src-shared/i18n/locales';

/** The locale of the address's `lang`, or the browser's languages' best match. */
export function startLocale(
  location: Pick<Location, 'search'>,
  languages: readonly string[],
): Locale {
  const asked = new URLSearchParams(location.search).get('lang');
  if (asked !== null && isLocale(asked)) return asked;
  return chooseLocale(languages);
}
