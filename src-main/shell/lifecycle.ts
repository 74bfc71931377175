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
import { createConsoleLogger, type Logger } from '../core/logger';
import { APP_ID } from './app-id';
import { drawAttention } from './attention';
import { closeAction, HIDE_TO_TRAY_LABEL, offersHideToTray } from './close-behaviour';
import { registerIpcHandlers, sendEvent } from './ipc';
import { loadPreferences, savePreferences, type Preferences } from './preferences';
import { TrayController } from './tray';
import { createMainWindow, hardenWebContents, installSessionPolicies } from './window';

/** Where the shell runs. */
export interface ShellOptions {
  /** The folder of the built main bundle (out/main): the preload and renderer are beside it. */
  bundleDir: string;
  platform?: NodeJS.Platform;
  logger?: Logger;
}

/** Starts the app: call once, from the entry point, before `ready`. */
export function runShell(options: ShellOptions): void {
  const platform = options.platform ?? process.platform;
  const logger = options.logger ?? createConsoleLogger();
  let mainWindow: BrowserWindow | null = null;
  let tray: TrayController | null = null;
  let core: Core | null = null;
  let preferences: Preferences | null = null;
  let quitting = false;
  // activate, second-instance and tray clicks can come before `ready` (electron#5272) or
  // while start() is still on its way to the window: ignored until then, so the window is
  // created once, by start(), and never before `ready`.
  let started = false;

  /** The built renderer page; the CSP header is added to it alone. */
  const builtPageUrl = (): string =>
    pathToFileURL(join(options.bundleDir, '../renderer/index.html')).toString();

  /** The URL of the renderer: the dev server in development, the built file otherwise. */
  const appUrl = (): string => {
    const devServer = process.env['ELECTRON_RENDERER_URL'];
    if (!app.isPackaged && devServer) return devServer;
    return builtPageUrl();
  };

  const resourcePath = (name: string): string =>
    app.isPackaged
      ? join(process.resourcesPath, name)
      : join(options.bundleDir, '../../build', name);

  const showWindow = (): void => {
    if (!started) return;
    if (!mainWindow || mainWindow.isDestroyed()) {
      mainWindow = openWindow();
      return;
    }
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.show();
    mainWindow.focus();
  };

  const navigate = (serverId: string, panel: PanelId): void => {
    sendEvent(mainWindow?.webContents, 'ui:navigate', { serverId, panel });
  };

  /** Tells the admin, the first time the window is hidden, that the app is still running. */
  const hintStillRunning = (): void => {
    const hintFlag = join(app.getPath('userData'), 'tray-hint-shown');
    if (existsSync(hintFlag)) return;
    tray?.notifyStillRunning();
    try {
      writeFileSync(hintFlag, '', { mode: 0o600 });
    } catch {
      // Unwritable data folder: the hint shows again next time, which is harmless.
    }
  };

  /** Closing the window keeps the app running: minimized or hidden (close-behaviour.ts). */
  const keepRunningOnClose = (window: BrowserWindow): void => {
    window.on('close', (event) => {
      if (quitting || !tray || !preferences) return;
      event.preventDefault();
      if (closeAction(platform, preferences) === 'minimize') {
        window.minimize();
        return;
      }
      window.hide();
      hintStillRunning();
    });
  };

  const openWindow = (): BrowserWindow => {
    const window = createMainWindow({
      preloadPath: join(options.bundleDir, '../preload/index.js'),
      appUrl,
      devTools: !app.isPackaged,
      iconPath: resourcePath('icon.png'),
    });
    keepRunningOnClose(window);
    return window;
  };

  const hideToTrayOption = (current: Preferences) => ({
    label: HIDE_TO_TRAY_LABEL,
    checked: current.hideToTrayOnClose,
    onChange: (checked: boolean) => {
      preferences = { ...current, hideToTrayOnClose: checked };
      tray?.setOptions([hideToTrayOption(preferences)]);
      savePreferences(app.getPath('userData'), preferences).catch((error: unknown) => {
        logger.warn('Preferences could not be saved', { reason: String(error) });
      });
    },
  });

  const start = async (): Promise<void> => {
    const dataDir = app.getPath('userData');
    installSessionPolicies(session.defaultSession, builtPageUrl());
    core = await createCore({ dataDir, logger });
    preferences = await loadPreferences(dataDir, logger);
    registerIpcHandlers(
      core.handlers,
      { contents: () => mainWindow?.webContents, url: appUrl },
      logger,
    );
    tray = new TrayController(resourcePath('tray.png'), {
      showWindow,
      navigate,
      quit: () => app.quit(),
      notificationFailed: () => drawAttention({ platform, dock: app.dock, window: mainWindow }),
    });
    if (offersHideToTray(platform)) tray.setOptions([hideToTrayOption(preferences)]);
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
    core.subscribe('events:fleet-progress', (payload) => {
      sendEvent(mainWindow?.webContents, 'events:fleet-progress', payload);
    });
    const listed = await core.handlers['servers:list'](undefined);
    if (listed.ok) tray.update(listed.value.servers);
    core.startWatching();
    mainWindow = openWindow();
    started = true;
  };

  // Windows shows no toast from an app without an AppUserModelID; set it before any window
  // or notification (https://www.electronjs.org/docs/latest/tutorial/notifications#windows).
  // Electron has this method on Windows only.
  if (platform === 'win32') app.setAppUserModelId(APP_ID);

  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents, appUrl));

  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }
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
