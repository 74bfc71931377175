/**
 * The page the window shows when its renderer crashed or failed to load twice in a row. It is
 * part of the main bundle (not of the renderer build, which may be what failed) and served
 * by the app:// handler under the app's own origin and CSP: static HTML, no script, no
 * inline style, so the CSP needs no exception for it.
 */

import { APP_ORIGIN } from './app-path';
import { LOG_FILE } from '../core/support/file-logger';

/** What happened to the renderer. */
export type RendererFailure = 'crashed' | 'load-failed';

const PATHS: Record<RendererFailure, string> = {
  crashed: '/error/renderer-stopped.html',
  'load-failed': '/error/load-failed.html',
};

const HEADINGS: Record<RendererFailure, string> = {
  crashed: 'The window stopped working',
  'load-failed': 'The window could not be loaded',
};

const EXPLANATIONS: Record<RendererFailure, string> = {
  crashed: 'The window stopped twice in a row, so it was not reloaded again.',
  'load-failed': 'The page of the window could not be loaded twice in a row.',
};

/** The app:// URL of the page for `failure`. */
export function errorPageUrl(failure: RendererFailure): string {
  return `${APP_ORIGIN}${PATHS[failure]}`;
}

/** The HTML of the page at `pathname` (of the app:// origin), or null if it is not one. */
export function errorPageAt(pathname: string): string | null {
  const failure = (Object.keys(PATHS) as RendererFailure[]).find((key) => PATHS[key] === pathname);
  if (!failure) return null;
  return [
    '<!doctype html>',
    '<html lang="en"><head><meta charset="utf-8">',
    '<meta name="color-scheme" content="dark light">',
    `<title>${HEADINGS[failure]}</title></head><body>`,
    `<h1>${HEADINGS[failure]}</h1>`,
    `<p>${EXPLANATIONS[failure]} The app is still running: your servers are still watched and`,
    'notifications still arrive.</p>',
    '<p><a href="/index.html">Try again</a>, or quit the app from the tray and start it again.</p>',
    `<p>If it happens again, send <code>${LOG_FILE}</code> to your support contact: Help &gt;`,
    'Open logs folder, or the tray menu.</p>',
    '</body></html>',
  ].join('\n');
}
