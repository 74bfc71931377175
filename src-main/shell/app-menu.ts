/**
 * The application menu: Electron's standard menus (File with Quit, Edit, View, Window), and
 * Help with "Open logs folder", so an admin can find the log files to send.
 */

import { Menu, type MenuItemConstructorOptions } from 'electron';
import type { ShellTranslator } from './shell-language';

/**
 * The menu's template in `t`'s language; macOS gets the app menu (About, Hide, Quit) first.
 * The standard menus are Electron's roles, which Electron words itself.
 */
export function appMenuTemplate(
  platform: NodeJS.Platform,
  openLogsFolder: () => void,
  t: ShellTranslator,
): MenuItemConstructorOptions[] {
  return [
    ...(platform === 'darwin' ? [{ role: 'appMenu' } as const] : []),
    { role: 'fileMenu' },
    { role: 'editMenu' },
    { role: 'viewMenu' },
    { role: 'windowMenu' },
    { role: 'help', submenu: [{ label: t.t('shell.menu.openLogs'), click: openLogsFolder }] },
  ];
}

/** Sets the application menu (after `ready`, and again when the language changes). */
export function installAppMenu(
  platform: NodeJS.Platform,
  openLogsFolder: () => void,
  t: ShellTranslator,
): void {
  Menu.setApplicationMenu(Menu.buildFromTemplate(appMenuTemplate(platform, openLogsFolder, t)));
}
