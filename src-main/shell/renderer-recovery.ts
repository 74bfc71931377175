/**
 * A window whose renderer crashed (`render-process-gone`) or whose page failed to load
 * (`did-fail-load`, main frame) is reloaded once, with a line in the log; if it fails again
 * it shows the bundled error page (error-page.ts) instead of a blank or dead window. The
 * page's "Try again" link loads the app page; if that fails too, the error page comes back
 * (no second automatic reload: a renderer that keeps failing must not reload in a loop).
 */

import type { BrowserWindow, RenderProcessGoneDetails } from 'electron';
import type { Logger } from '../core/support/logger';
import { errorPageAt, errorPageUrl, localeOfAddress, type RendererFailure } from './error-page';

/** Chromium's net::ERR_ABORTED: a load replaced by a newer one, not a failure. */
const ERR_ABORTED = -3;

/** Watches `window`'s renderer; `appUrl` is the page to reload. */
export function recoverRenderer(window: BrowserWindow, appUrl: () => string, logger: Logger): void {
  let reloaded = false;
  let gaveUp = false;
  const failed = (failure: RendererFailure, fields: Record<string, string | number>): void => {
    if (gaveUp || window.isDestroyed()) return;
    if (!reloaded) {
      reloaded = true;
      logger.warn('The window failed; reloading it once', { failure, ...fields });
      void window.loadURL(appUrl()).catch(() => undefined);
      return;
    }
    gaveUp = true;
    logger.error('The window failed again; showing the error page', { failure, ...fields });
    // In the language the window was shown in (its address's `lang`).
    void window.loadURL(errorPageUrl(failure, localeOfAddress(appUrl()))).catch(() => undefined);
  };
  window.webContents.on('did-finish-load', () => {
    // The admin left the error page for the app page ("Try again"): watch it again.
    const url = URL.parse(window.webContents.getURL());
    if (gaveUp && url && errorPageAt(url.pathname) === null) gaveUp = false;
  });
  window.webContents.on('render-process-gone', (_event, details: RenderProcessGoneDetails) => {
    failed('crashed', { reason: details.reason, exitCode: details.exitCode });
  });
  window.webContents.on('did-fail-load', (_event, errorCode, description, _url, isMainFrame) => {
    if (!isMainFrame || errorCode === ERR_ABORTED) return;
    failed('load-failed', { errorCode, description });
  });
}
