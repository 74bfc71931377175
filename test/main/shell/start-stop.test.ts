import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LOG_FILE } from '../../../src-main/core/support/file-logger';
import type { Logger } from '../../../src-main/core/support/logger';
import { APP_PAGE_URL as APP_ADDRESS } from '../../../src-main/shell/app-path';

/** The page as the window loads it: in the system's language (English here). */
const APP_PAGE_URL = `${APP_ADDRESS}?lang=en`;
import { APP_CSP } from '../../../src-main/shell/content-security-policy';
import { runShell } from '../../../src-main/shell/lifecycle';
import {
  BrowserWindow,
  app,
  dialog,
  powerMonitor,
  protocol,
  resetFakeElectron,
} from './fake-electron';

vi.mock('electron', async () => await import('./fake-electron'));

// Start, stop and crash: the shell against the real core and the real file log in a temp
// data folder; Electron is the recording stand-in.
let dataDir: string;
let logLines: string[];

function memoryLogger(): Logger {
  const add = (level: string) => (message: string, fields?: object) =>
    logLines.push(`${level} ${message} ${JSON.stringify(fields ?? {})}`);
  return { info: add('info'), warn: add('warn'), error: add('error') };
}

const bundleDir = join(__dirname, '../../../out/main');
const logFile = (): string => join(dataDir, 'logs', LOG_FILE);

async function ready(): Promise<BrowserWindow> {
  app.becomeReady();
  await vi.waitFor(() => expect(BrowserWindow.created.length).toBeGreaterThan(0));
  const window = BrowserWindow.created[0];
  if (!window) throw new Error('no window');
  return window;
}

beforeEach(() => {
  resetFakeElectron();
  app.reset();
  dataDir = mkdtempSync(join(tmpdir(), 'qb-shell-start-stop-'));
  app.userData = dataDir;
  logLines = [];
});

afterEach(async () => {
  if (app.exitCode === null) await app.quitAndWait();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('a failed start', () => {
  it('is logged to main.log and shown with what to do, then the app exits 1', async () => {
    // Start-up fails: the app:// scheme is taken (Electron throws "Failed to register protocol").
    protocol.handlers.set('app', () => new Response('taken'));
    runShell({ bundleDir, platform: 'linux' });
    app.becomeReady();
    await vi.waitFor(() => expect(app.exitCode).toBe(1));
    expect(dialog.errorBoxes).toHaveLength(1);
    const box = dialog.errorBoxes[0];
    expect(box?.title).toMatch(/could not start/i);
    expect(box?.content).toContain(join(dataDir, 'logs'));
    expect(box?.content).toContain(LOG_FILE);
    // The line is in the file (flushed) by the time the app exits.
    const log = readFileSync(logFile(), 'utf8');
    expect(log).toMatch(/"level":"error".*could not start/i);
  });

  it('a second instance (no single-instance lock) does not open main.log', () => {
    app.hasLock = false;
    try {
      runShell({ bundleDir, platform: 'linux' });
      expect(existsSync(join(dataDir, 'logs'))).toBe(false);
      expect(app.quitCalled).toBe(true);
    } finally {
      app.hasLock = true;
    }
  });
});

describe('quitting', () => {
  it('closes main.log: its last line is on disk when the app quits', async () => {
    runShell({ bundleDir, platform: 'linux' });
    await ready();
    await app.quitAndWait();
    expect(readFileSync(logFile(), 'utf8')).toMatch(/"level":"info".*stopped/i);
  });
});

describe('log-off and shutdown stop the core like a quit', () => {
  for (const event of ['query-session-end', 'session-end'] as const) {
    it(`the window's ${event} (Windows) quits gracefully`, async () => {
      runShell({ bundleDir, platform: 'win32', logger: memoryLogger() });
      const window = await ready();
      let quit = false;
      app.once('will-quit', () => (quit = true));
      window.emit(event, { reasons: ['logoff'], preventDefault: vi.fn() });
      await vi.waitFor(() => expect(quit).toBe(true));
      expect(logLines.some((line) => /stopped/i.test(line))).toBe(true);
      expect(logLines.some((line) => line.includes('logoff'))).toBe(true);
    });
  }

  it("powerMonitor's shutdown (Linux, macOS) holds the shutdown and quits gracefully", async () => {
    runShell({ bundleDir, platform: 'linux', logger: memoryLogger() });
    await ready();
    let quit = false;
    app.once('will-quit', () => (quit = true));
    const event = { preventDefault: vi.fn() };
    powerMonitor.emit('shutdown', event);
    await vi.waitFor(() => expect(quit).toBe(true));
    expect(event.preventDefault).toHaveBeenCalled();
    expect(logLines.some((line) => /stopped/i.test(line))).toBe(true);
  });
});

describe('a renderer that crashed or failed to load', () => {
  async function errorPage(url: string): Promise<Response> {
    const handler = protocol.handlers.get('app');
    if (!handler) throw new Error('no app:// handler');
    return await handler(new Request(url));
  }

  it('is reloaded once after a crash, then shows the error page of the app origin', async () => {
    runShell({ bundleDir, platform: 'linux', logger: memoryLogger() });
    const window = await ready();
    expect(window.loads).toEqual([APP_PAGE_URL]);
    window.webContents.emit('render-process-gone', {}, { reason: 'crashed', exitCode: 133 });
    expect(window.loads).toEqual([APP_PAGE_URL, APP_PAGE_URL]);
    expect(logLines.some((line) => line.startsWith('warn') && /reload/i.test(line))).toBe(true);
    window.webContents.emit('render-process-gone', {}, { reason: 'oom', exitCode: 1 });
    expect(window.loads).toHaveLength(3);
    const shown = window.loads[2] ?? '';
    expect(new URL(shown).origin).toBe(new URL(APP_PAGE_URL).origin);
    const answer = await errorPage(shown);
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-security-policy')).toBe(APP_CSP);
    const text = await answer.text();
    expect(text).toMatch(/stopped/i);
    expect(text).toContain(LOG_FILE);
    expect(text).not.toMatch(/<script|style=/i);
    // The error page failing in turn does not loop.
    window.webContents.emit('did-fail-load', {}, -6, 'ERR_FILE_NOT_FOUND', shown, true);
    expect(window.loads).toHaveLength(3);
  });

  it('after "Try again" on the error page, a new failure shows the error page again', async () => {
    runShell({ bundleDir, platform: 'linux', logger: memoryLogger() });
    const window = await ready();
    const crash = (): boolean =>
      window.webContents.emit('render-process-gone', {}, { reason: 'crashed', exitCode: 133 });
    crash();
    crash();
    const shown = window.loads[2] ?? '';
    window.webContents.emit('did-finish-load');
    expect(await (await errorPage(shown)).text()).toContain('href="/index.html"');
    // The admin follows the link: the app page loads, then its renderer crashes again.
    window.webContents.mainFrame.url = APP_PAGE_URL;
    window.webContents.emit('did-finish-load');
    crash();
    expect(window.loads).toEqual([APP_PAGE_URL, APP_PAGE_URL, shown, shown]);
  });

  it("speaks the system's language: the window's address asks for it, and the error page is in it", async () => {
    app.systemLanguages = ['de_DE.UTF-8', 'en-US'];
    runShell({ bundleDir, platform: 'linux', logger: memoryLogger() });
    const window = await ready();
    expect(window.loads).toEqual([`${APP_ADDRESS}?lang=de`]);
    const crash = (): boolean =>
      window.webContents.emit('render-process-gone', {}, { reason: 'crashed', exitCode: 133 });
    crash();
    crash();
    const shown = window.loads[2] ?? '';
    expect(new URL(shown).searchParams.get('lang')).toBe('de');
    const text = await (await errorPage(shown)).text();
    expect(text).toContain('<html lang="de" dir="ltr">');
    expect(text).toContain('<h1>Das Fenster funktioniert nicht mehr</h1>');
    expect(text).toContain('<a href="/index.html">Erneut versuchen</a>');
    expect(text).toContain(`<code>${LOG_FILE}</code>`);
    expect(text).toContain('Hilfe &gt; Protokollordner öffnen');
  });

  it('is reloaded once after a failed load, then says the page could not be loaded', async () => {
    runShell({ bundleDir, platform: 'linux', logger: memoryLogger() });
    const window = await ready();
    // A frame inside the page and an aborted load (a newer navigation) are not failures.
    window.webContents.emit('did-fail-load', {}, -6, 'ERR_FILE_NOT_FOUND', APP_PAGE_URL, false);
    window.webContents.emit('did-fail-load', {}, -3, 'ERR_ABORTED', APP_PAGE_URL, true);
    expect(window.loads).toHaveLength(1);
    window.webContents.emit('did-fail-load', {}, -6, 'ERR_FILE_NOT_FOUND', APP_PAGE_URL, true);
    expect(window.loads).toEqual([APP_PAGE_URL, APP_PAGE_URL]);
    window.webContents.emit('did-fail-load', {}, -6, 'ERR_FILE_NOT_FOUND', APP_PAGE_URL, true);
    const shown = window.loads[2] ?? '';
    const text = await (await errorPage(shown)).text();
    expect(text).toMatch(/could not be loaded/i);
    expect(logLines.some((line) => line.startsWith('error'))).toBe(true);
  });
});
