/**
 * The application menu: Electron's standard menus (File with Quit, Edit, View, Window), and
 * Help with "Open logs folder", so an admin can find the log files to send.
 */

import { Menu, type MenuItemConstructorOptions } from 'electron';

/** The label of the menu item (tray and app menu) that opens the logs folder. */
export const OPEN_LOGS_LABEL = 'Open logs folder';

/** The menu's template; macOS gets the app menu (About, Hide, Quit) first. */
export function appMenuTemplate(
  platform: NodeJS.Platform,
  openLogsFolder: () => void,
): MenuItemConstructorOptions[] {
  return [
    ...(platform === 'darwin' ? [{ role: 'appMenu' } as const] : []),
    { role: 'fileMenu' },
    { role: 'editMenu' },
    { role: 'viewMenu' },
    { role: 'windowMenu' },
    { role: 'help', submenu: [{ label: OPEN_LOGS_LABEL, click: openLogsFolder }] },
  ];
}

/** Sets the application menu (after `ready`). */
export function installAppMenu(platform: NodeJS.Platform, openLogsFolder: () => void): void {
  Menu.setApplicationMenu(Menu.buildFromTemplate(appMenuTemplate(platform, openLogsFolder)));
}
