import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Logger } from '../../../src-main/core/support/logger';
import { EXPORT_FORMAT } from '../../../src-main/core/registry/server-transfer';
import { APP_ID } from '../../../src-main/shell/app-id';
import { runShell } from '../../../src-main/shell/lifecycle';
import { STARTED_MESSAGE } from '../../../src-main/shell/started-message';
import { PREFERENCES_FILE } from '../../../src-main/shell/preferences';
import {
  BrowserWindow,
  Notification,
  Tray,
  app,
  calls,
  ipcMain,
  resetFakeElectron,
} from './fake-electron';

vi.mock('electron', async () => await import('./fake-electron'));

// The shell's lifecycle against the real core (a temp data folder); Electron is the recording
// stand-in, started afresh for each test.
const HIDE_TO_TRAY = 'Hide to the tray when closed';
let dataDir: string;
let logLines: string[];

function logger(): Logger {
  const add = (level: string) => (message: string) => logLines.push(`${level} ${message}`);
  return { info: add('info'), warn: add('warn'), error: add('error') };
}

function start(platform: NodeJS.Platform): void {
  runShell({ bundleDir: join(__dirname, '../../../out/main'), platform, logger: logger() });
}

async function settle(): Promise<void> {
  for (let i = 0; i < 20; i++) await new Promise((resolve) => setTimeout(resolve, 5));
}

/** Makes the app ready and waits until start-up has opened its window. */
async function ready(): Promise<BrowserWindow> {
  app.becomeReady();
  await vi.waitFor(() => expect(BrowserWindow.created.length).toBeGreaterThan(0));
  await settle();
  const window = BrowserWindow.created[0];
  if (!window) throw new Error('no window');
  window.emit('ready-to-show');
  return window;
}

/** Quits the app as Electron does, and waits until it really quits. */
async function stop(): Promise<void> {
  await app.quitAndWait();
}

function close(window: BrowserWindow): { preventDefault: () => void } {
  const event = { preventDefault: vi.fn() };
  window.emit('close', event);
  expect(event.preventDefault).toHaveBeenCalled();
  return event;
}

function hideToTrayItem() {
  return Tray.created[0]?.menu?.template.find((item) => item.label === HIDE_TO_TRAY);
}

function doNotDisturbItem() {
  return Tray.created[0]?.menu?.template.find((item) => item.label === 'Do not disturb');
}

beforeEach(() => {
  resetFakeElectron();
  app.reset();
  dataDir = mkdtempSync(join(tmpdir(), 'qb-shell-lifecycle-'));
  app.userData = dataDir;
  logLines = [];
});

afterEach(async () => {
  await stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('start-up (electron#5272)', () => {
  it('ignores activate and second-instance before ready, then opens exactly one window', async () => {
    start('darwin');
    expect(() => app.emit('activate')).not.toThrow();
    expect(() => app.emit('second-instance')).not.toThrow();
    await ready();
    expect(BrowserWindow.created).toHaveLength(1);
  });

  it('ignores a tray click, activate and second-instance while start-up is on its way to the window', async () => {
    Tray.onCreated = (tray) => {
      tray.emit('click');
      app.emit('activate');
      app.emit('second-instance');
    };
    start('linux');
    await ready();
    expect(BrowserWindow.created).toHaveLength(1);
  });

  it('after start-up, the same events bring back the one window', async () => {
    start('win32');
    const window = await ready();
    window.hide();
    app.emit('second-instance');
    expect(window.visible).toBe(true);
    window.hide();
    Tray.created[0]?.emit('click');
    app.emit('activate');
    expect(window.visible).toBe(true);
    expect(BrowserWindow.created).toHaveLength(1);
  });
});

describe('the App User Model ID (Windows toasts)', () => {
  it('is set to APP_ID before any window, tray or notification', async () => {
    start('win32');
    expect(calls[0]).toBe('app.setAppUserModelId');
    await ready();
    expect(app.appUserModelId).toBe(APP_ID);
    expect(APP_ID).toBe('io.quickbox.session-companion');
    expect(calls.filter((call) => call === 'app.setAppUserModelId')).toHaveLength(1);
    expect(calls.indexOf('app.setAppUserModelId')).toBeLessThan(calls.indexOf('new Tray'));
    expect(calls.indexOf('app.setAppUserModelId')).toBeLessThan(calls.indexOf('new BrowserWindow'));
  });

  it.each(['linux', 'darwin'] as const)(
    'is not set on %s (a Windows-only call)',
    async (platform) => {
      start(platform);
      await ready();
      expect(calls).not.toContain('app.setAppUserModelId');
    },
  );
});

describe('closing the window', () => {
  it('on Linux minimizes it, keeping it in the taskbar, with no tray hint', async () => {
    start('linux');
    const window = await ready();
    close(window);
    expect(window.minimized).toBe(true);
    expect(window.visible).toBe(true);
    expect(Notification.log).toHaveLength(0);
    expect(hideToTrayItem()).toMatchObject({ type: 'checkbox', checked: false });
  });

  it('on Linux with "hide to the tray" on hides it, and the choice is kept for the next start', async () => {
    start('linux');
    const window = await ready();
    hideToTrayItem()?.click?.({ checked: true });
    expect(hideToTrayItem()?.checked).toBe(true);
    close(window);
    expect(window.visible).toBe(false);
    expect(window.minimized).toBe(false);
    await vi.waitFor(() =>
      expect(JSON.parse(readFileSync(join(dataDir, PREFERENCES_FILE), 'utf8'))).toEqual({
        hideToTrayOnClose: true,
        doNotDisturb: false,
      }),
    );

    await stop();
    resetFakeElectron();
    app.reset();
    start('linux');
    const again = await ready();
    expect(hideToTrayItem()?.checked).toBe(true);
    close(again);
    expect(again.visible).toBe(false);
  });

  it('says once in its log that it has started, after its window is up (CI waits for this line)', async () => {
    start('linux');
    expect(logLines.filter((line) => line.includes(STARTED_MESSAGE))).toEqual([]);
    await ready();
    expect(logLines.filter((line) => line.includes(STARTED_MESSAGE))).toEqual([
      `info ${STARTED_MESSAGE}`,
    ]);
  });

  it('on Linux ignores a corrupt preferences file, with a log line, and minimizes', async () => {
    writeFileSync(join(dataDir, PREFERENCES_FILE), '{ "hideToTrayOnClose": tr');
    start('linux');
    const window = await ready();
    expect(logLines.some((line) => /^warn Preferences file is not valid/.test(line))).toBe(true);
    close(window);
    expect(window.minimized).toBe(true);
  });

  it.each(['win32', 'darwin'] as const)(
    'on %s hides it to the tray, says so once, and offers no "hide to the tray" option',
    async (platform) => {
      start(platform);
      const window = await ready();
      close(window);
      window.show();
      close(window);
      expect(window.visible).toBe(false);
      expect(window.minimized).toBe(false);
      expect(Notification.log.filter((n) => n.title.includes('still running'))).toHaveLength(1);
      expect(hideToTrayItem()).toBeUndefined();
    },
  );

  it('lets the window close when the app quits', async () => {
    start('linux');
    const window = await ready();
    app.quit();
    const event = { preventDefault: vi.fn() };
    window.emit('close', event);
    expect(event.preventDefault).not.toHaveBeenCalled();
  });
});

describe('"Do not disturb" in the tray menu', () => {
  it.each(['linux', 'win32', 'darwin'] as const)(
    'is a checkbox on %s, off at first',
    async (platform) => {
      start(platform);
      await ready();
      expect(doNotDisturbItem()).toMatchObject({ type: 'checkbox', checked: false });
    },
  );

  it('silences every notification, the "still running" hint too, and is kept for the next start', async () => {
    start('win32');
    const window = await ready();
    doNotDisturbItem()?.click?.({ checked: true });
    expect(doNotDisturbItem()?.checked).toBe(true);
    close(window);
    expect(window.visible).toBe(false);
    expect(Notification.log).toHaveLength(0);
    await vi.waitFor(() =>
      expect(JSON.parse(readFileSync(join(dataDir, PREFERENCES_FILE), 'utf8'))).toEqual({
        hideToTrayOnClose: false,
        doNotDisturb: true,
      }),
    );

    await stop();
    resetFakeElectron();
    app.reset();
    start('win32');
    const again = await ready();
    expect(doNotDisturbItem()?.checked).toBe(true);
    doNotDisturbItem()?.click?.({ checked: false });
    close(again);
    // The hint was not shown while silenced, so it is shown now, once.
    expect(Notification.log.filter((n) => n.title.includes('still running'))).toHaveLength(1);
  });
});

describe('quitting (the core finishes first)', () => {
  const exported = JSON.stringify({
    format: EXPORT_FORMAT,
    version: 1,
    exportedAt: new Date(0).toISOString(),
    servers: [
      {
        name: 'Box Q',
        baseUrl: 'https://box-q.example',
        environment: null,
        authKind: 'api_key',
        username: null,
        pinnedFingerprint: null,
      },
    ],
  });

  it('waits for the last registry write before the app quits', async () => {
    start('linux');
    const window = await ready();
    const contents = window.webContents;
    const importing = ipcMain.handlers.get('servers:import')?.(
      { sender: contents, senderFrame: contents.mainFrame },
      { json: exported },
    );
    let onDiskAtQuit = '';
    app.once('will-quit', () => {
      const file = join(dataDir, 'servers.json');
      onDiskAtQuit = existsSync(file) ? readFileSync(file, 'utf8') : '';
    });
    await app.quitAndWait();
    expect(await importing).toMatchObject({ ok: true, value: { added: [{ name: 'Box Q' }] } });
    expect(onDiskAtQuit).toContain('Box Q');
    expect(Tray.created[0]?.destroyed).toBe(true);
  });
});
