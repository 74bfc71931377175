/**
 * Which file of the built renderer an `app://` URL names, decided as a pure function so the
 * refusals can be tested one by one: a URL may name a file inside the renderer folder and
 * nothing else (no `..`, encoded or not, no absolute or drive path, no other host). The
 * handler (app-protocol.ts) then checks the real path, for symlinks that lead out.
 * Why: https://www.electronjs.org/docs/latest/api/protocol#protocolhandlescheme-handler
 * (the handler must keep requests inside the folder it serves).
 * No electron import here: the tests run it directly.
 */

import { posix, win32, type PlatformPath } from 'node:path';

/** The app's scheme; the renderer is served from it instead of file:// (see app-protocol.ts). */
export const APP_SCHEME = 'app';

/** The host of every app URL: a standard scheme needs one, and it makes the origin. */
export const APP_HOST = 'quickbox';

/** The origin of the app page, `app://quickbox`. */
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;

/** The app page the window loads. */
export const APP_PAGE_URL = `${APP_ORIGIN}/index.html`;

/** What a request URL names: a file below the root, or why it is refused. */
export type AppPath =
  | { kind: 'file'; path: string }
  | { kind: 'refused'; reason: 'not an app URL' | 'malformed' | 'outside the app folder' };

/** Characters that never occur in the built renderer's paths and change a path's meaning. */
const UNSAFE = /[\\:\0]/;

/**
 * The file below `root` that `requestUrl` names (`/` is index.html), or a refusal. The path
 * is percent-decoded once and then resolved against the root, so `..` in any spelling
 * (`%2e%2e`, `..%2f`) that survives the URL parser is still caught by the final check.
 */
export function appPathFor(
  requestUrl: string,
  root: string,
  path: PlatformPath = process.platform === 'win32' ? win32 : posix,
): AppPath {
  let url: URL;
  try {
    url = new URL(requestUrl);
  } catch {
    return { kind: 'refused', reason: 'not an app URL' };
  }
  if (url.protocol !== `${APP_SCHEME}:` || url.host.toLowerCase() !== APP_HOST) {
    return { kind: 'refused', reason: 'not an app URL' };
  }
  let decoded: string;
  try {
    decoded = decodeURIComponent(url.pathname);
  } catch {
    return { kind: 'refused', reason: 'malformed' };
  }
  if (UNSAFE.test(decoded)) return { kind: 'refused', reason: 'malformed' };
  const relativeName = decoded === '/' || decoded === '' ? 'index.html' : `.${decoded}`;
  const target = path.resolve(root, relativeName);
  if (!isInside(target, path.resolve(root), path)) {
    return { kind: 'refused', reason: 'outside the app folder' };
  }
  return { kind: 'file', path: target };
}

/** Whether `candidate` (an absolute real path) lies strictly inside `root` (a real path). */
export function isInside(
  candidate: string,
  root: string,
  path: PlatformPath = process.platform === 'win32' ? win32 : posix,
): boolean {
  const inside = path.relative(root, candidate);
  const upward = inside === '..' || inside.startsWith(`..${path.sep}`);
  return inside !== '' && !upward && !path.isAbsolute(inside);
}
