import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { posix, win32 } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { APP_PAGE_URL, appPathFor } from '../../../src-main/shell/app-path';
import {
  APP_SCHEME_PRIVILEGES,
  handleAppScheme,
  registerAppScheme,
} from '../../../src-main/shell/app-protocol';
import { APP_CSP } from '../../../src-main/shell/content-security-policy';
import { app, protocol, resetFakeElectron } from './fake-electron';

vi.mock('electron', async () => await import('./fake-electron'));

describe('appPathFor (the path check, a pure function)', () => {
  const root = '/opt/app/out/renderer';

  it.each([
    ['app://quickbox/', '/opt/app/out/renderer/index.html'],
    ['app://quickbox', '/opt/app/out/renderer/index.html'],
    ['app://quickbox/index.html?x=1#/servers/1', '/opt/app/out/renderer/index.html'],
    ['app://quickbox/assets/index-abc.js', '/opt/app/out/renderer/assets/index-abc.js'],
    ['app://quickbox/assets/a%20b.css', '/opt/app/out/renderer/assets/a b.css'],
    // The URL parser already removes plain and encoded dot segments: still inside.
    ['app://quickbox/../../etc/passwd', '/opt/app/out/renderer/etc/passwd'],
    ['app://quickbox/%2e%2e/%2E%2E/etc/passwd', '/opt/app/out/renderer/etc/passwd'],
    ['app://quickbox//etc/passwd', '/opt/app/out/renderer/etc/passwd'],
  ])('%s -> %s', (url, expected) => {
    expect(appPathFor(url, root, posix)).toEqual({ kind: 'file', path: expected });
  });

  it.each([
    // An encoded slash hides `..` from the URL parser; decoding shows it, and it is refused.
    ['app://quickbox/..%2f..%2fetc%2fpasswd', 'outside the app folder'],
    ['app://quickbox/assets/..%2F..%2F..%2Fsecret', 'outside the app folder'],
    ['app://quickbox/%2e%2e%2f%2e%2e%2fsecret', 'outside the app folder'],
    ['app://quickbox/..%2f', 'outside the app folder'],
    ['app://quickbox/%2e%2e%2frenderer-other/x.js', 'outside the app folder'],
    // Backslashes, drive letters and NUL change what a path means: never in the build.
    ['app://quickbox/..%5c..%5csecret', 'malformed'],
    ['app://quickbox/C:%5cWindows%5cwin.ini', 'malformed'],
    ['app://quickbox/index.html%00.png', 'malformed'],
    ['app://quickbox/%E0%A4%A', 'malformed'],
    // Another host, scheme, or not a URL at all.
    ['app://evil/index.html', 'not an app URL'],
    ['app://quickbox:8080/index.html', 'not an app URL'],
    ['file:///etc/passwd', 'not an app URL'],
    ['https://quickbox/index.html', 'not an app URL'],
    ['not a url', 'not an app URL'],
  ])('refuses %s (%s)', (url, reason) => {
    expect(appPathFor(url, root, posix)).toEqual({ kind: 'refused', reason });
  });

  it('keeps Windows paths inside the folder too', () => {
    const windowsRoot = 'C:\\Program Files\\QuickBox\\resources\\app.asar\\out\\renderer';
    expect(appPathFor('app://quickbox/assets/x.js', windowsRoot, win32)).toEqual({
      kind: 'file',
      path: `${windowsRoot}\\assets\\x.js`,
    });
    expect(appPathFor('app://quickbox/..%2f..%2fsecret', windowsRoot, win32)).toEqual({
      kind: 'refused',
      reason: 'outside the app folder',
    });
    expect(appPathFor('app://quickbox/%2e%2e%5csecret', windowsRoot, win32)).toMatchObject({
      kind: 'refused',
    });
  });

  it('accepts a file whose name merely starts with two dots', () => {
    expect(appPathFor('app://quickbox/..hidden.js', root, posix)).toEqual({
      kind: 'file',
      path: '/opt/app/out/renderer/..hidden.js',
    });
  });
});

describe('the app:// handler, through the stand-in protocol', () => {
  let base: string;
  let root: string;

  beforeAll(() => {
    base = mkdtempSync(join(tmpdir(), 'qb-app-protocol-'));
    root = join(base, 'renderer');
    mkdirSync(join(root, 'assets'), { recursive: true });
    writeFileSync(join(root, 'index.html'), '<!doctype html><title>app</title>');
    writeFileSync(join(root, 'assets', 'index-abc.js'), 'console.log(1)');
    writeFileSync(join(root, 'assets', 'style.css'), 'body{}');
    writeFileSync(join(root, 'assets', 'blob.bin'), 'x');
    writeFileSync(join(base, 'secret.txt'), 'TOP SECRET');
    mkdirSync(join(base, 'renderer-other'));
    writeFileSync(join(base, 'renderer-other', 'x.js'), 'TOP SECRET');
    symlinkSync(join(base, 'secret.txt'), join(root, 'assets', 'leak.txt'));
    symlinkSync(base, join(root, 'up'));
    symlinkSync(join(root, 'index.html'), join(root, 'assets', 'home.html'));
  });

  afterAll(() => rmSync(base, { recursive: true, force: true }));

  beforeEach(() => {
    resetFakeElectron();
    app.reset();
  });

  async function fetchApp(url: string, method = 'GET'): Promise<Response> {
    const handler = protocol.handlers.get('app');
    if (!handler) throw new Error('no app:// handler');
    return handler(new Request(url, { method }));
  }

  function registered(): void {
    registerAppScheme(protocol as never);
    app.becomeReady();
    handleAppScheme(protocol as never, root);
  }

  it('registers the scheme as standard and secure before ready, without bypassing the CSP', () => {
    registerAppScheme(protocol as never);
    expect(protocol.privileged).toEqual([{ scheme: 'app', privileges: APP_SCHEME_PRIVILEGES }]);
    expect(APP_SCHEME_PRIVILEGES).toEqual({ standard: true, secure: true, supportFetchAPI: true });
    expect(APP_SCHEME_PRIVILEGES).not.toHaveProperty('bypassCSP');
    expect(APP_SCHEME_PRIVILEGES).not.toHaveProperty('corsEnabled');
  });

  it('serves the app page and its assets with their types and the CSP header', async () => {
    registered();
    const cases = [
      [APP_PAGE_URL, 'text/html; charset=utf-8', '<!doctype html><title>app</title>'],
      ['app://quickbox/', 'text/html; charset=utf-8', '<!doctype html><title>app</title>'],
      ['app://quickbox/assets/index-abc.js', 'text/javascript; charset=utf-8', 'console.log(1)'],
      ['app://quickbox/assets/style.css', 'text/css; charset=utf-8', 'body{}'],
      ['app://quickbox/assets/blob.bin', 'application/octet-stream', 'x'],
      // A symlink that stays inside the folder is served.
      ['app://quickbox/assets/home.html', 'text/html; charset=utf-8', '<!doctype'],
    ] as const;
    for (const [url, type, body] of cases) {
      const response = await fetchApp(url);
      expect(response.status, url).toBe(200);
      expect(response.headers.get('content-type'), url).toBe(type);
      expect(response.headers.get('content-security-policy'), url).toBe(APP_CSP);
      expect(response.headers.get('x-content-type-options'), url).toBe('nosniff');
      expect(await response.text(), url).toContain(body);
    }
  });

  it('answers HEAD without a body and refuses other methods', async () => {
    registered();
    const head = await fetchApp(APP_PAGE_URL, 'HEAD');
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
    const post = await fetchApp(APP_PAGE_URL, 'POST');
    expect(post.status).toBe(405);
    expect(post.headers.get('content-security-policy')).toBe(APP_CSP);
  });

  it.each([
    ['app://quickbox/..%2fsecret.txt', 403],
    ['app://quickbox/assets/..%2f..%2fsecret.txt', 403],
    ['app://quickbox/%2e%2e%2frenderer-other/x.js', 403],
    ['app://quickbox/assets/leak.txt', 403],
    ['app://quickbox/up/secret.txt', 403],
    ['app://quickbox/up/renderer-other/x.js', 403],
    ['app://quickbox/index.html%00', 403],
    ['app://evil/index.html', 403],
    ['app://quickbox/missing.js', 404],
    ['app://quickbox/assets', 404],
    ['app://quickbox/assets/', 404],
  ])('refuses %s with %i, the CSP header, and nothing of the file', async (url, status) => {
    registered();
    const response = await fetchApp(url);
    expect(response.status).toBe(status);
    expect(response.headers.get('content-security-policy')).toBe(APP_CSP);
    expect(await response.text()).not.toContain('TOP SECRET');
  });
});
