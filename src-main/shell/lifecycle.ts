/**
 * The Electron main process: lifecycle, the single-instance lock, the window, the tray,
 * and the wiring of the core's handlers and events. Electron glue ONLY: everything that
 * can run in plain Node lives in src-main/core (see README.md, "Layout").
 */

import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  app,
  dialog,
  powerMonitor,
  protocol,
  screen,
  session,
  shell,
  type BrowserWindow,
} from 'electron';
import { chooseLocale } from '../../src-shared/i18n/locales';
import type { LanguageChoice, LanguageState } from '../../src-shared/ipc-contract';
import type { MuteChoice } from '../../src-shared/mute';
import { createCore, type Core } from '../core/composition-root';
import {
  combinedLogger,
  createFileLogger,
  LOG_FILE,
  type FileLogger,
} from '../core/support/file-logger';
import { createConsoleLogger, type Logger } from '../core/support/logger';
import { APP_ID } from './app-id';
import { installAppMenu } from './app-menu';
import { APP_PAGE_URL } from './app-path';
import { handleAppScheme, registerAppScheme } from './app-protocol';
import { drawAttention } from './attention';
import { quitGracefully } from './graceful-quit';
import { trayIcon, WINDOW_ICON } from './icons';
import { pageUrlIn } from './app-page';
import { closeAction, offersHideToTray } from './close-behaviour';
import { forwardEvents, registerIpcHandlers, sendEvent } from './ipc';
import { recoverRenderer } from './renderer-recovery';
import { quitOnSessionEnd, quitOnShutdown } from './session-end';
import { loadPreferences, savePreferences, type Preferences } from './preferences';
import type { NoticeTarget } from './notice-grouping';
import { electronProxyFor } from './system-proxy';
import { shellTranslator, type ShellTranslator } from './shell-language';
import { TrayController, type TrayCheckbox } from './tray';
import { reconnectOnWake } from './wake';
import { createMainWindow, hardenWebContents, installSessionPolicies } from './window';
import { STARTED_MESSAGE } from './started-message';
import {
  loadWindowState,
  placementFor,
  rememberWindowState,
  type WindowState,
} from './window-state';

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
  // The console until the single-instance lock is ours (a second instance must not open
  // main.log), then also main.log (openLog).
  let logger: Logger = options.logger ?? createConsoleLogger();
  let fileLog: FileLogger | null = null;
  let mainWindow: BrowserWindow | null = null;
  let tray: TrayController | null = null;
  let core: Core | null = null;
  let stopWakeWatch: (() => void) | null = null;
  let preferences: Preferences | null = null;
  let savedWindowState: WindowState | null = null;
  // The language the shell speaks: the system's until core has the admin's choice.
  let language: LanguageState = {
    choice: 'system',
    locale: 'en',
    systemLanguages: [],
  };
  let words: ShellTranslator | null = null;
  const t = (): ShellTranslator =>
    (words ??= shellTranslator(chooseLocale(app.getPreferredSystemLanguages())));
  let quitting = false;
  // activate, second-instance and tray clicks can come before `ready` (electron#5272) or
  // while start() is still on its way to the window: ignored until then, so the window is
  // created once, by start(), and never before `ready`.
  let started = false;

  /** The URL of the renderer: the dev server in development, the app:// page otherwise. */
  const appUrl = (): string => {
    const devServer = process.env['ELECTRON_RENDERER_URL'];
    if (!app.isPackaged && devServer) return devServer;
    return APP_PAGE_URL;
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

  const openLogsFolder = (): void => {
    shell
      .openPath(app.getPath('logs'))
      .then((problem) => {
        if (problem) logger.warn('The logs folder could not be opened', { reason: problem });
      })
      .catch(() => undefined);
  };

  const navigate = (target: NoticeTarget): void => {
    sendEvent(mainWindow?.webContents, 'ui:navigate', target);
  };

  /** The tray's mute items go through core, as the window's do (one path, one timer). */
  const mute = (serverId: string, until: MuteChoice | null): void => {
    void core?.handlers['servers:mute']({ id: serverId, until }).then((result) => {
      if (!result.ok) logger.warn('The mute could not be changed', { code: result.error.code });
    });
  };

  /** The tray's Language submenu goes through core, as the window's picker does. */
  const chooseLanguage = (choice: LanguageChoice): void => {
    void core?.handlers['language:set']({ choice }).then((result) => {
      if (!result.ok) logger.warn('The language could not be changed', { code: result.error.code });
    });
  };

  /** Speaks the language core says: the menus and the tray at once, the next notice too. */
  const showLanguage = (state: LanguageState): void => {
    language = state;
    words = shellTranslator(state.locale);
    installAppMenu(platform, openLogsFolder, words);
    tray?.setLanguage(words, state.choice);
  };

  /** Tells the admin, the first time the window is hidden, that the app is still running. */
  const hintStillRunning = (): void => {
    const hintFlag = join(app.getPath('userData'), 'tray-hint-shown');
    if (existsSync(hintFlag) || !tray?.notifyStillRunning()) return;
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
    const workAreas = screen.getAllDisplays().map((display) => display.workArea);
    const window = createMainWindow({
      preloadPath: join(options.bundleDir, '../preload/index.js'),
      appUrl,
      locale: language.locale,
      devTools: !app.isPackaged,
      iconPath: resourcePath(WINDOW_ICON),
      ...placementFor(savedWindowState, workAreas),
    });
    rememberWindowState(window, app.getPath('userData'), logger);
    recoverRenderer(window, () => pageUrlIn(appUrl(), language.locale), logger);
    quitOnSessionEnd(window, () => app.quit(), logger);
    keepRunningOnClose(window);
    return window;
  };

  /** A checkbox of the tray menu for a preference, saved to preferences.json when changed. */
  const preferenceOption = (
    current: Preferences,
    label: TrayCheckbox['label'],
    key: keyof Preferences,
  ): TrayCheckbox => ({
    label,
    checked: current[key],
    onChange: (checked: boolean) => {
      preferences = { ...current, [key]: checked };
      showPreferences(preferences);
      savePreferences(app.getPath('userData'), preferences).catch((error: unknown) => {
        logger.warn('Preferences could not be saved', { reason: String(error) });
      });
    },
  });

  /** "Do not disturb" everywhere, "hide to the tray" where closing minimizes (Linux). */
  const showPreferences = (current: Preferences): void => {
    tray?.setDoNotDisturb(current.doNotDisturb);
    tray?.setOptions([
      preferenceOption(current, (words) => words.t('shell.tray.doNotDisturb'), 'doNotDisturb'),
      ...(offersHideToTray(platform)
        ? [
            preferenceOption(
              current,
              (words) => words.t('shell.tray.hideToTray'),
              'hideToTrayOnClose',
            ),
          ]
        : []),
    ]);
  };

  const start = async (): Promise<void> => {
    const dataDir = app.getPath('userData');
    installSessionPolicies(session.defaultSession);
    handleAppScheme(protocol, join(options.bundleDir, '../renderer'));
    core = await createCore({
      dataDir,
      logger,
      appVersion: app.getVersion(),
      proxyFor: electronProxyFor(session.defaultSession),
      systemLanguages: app.getPreferredSystemLanguages(),
    });
    const chosen = await core.handlers['language:get'](undefined);
    if (chosen.ok) language = chosen.value;
    words = shellTranslator(language.locale);
    preferences = await loadPreferences(dataDir, logger);
    savedWindowState = await loadWindowState(dataDir, logger);
    installAppMenu(platform, openLogsFolder, words);
    registerIpcHandlers(
      core.handlers,
      { contents: () => mainWindow?.webContents, url: appUrl },
      logger,
    );
    tray = new TrayController(
      resourcePath(trayIcon(platform)),
      {
        showWindow,
        navigate,
        quit: () => app.quit(),
        openLogsFolder,
        notificationFailed: () => drawAttention({ platform, dock: app.dock, window: mainWindow }),
        mute,
        chooseLanguage,
      },
      words,
    );
    tray.setLanguage(words, language.choice);
    showPreferences(preferences);
    // Every event channel of the contract goes to the window (ui:navigate is the shell's own).
    forwardEvents(core, () => mainWindow?.webContents);
    core.subscribe('servers:changed', (payload) => tray?.update(payload.servers));
    core.subscribe('events:mass-logout', (payload) => tray?.notifyMassLogout(payload));
    core.subscribe('events:drift', (payload) => tray?.notifyDrift(payload));
    core.subscribe('events:language', showLanguage);
    const listed = await core.handlers['servers:list'](undefined);
    if (listed.ok) tray.update(listed.value.servers);
    quitOnShutdown(powerMonitor, () => app.quit(), logger);
    core.startWatching();
    stopWakeWatch = reconnectOnWake(core, logger);
    mainWindow = openWindow();
    started = true;
    logger.info(STARTED_MESSAGE, { version: app.getVersion() });
  };

  // Windows shows no toast from an app without an AppUserModelID; set it before any window
  // or notification (https://www.electronjs.org/docs/latest/tutorial/notifications#windows).
  // Electron has this method on Windows only.
  if (platform === 'win32') app.setAppUserModelId(APP_ID);
  // Only possible before `ready` (https://www.electronjs.org/docs/latest/api/protocol).
  registerAppScheme(protocol);

  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents, appUrl));

  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }
  // The log goes to rotating files in the app's logs folder, for an admin to send, and to
  // the console for whoever started the app from a terminal.
  if (!options.logger) {
    try {
      fileLog = createFileLogger(app.getPath('logs'));
      logger = combinedLogger(fileLog, logger);
    } catch (error) {
      logger.warn('The log file could not be opened', { reason: String(error) });
    }
  }
  app.on('second-instance', showWindow);
  app.on('activate', showWindow);
  app.on('before-quit', () => {
    quitting = true;
  });
  quitGracefully(app, {
    shutdown: async () => {
      await core?.dispose();
      logger.info('QuickBox Session Companion stopped');
      await fileLog?.close();
    },
    logger,
  });
  // The app lives in the tray: closing the last window does not quit it.
  app.on('window-all-closed', () => undefined);
  app.on('will-quit', () => {
    tray?.destroy();
    stopWakeWatch?.();
  });
  app
    .whenReady()
    .then(start)
    .catch(async (error: unknown) => {
      const reason = error instanceof Error ? error.message : String(error);
      logger.error('QuickBox Session Companion could not start', { reason });
      dialog.showErrorBox(
        t().t('shell.dialog.startFailed.title'),
        t().t('shell.dialog.startFailed.body', {
          reason,
          logFile: LOG_FILE,
          logsFolder: app.getPath('logs'),
        }),
      );
      await fileLog?.close();
      app.exit(1);
    });
}
