/**
 * The system ending the session: Windows log-off, restart or shutdown (the window's
 * `query-session-end` and `session-end`, Windows only in Electron 45) and a Linux or macOS
 * shutdown (`powerMonitor`'s `shutdown`). Each quits like the tray's Quit, so the core's
 * streams close and its last writes reach the disk (graceful-quit.ts).
 */

import type { BrowserWindow, WindowSessionEndEvent } from 'electron';
import type { Logger } from '../core/support/logger';

/** The part of `powerMonitor` this needs; its 'shutdown' event can be held by preventDefault. */
export interface ShutdownSource {
  on(event: 'shutdown', listener: (event?: { preventDefault(): void }) => void): unknown;
}

/** Quits when Windows ends the session while `window` exists. */
export function quitOnSessionEnd(window: BrowserWindow, quit: () => void, logger: Logger): void {
  const ending = (event: WindowSessionEndEvent): void => {
    logger.info('The system is ending the session; quitting', {
      reasons: (event.reasons ?? []).join(','),
    });
    quit();
  };
  // The first of the two that comes: quitting at the query gives the flush the most time.
  window.on('query-session-end', ending);
  window.on('session-end', ending);
}

/**
 * Quits when the system shuts down. Electron delays the shutdown while a listener called
 * preventDefault, until the app quits (https://www.electronjs.org/docs/latest/api/power-monitor).
 */
export function quitOnShutdown(source: ShutdownSource, quit: () => void, logger: Logger): void {
  source.on('shutdown', (event) => {
    event?.preventDefault();
    logger.info('The system is shutting down; quitting');
    quit();
  });
}
