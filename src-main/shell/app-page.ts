/**
 * Whether a URL is the app's own page, by origin: the built app's `app://quickbox` (see
 * app-path.ts) or, in development, the dev server's http(s) origin. Any path of that origin
 * is the app's: the scheme serves nothing but the built renderer folder.
 */

/** The origin of a URL as Chromium sees a standard scheme: Node's URL calls app:// opaque. */
function originOf(url: URL): string | null {
  if (url.protocol === 'http:' || url.protocol === 'https:') return url.origin;
  return url.host === '' ? null : `${url.protocol}//${url.host.toLowerCase()}`;
}

/** Whether `candidate` is a page of the app at `appUrl` (same scheme, host and port). */
export function isAppPageUrl(candidate: string, appUrl: string): boolean {
  let page: URL;
  let app: URL;
  try {
    page = new URL(candidate);
    app = new URL(appUrl);
  } catch {
    return false;
  }
  if (app.protocol === 'file:' || page.protocol === 'file:') return false;
  const appOrigin = originOf(app);
  return appOrigin !== null && originOf(page) === appOrigin;
}
