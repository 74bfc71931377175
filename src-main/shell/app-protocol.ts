/**
 * The `app://` scheme the renderer is served from, instead of file://: a page from file://
 * can read any other file:// URL, and its origin is opaque, so neither the navigation check
 * nor the IPC sender check could name "the app" by origin.
 * Why: https://www.electronjs.org/docs/latest/tutorial/security#18-avoid-usage-of-the-file-protocol-and-prefer-usage-of-custom-protocols
 * How: https://www.electronjs.org/docs/latest/api/protocol#protocolhandlescheme-handler
 */

import { readFile, realpath, stat } from 'node:fs/promises';
import { extname } from 'node:path';
import type { Protocol } from 'electron';
import { APP_ORIGIN, APP_SCHEME, appPathFor, isInside } from './app-path';
import { APP_CSP } from './content-security-policy';
import { errorPageAt, localeOfAddress } from './error-page';

/**
 * The scheme's privileges. `standard` gives it an origin (app://quickbox) and relative URLs;
 * `secure` makes the page a secure context, as https would; `supportFetchAPI` lets the page
 * fetch its own files. Deliberately not: `bypassCSP` (the policy must hold), `corsEnabled`
 * (it would let other origins read app:// responses, electron#52912), service workers.
 */
export const APP_SCHEME_PRIVILEGES = { standard: true, secure: true, supportFetchAPI: true };

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.webp': 'image/webp',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.txt': 'text/plain; charset=utf-8',
};

/** Headers of every answer, a refusal included: the one policy of the app page. */
function headers(contentType: string): Headers {
  return new Headers({
    'Content-Type': contentType,
    'Content-Security-Policy': APP_CSP,
    'X-Content-Type-Options': 'nosniff',
  });
}

function refusal(status: 403 | 404 | 405, text: string): Response {
  return new Response(text, { status, headers: headers('text/plain; charset=utf-8') });
}

/**
 * Answers one request for the built renderer in `root`: the file with its type and the
 * CSP header, or a refusal (403 outside the folder, also through a symlink; 404 missing or
 * a folder; 405 anything but GET and HEAD).
 */
export async function serveAppRequest(request: Request, root: string): Promise<Response> {
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    return refusal(405, 'Only GET and HEAD are served.');
  }
  const builtIn = builtInPage(request.url);
  if (builtIn !== null) {
    const body = request.method === 'HEAD' ? null : builtIn;
    return new Response(body, { status: 200, headers: headers('text/html; charset=utf-8') });
  }
  const named = appPathFor(request.url, root);
  if (named.kind === 'refused') return refusal(403, `Refused: ${named.reason}.`);
  let real: string;
  try {
    real = await realpath(named.path);
    if (!isInside(real, await realpath(root)))
      return refusal(403, 'Refused: outside the app folder.');
    if (!(await stat(real)).isFile()) return refusal(404, 'Not found.');
  } catch {
    return refusal(404, 'Not found.');
  }
  const type = CONTENT_TYPES[extname(real).toLowerCase()] ?? 'application/octet-stream';
  const body = request.method === 'HEAD' ? null : await readFile(real);
  return new Response(body, { status: 200, headers: headers(type) });
}

/** The main bundle's own page at this URL (error-page.ts), or null. */
function builtInPage(url: string): string | null {
  const parsed = URL.parse(url);
  if (!parsed || `${parsed.protocol}//${parsed.host.toLowerCase()}` !== APP_ORIGIN) return null;
  return errorPageAt(parsed.pathname, localeOfAddress(url));
}

/** Registers the scheme's privileges; Electron allows this only before `ready`. */
export function registerAppScheme(protocol: Pick<Protocol, 'registerSchemesAsPrivileged'>): void {
  protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: APP_SCHEME_PRIVILEGES }]);
}

/** Serves the built renderer folder `root` on the scheme (after `ready`). */
export function handleAppScheme(protocol: Pick<Protocol, 'handle'>, root: string): void {
  protocol.handle(APP_SCHEME, (request) => serveAppRequest(request, root));
}
