/**
 * The app window and the hardening every web contents gets. Follows Electron's security
 * checklist: https://www.electronjs.org/docs/latest/tutorial/security
 */

import { BrowserWindow, shell, type Rectangle, type Session, type WebContents } from 'electron';
import type { Locale } from '../../src-shared/i18n/locales';
import { isAppPageUrl, pageUrlIn } from './app-page';
import { openExternalSafely } from './open-external';

/**
 * Denies navigation away from the app's origin, new windows (http(s) links go to the OS
 * browser instead) and webviews, for any web contents.
 */
export function hardenWebContents(contents: WebContents, appUrl: () => string): void {
  const stayOnAppPage = (event: { preventDefault(): void }, url: string): void => {
    if (!isAppPageUrl(url, appUrl())) event.preventDefault();
  };
  contents.on('will-navigate', stayOnAppPage);
  contents.on('will-redirect', stayOnAppPage);
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    // A browser that fails to open is not the app's failure: nothing to report.
    openExternalSafely(url, (safeUrl) => shell.openExternal(safeUrl)).catch(() => undefined);
    return { action: 'deny' };
  });
}

/**
 * Denies every permission request (camera, notifications from web, ...). The app page's CSP
 * header comes with every app:// answer (app-protocol.ts); the dev server sends its own.
 */
export function installSessionPolicies(session: Session): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
}

/** What the window needs to know. */
export interface MainWindowOptions {
  preloadPath: string;
  appUrl: () => string;
  /** The language the window starts in (its address's `lang`). */
  locale: Locale;
  devTools: boolean;
  iconPath?: string;
  /** Where the window opens and its size (window-state.ts); absent: centred, default size. */
  bounds?: Partial<Rectangle>;
  /** Maximized when it was last closed: maximized as it is shown. */
  maximized?: boolean;
}

/** Creates the main window, hidden until its first paint, and loads the app page in `locale`. */
export function createMainWindow(options: MainWindowOptions): BrowserWindow {
  // The web preferences are written out here, as a literal, so that a reader and a scanner
  // (Electronegativity) see every one of them at the constructor.
  const window = new BrowserWindow({
    width: 1240,
    height: 820,
    ...options.bounds,
    minWidth: 900,
    minHeight: 600,
    show: false,
    title: 'QuickBox Session Companion',
    backgroundColor: '#1d1f23',
    autoHideMenuBar: true,
    ...(options.iconPath ? { icon: options.iconPath } : {}),
    webPreferences: {
      // Reviewed (Electronegativity asks for a review of every preload): src-preload exposes
      // one named function per IPC channel through the contextBridge, nothing generic, and
      // runs sandboxed.
      preload: options.preloadPath, // eng-disable PRELOAD_JS_CHECK

      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      // A middle click would open a link in a new window without a click event the page
      // could stop (https://github.com/doyensec/electronegativity/wiki/AUXCLICK_JS_CHECK).
      disableBlinkFeatures: 'Auxclick',
      spellcheck: false,
      devTools: options.devTools,
    },
  });
  hardenWebContents(window.webContents, options.appUrl);
  window.once('ready-to-show', () => {
    // Before show(): maximize() on a hidden window would show it, unpainted.
    if (options.maximized) window.maximize();
    window.show();
  });
  void window.loadURL(pageUrlIn(options.appUrl(), options.locale));
  return window;
}
