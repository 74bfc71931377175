/**
 * What the shell does when a native notification could not be shown: the in-app banner
 * already has the event (every mass logout is also sent to the window, which lists it in
 * its banners), so the admin's attention is drawn to the app instead.
 * Why: since Electron 42 an unsigned macOS build gets a `failed` event instead of a
 * notification (electron#47817, https://www.electronjs.org/blog/electron-42-0).
 */

import type { BrowserWindow, Dock } from 'electron';

/** What drawing attention needs: the platform, macOS's dock, and the app window if open. */
export interface AttentionTarget {
  platform: NodeJS.Platform;
  dock: Pick<Dock, 'bounce'> | undefined;
  window: BrowserWindow | null;
}

/**
 * On macOS, bounces the dock icon until the app is activated ('critical'), and clicking it
 * brings the window and its banner back. Elsewhere, shows the window without taking focus
 * (the banner is in it) and flashes its taskbar entry until it is focused.
 */
export function drawAttention({ platform, dock, window }: AttentionTarget): void {
  if (platform === 'darwin') {
    dock?.bounce('critical');
    return;
  }
  if (!window || window.isDestroyed()) return;
  if (!window.isVisible()) window.showInactive();
  window.flashFrame(true);
  window.once('focus', () => window.flashFrame(false));
}
