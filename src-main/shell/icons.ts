/**
 * The image files the shell loads through `resourcePath()`: from build/ when run from the
 * source tree, from the app's resources folder when packaged (electron-builder.config.ts
 * copies exactly these there as extraResources, so the two lists cannot drift apart).
 */

/** The window's icon (Linux and Windows show it; macOS takes the bundle's icon). */
export const WINDOW_ICON = 'icon.png';

/**
 * Every icon file the shell may load, on any platform. nativeImage loads the `@2x` file
 * beside a 1x file by itself, so it is packaged too.
 */
export const SHELL_ICONS = [
  'icon.png',
  'tray.png',
  'tray.ico',
  'trayTemplate.png',
  'trayTemplate@2x.png',
];

/**
 * The tray icon for a platform. macOS gets a 16 px template image (the `Template` suffix
 * makes Electron mark it so, and the menu bar tints it for light and dark mode:
 * https://www.electronjs.org/docs/latest/api/native-image#template-image-macos); the
 * 32 px colour icon would be too large there. Windows gets the colour icon as an .ico
 * (16, 24 and 32 px), so the notification area picks the size for its DPI; Linux the PNG.
 */
export function trayIcon(platform: NodeJS.Platform): string {
  if (platform === 'darwin') return 'trayTemplate.png';
  return platform === 'win32' ? 'tray.ico' : 'tray.png';
}
