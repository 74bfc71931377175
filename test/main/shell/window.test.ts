import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { APP_CSP } from '../../../src-main/shell/content-security-policy';
import { createMainWindow, installSessionPolicies } from '../../../src-main/shell/window';
import { BrowserWindow, app, resetFakeElectron, session, shell } from './fake-electron';

vi.mock('electron', async () => await import('./fake-electron'));

const APP_URL = 'app://quickbox/index.html';

beforeAll(() => app.becomeReady());
beforeEach(() => resetFakeElectron());

describe('createMainWindow', () => {
  function open(): BrowserWindow {
    createMainWindow({
      preloadPath: '/p/preload.js',
      appUrl: () => APP_URL,
      locale: 'de',
      devTools: false,
    });
    const window = BrowserWindow.created[0];
    if (!window) throw new Error('no window was created');
    return window;
  }

  it('creates the window hidden, isolated and sandboxed, with no Node, and loads the app page in its language', () => {
    const window = open();
    expect(window.options['show']).toBe(false);
    expect(window.options['webPreferences']).toEqual({
      preload: '/p/preload.js',
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
      disableBlinkFeatures: 'Auxclick',
      spellcheck: false,
      devTools: false,
    });
    expect(window.loadedUrl).toBe(`${APP_URL}?lang=de`);
    window.emit('ready-to-show');
    expect(window.visible).toBe(true);
  });

  it("denies navigation away from the app's origin", () => {
    const contents = open().webContents;
    for (const [eventName, url, blocked] of [
      ['will-navigate', 'https://evil.example/', true],
      ['will-navigate', 'file:///etc/passwd', true],
      ['will-navigate', 'file:///opt/app/out/renderer/index.html', true],
      ['will-navigate', 'app://evil/index.html', true],
      ['will-navigate', 'app://quickbox.evil/index.html', true],
      ['will-navigate', 'http://quickbox/index.html', true],
      ['will-redirect', 'https://evil.example/', true],
      ['will-navigate', APP_URL, false],
      ['will-navigate', `${APP_URL}#/servers/1`, false],
      ['will-redirect', 'app://quickbox/', false],
    ] as const) {
      const event = { preventDefault: vi.fn() };
      contents.emit(eventName, event, url);
      expect(event.preventDefault).toHaveBeenCalledTimes(blocked ? 1 : 0);
    }
  });

  it('denies every new window, sending only http(s) links to the OS browser', async () => {
    const contents = open().webContents;
    const handler = contents.windowOpenHandler;
    expect(handler?.({ url: 'https://docs.example/help' })).toEqual({ action: 'deny' });
    expect(handler?.({ url: 'file:///etc/passwd' })).toEqual({ action: 'deny' });
    expect(handler?.({ url: 'javascript:alert(1)' })).toEqual({ action: 'deny' });
    await Promise.resolve();
    expect(shell.opened).toEqual(['https://docs.example/help']);
  });

  it('refuses to attach webviews', () => {
    const event = { preventDefault: vi.fn() };
    open().webContents.emit('will-attach-webview', event);
    expect(event.preventDefault).toHaveBeenCalled();
  });
});

describe('installSessionPolicies', () => {
  it('denies every permission request and check', () => {
    installSessionPolicies(session.defaultSession as never);
    const granted = vi.fn();
    session.defaultSession.permissionRequestHandler?.({}, 'media', granted);
    expect(granted).toHaveBeenCalledWith(false);
    expect(session.defaultSession.permissionCheckHandler?.()).toBe(false);
  });
});

describe('APP_CSP', () => {
  it('allows no inline script, no eval and no remote source', () => {
    expect(APP_CSP).toContain("default-src 'none'");
    expect(APP_CSP).toContain("script-src 'self'");
    expect(APP_CSP).not.toMatch(/unsafe-inline|unsafe-eval|https?:|\*/);
  });

  it('is the same policy as the meta tag of the renderer page', () => {
    const html = readFileSync(join(__dirname, '../../../src-renderer/index.html'), 'utf8');
    const meta = /<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]+)"/i.exec(html);
    expect(meta?.[1]?.replace(/;\s*/g, '; ').trim()).toBe(APP_CSP);
  });
});
