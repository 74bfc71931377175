/**
 * The Electron main process: lifecycle, the single-instance lock, the window, the tray,
 * and the wiring of the core's handlers and events. Electron glue ONLY: everything that
 * can run in plain Node lives in src-main/core (see DESIGN.md).
 */

import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { app, session, type BrowserWindow } from 'electron';
import type { PanelId } from '../../src-shared/ipc-contract';
import { createCore, type Core } from '../core/composition-root';
import { registerIpcHandlers, sendEvent } from './ipc';
import { TrayController } from './tray';
import { createMainWindow, hardenWebContents, installSessionPolicies } from './window';

let mainWindow: BrowserWindow | null = null;
let tray: TrayController | null = null;
let core: Core | null = null;
let quitting = false;

/** The URL of the renderer: the dev server in development, the built file otherwise. */
function appUrl(): string {
  const devServer = process.env['ELECTRON_RENDERER_URL'];
  if (!app.isPackaged && devServer) return devServer;
  return pathToFileURL(join(__dirname, '../renderer/index.html')).toString();
}

function resourcePath(name: string): string {
  return app.isPackaged ? join(process.resourcesPath, name) : join(__dirname, '../../build', name);
}

function showWindow(): void {
  if (!mainWindow || mainWindow.isDestroyed()) {
    mainWindow = openWindow();
    return;
  }
  if (mainWindow.isMinimized()) mainWindow.restore();
  mainWindow.show();
  mainWindow.focus();
}

function navigate(serverId: string, panel: PanelId): void {
  sendEvent(mainWindow?.webContents, 'ui:navigate', { serverId, panel });
}

/** Closing the window hides it to the tray; the first time, the admin is told so. */
function keepInTrayOnClose(window: BrowserWindow): void {
  window.on('close', (event) => {
    if (quitting || !tray) return;
    event.preventDefault();
    window.hide();
    const hintFlag = join(app.getPath('userData'), 'tray-hint-shown');
    if (!existsSync(hintFlag)) {
      tray.notifyStillRunning();
      try {
        writeFileSync(hintFlag, '', { mode: 0o600 });
      } catch {
        // Unwritable data folder: the hint shows again next time, which is harmless.
      }
    }
  });
}

function openWindow(): BrowserWindow {
  const window = createMainWindow({
    preloadPath: join(__dirname, '../preload/index.js'),
    appUrl,
    devTools: !app.isPackaged,
    iconPath: resourcePath('icon.png'),
  });
  keepInTrayOnClose(window);
  return window;
}

async function start(): Promise<void> {
  installSessionPolicies(session.defaultSession);
  core = await createCore({ dataDir: app.getPath('userData') });
  registerIpcHandlers(core.handlers, appUrl);
  tray = new TrayController(resourcePath('tray.png'), {
    showWindow,
    navigate,
    quit: () => app.quit(),
  });
  core.subscribe('servers:changed', (payload) => {
    tray?.update(payload.servers);
    sendEvent(mainWindow?.webContents, 'servers:changed', payload);
  });
  core.subscribe('events:mass-logout', (payload) => {
    tray?.notifyMassLogout(payload);
    sendEvent(mainWindow?.webContents, 'events:mass-logout', payload);
  });
  core.subscribe('events:server-event', (payload) => {
    sendEvent(mainWindow?.webContents, 'events:server-event', payload);
  });
  const listed = await core.handlers['servers:list'](undefined);
  if (listed.ok) tray.update(listed.value.servers);
  core.startWatching();
  mainWindow = openWindow();
}

app.on('web-contents-created', (_event, contents) => hardenWebContents(contents, appUrl));

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', showWindow);
  app.on('activate', showWindow);
  app.on('before-quit', () => {
    quitting = true;
  });
  // The app lives in the tray: closing the last window does not quit it.
  app.on('window-all-closed', () => undefined);
  app.on('will-quit', () => {
    tray?.destroy();
    void core?.dispose();
  });
  app
    .whenReady()
    .then(start)
    .catch((error: unknown) => {
      console.error(
        'QuickBox Session Companion could not start:',
        error instanceof Error ? error.message : error,
      );
      app.exit(1);
    });
}
