/**
 * Whether a URL is the app's own page. The built page is a file URL, compared as a file
 * path: Chromium and Node may spell the same Windows file URL with a different drive-letter
 * case (file:///C:/... and file:///c:/...), and a string comparison would refuse it. The dev
 * server's page is compared by origin.
 */

import { fileURLToPath } from 'node:url';

function filePath(url: URL, platform: NodeJS.Platform): string | null {
  try {
    const path = fileURLToPath(url, { windows: platform === 'win32' });
    // Windows drive letters are case-insensitive; the rest of the path is compared as is.
    return platform === 'win32' ? path.replace(/^[A-Za-z]:/, (drive) => drive.toLowerCase()) : path;
  } catch {
    return null;
  }
}

/** Whether `candidate` shows the app page `appUrl` (query and fragment ignored). */
export function isAppPageUrl(
  candidate: string,
  appUrl: string,
  platform: NodeJS.Platform = process.platform,
): boolean {
  let page: URL;
  let app: URL;
  try {
    page = new URL(candidate);
    app = new URL(appUrl);
  } catch {
    return false;
  }
  if (app.protocol === 'file:') {
    if (page.protocol !== 'file:' || page.host !== app.host) return false;
    const pagePath = filePath(page, platform);
    return pagePath !== null && pagePath === filePath(app, platform);
  }
  return (app.protocol === 'http:' || app.protocol === 'https:') && page.origin === app.origin;
}
