/**
 * The app window and the hardening every web contents gets. Follows Electron's security
 * checklist: https://www.electronjs.org/docs/latest/tutorial/security
 */

import {
  BrowserWindow,
  shell,
  type Session,
  type WebContents,
  type WebPreferences,
} from 'electron';
import { isAppPageUrl } from './app-page';
import { APP_CSP } from './content-security-policy';
import { openExternalSafely } from './open-external';

/** The web preferences of every app window: isolated, sandboxed, no Node. */
export function secureWebPreferences(preloadPath: string, devTools: boolean): WebPreferences {
  return {
    preload: preloadPath,
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
    spellcheck: false,
    devTools,
  };
}

/**
 * Denies navigation away from the app page, new windows (http(s) links go to the OS
 * browser instead) and webviews, for any web contents.
 */
export function hardenWebContents(contents: WebContents, appUrl: () => string): void {
  const stayOnAppPage = (event: { preventDefault(): void }, url: string): void => {
    if (url !== appUrl()) event.preventDefault();
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
 * Denies every permission request (camera, notifications from web, ...) and adds the app's
 * CSP header to the built app's page, and to nothing else: the Vite dev server's page gets
 * its own, relaxed for hot reload, from the dev server (electron.vite.config.ts), and this
 * strict header on top of it would block React Refresh's inline preamble and Vite's style
 * tags (a blank window under `npm run dev`).
 */
export function installSessionPolicies(session: Session, builtPageUrl: string): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.webRequest.onHeadersReceived((details, callback) => {
    if (!isAppPageUrl(details.url, builtPageUrl)) {
      callback({});
      return;
    }
    callback({
      responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [APP_CSP] },
    });
  });
}

/** What the window needs to know. */
export interface MainWindowOptions {
  preloadPath: string;
  appUrl: () => string;
  devTools: boolean;
  iconPath?: string;
}

/** Creates the main window, hidden until its first paint, and loads the app page. */
export function createMainWindow(options: MainWindowOptions): BrowserWindow {
  const window = new BrowserWindow({
    width: 1240,
    height: 820,
    minWidth: 900,
    minHeight: 600,
    show: false,
    title: 'QuickBox Session Companion',
    backgroundColor: '#1d1f23',
    autoHideMenuBar: true,
    ...(options.iconPath ? { icon: options.iconPath } : {}),
    webPreferences: secureWebPreferences(options.preloadPath, options.devTools),
  });
  hardenWebContents(window.webContents, options.appUrl);
  window.once('ready-to-show', () => window.show());
  void window.loadURL(options.appUrl());
  return window;
}
