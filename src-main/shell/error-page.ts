/**
 * The page the window shows when its renderer crashed or failed to load twice in a row. It is
 * part of the main bundle (not of the renderer build, which may be what failed) and served
 * by the app:// handler under the app's own origin and CSP: static HTML, no script, no
 * inline style, so the CSP needs no exception for it.
 */

import { isLocale, type Locale } from '../../src-shared/i18n/locales';
import { APP_ORIGIN } from './app-path';
import { LOG_FILE } from '../core/support/file-logger';
import { shellTranslator } from './shell-language';

/** What happened to the renderer. */
export type RendererFailure = 'crashed' | 'load-failed';

const PATHS: Record<RendererFailure, string> = {
  crashed: '/error/renderer-stopped.html',
  'load-failed': '/error/load-failed.html',
};

const HEADINGS = {
  crashed: 'shell.errorPage.crashed.heading',
  'load-failed': 'shell.errorPage.loadFailed.heading',
} as const;

const EXPLANATIONS = {
  crashed: 'shell.errorPage.crashed.explanation',
  'load-failed': 'shell.errorPage.loadFailed.explanation',
} as const;

/** The app:// URL of the page for `failure`, in the window's language (`?lang=`). */
export function errorPageUrl(failure: RendererFailure, locale: Locale): string {
  return `${APP_ORIGIN}${PATHS[failure]}?lang=${encodeURIComponent(locale)}`;
}

/** The locale a page's address asks for (`?lang=`), English when none or none known. */
export function localeOfAddress(address: string): Locale {
  const asked = URL.parse(address)?.searchParams.get('lang');
  return isLocale(asked) ? asked : 'en';
}

/** Text made safe to put between HTML tags. */
function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** A part of a message made by one of its tags: already HTML. */
interface Markup {
  html: string;
}

/**
 * The HTML of the page at `pathname` (of the app:// origin) in `locale`, or null if it is
 * not one. Translated text is escaped; only the page's own tags (`<a>`, `<code>`) are markup.
 */
export function errorPageAt(pathname: string, locale: Locale = 'en'): string | null {
  const failure = (Object.keys(PATHS) as RendererFailure[]).find((key) => PATHS[key] === pathname);
  if (!failure) return null;
  const t = shellTranslator(locale);
  const html = (parts: (string | Markup)[]): string =>
    parts.map((part) => (typeof part === 'string' ? escapeHtml(part) : part.html)).join('');
  const tag =
    (open: string, close: string) =>
    (chunks: (string | Markup)[]): Markup => ({ html: `${open}${html(chunks)}${close}` });
  const heading = escapeHtml(t.t(HEADINGS[failure]));
  const logs = html(
    t.rich<Markup>('shell.errorPage.logs', {
      logFile: LOG_FILE,
      code: tag('<code>', '</code>'),
    }),
  );
  const retry = html(
    t.rich<Markup>('shell.errorPage.retry', { a: tag('<a href="/index.html">', '</a>') }),
  );
  return [
    '<!doctype html>',
    `<html lang="${escapeHtml(t.formattingLocale)}" dir="${t.direction}"><head><meta charset="utf-8">`,
    '<meta name="color-scheme" content="dark light">',
    `<title>${heading}</title></head><body>`,
    `<h1>${heading}</h1>`,
    `<p>${escapeHtml(t.t(EXPLANATIONS[failure]))} ${escapeHtml(t.t('shell.errorPage.stillRunning'))}</p>`,
    `<p>${retry}</p>`,
    `<p>${logs}</p>`,
    '</body></html>',
  ].join('\n');
}
