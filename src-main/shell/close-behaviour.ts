/**
 * What closing the window does while the app keeps running (and watching) in the
 * background. On stock GNOME there is no tray icon without the AppIndicator extension, so
 * a window hidden on close would leave nothing to click: on Linux closing minimizes the
 * window (it stays in the taskbar and the dock) unless the admin has turned "hide to the
 * tray" on. Elsewhere the tray is always there, and closing hides the window to it.
 */

import type { Preferences } from './preferences';

/** What a close request does to the window. */
export type CloseAction = 'hide' | 'minimize';

/** Whether the platform offers the choice (elsewhere closing always hides to the tray). */
export function offersHideToTray(platform: NodeJS.Platform): boolean {
  return platform === 'linux';
}

/** What closing the window does on this platform with these preferences. */
export function closeAction(platform: NodeJS.Platform, preferences: Preferences): CloseAction {
  return offersHideToTray(platform) && !preferences.hideToTrayOnClose ? 'minimize' : 'hide';
}
