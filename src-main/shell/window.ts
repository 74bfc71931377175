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
import { openExternalSafely } from './open-external';

/**
 * The Content Security Policy of the renderer: only the app's own scripts and styles, no
 * inline code, no remote connections (everything goes through main). The renderer's
 * index.html carries the same policy in a meta tag; a test keeps the two equal.
 */
export const APP_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

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

/** Denies every permission request (camera, notifications from web, ...) and adds the CSP header. */
export function installSessionPolicies(session: Session): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.webRequest.onHeadersReceived((details, callback) => {
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
