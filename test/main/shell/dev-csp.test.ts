import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { build, createServer, mergeConfig, type ViteDevServer } from 'vite';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createCore, type Core } from '../../../src-main/core/composition-root';
import { APP_CSP } from '../../../src-main/shell/content-security-policy';
import { installSessionPolicies } from '../../../src-main/shell/window';
import { REQUEST_CHANNELS, type RequestChannel } from '../../../src-shared/ipc-contract';
import { pageApiScript } from '../../e2e/harness/bundle';
import { CHROMIUM_LAUNCH_OPTIONS } from '../../e2e/harness/chromium';
import { ROOT, electronViteConfig } from './electron-vite-config';
import { session } from './fake-electron';

vi.mock('electron', async () => await import('./fake-electron'));

// `npm run dev` in Chromium: the renderer config's Vite dev server, as electron-vite starts
// it, and the page loaded with the e2e harness's API binding into a real core (as the
// preload would give it), every response passing through main's session policy (its
// onHeadersReceived listener) as it would in Electron. Then the built page, for its policy.

const META_POLICY = /<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]+)"/i;
const dataDir = mkdtempSync(join(tmpdir(), 'qb-dev-csp-'));
let server: ViteDevServer;
let browser: Browser;
let core: Core;

beforeAll(async () => {
  const config = await electronViteConfig('serve');
  server = await createServer(
    mergeConfig(config.renderer ?? {}, {
      configFile: false,
      logLevel: 'silent',
      server: { host: '127.0.0.1', port: 0, strictPort: false },
    }),
  );
  await server.listen();
  core = await createCore({ dataDir });
  const builtPage = `file://${join(ROOT, 'out', 'renderer', 'index.html')}`;
  installSessionPolicies(session.defaultSession as never, builtPage);
  browser = await chromium.launch({
    ...CHROMIUM_LAUNCH_OPTIONS,
    // A response the test's route fulfils has no IP address space, and Chromium's Local
    // Network Access checks would then refuse the page's HMR websocket to 127.0.0.1. In
    // Electron the page comes straight from the dev server.
    args: [...(CHROMIUM_LAUNCH_OPTIONS.args ?? []), '--disable-features=LocalNetworkAccessChecks'],
  });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await core?.dispose();
  rmSync(dataDir, { recursive: true, force: true });
});

/** Response headers as main's onHeadersReceived listener leaves them for this URL. */
function throughMainSessionPolicy(
  url: string,
  headers: Record<string, string>,
): Promise<Record<string, string>> {
  const listener = session.defaultSession.headersListener;
  if (!listener) throw new Error('main installed no headers listener');
  const responseHeaders = Object.fromEntries(
    Object.entries(headers).map(([name, value]) => [name, [value]]),
  );
  return new Promise((resolve) => {
    listener({ url, responseHeaders }, (result) => {
      // As in Electron: headers given replace the response's; none given leave them as they are.
      const chosen = result.responseHeaders ?? responseHeaders;
      resolve(
        Object.fromEntries(
          Object.entries(chosen).map(([name, values]) => [name, values.join(', ')]),
        ),
      );
    });
  });
}

/** A page with window.quickbox wired to the real core, recording CSP violations. */
async function appPage(): Promise<{ page: Page; violations: string[]; console: string[] }> {
  const page = await browser.newPage();
  const violations: string[] = [];
  const console: string[] = [];
  page.on('console', (message) => console.push(message.text()));
  await page.exposeFunction('__qbViolation', (text: string) => violations.push(text));
  await page.exposeFunction('__quickboxInvoke', (channel: RequestChannel, payload: unknown) => {
    if (!REQUEST_CHANNELS.includes(channel)) throw new Error(`no channel ${channel}`);
    return core.handlers[channel](payload);
  });
  // Runs in the page (a string: this file is type-checked for Node, without the DOM).
  await page.addInitScript({
    content: `document.addEventListener('securitypolicyviolation', (event) =>
      __qbViolation(event.effectiveDirective + ' blocked ' + (event.blockedURI || 'inline')));`,
  });
  await page.addInitScript({ content: await pageApiScript() });
  await page.route('**/*', async (route) => {
    const response = await route.fetch();
    const headers = await throughMainSessionPolicy(route.request().url(), response.headers());
    await route.fulfill({ response, headers });
  });
  return { page, violations, console };
}

describe('the dev server page (npm run dev)', () => {
  it('renders the app under the dev policy, with hot reload connected and no CSP violation', async () => {
    const { page, violations, console } = await appPage();
    const url = server.resolvedUrls?.local[0];
    if (!url) throw new Error('the dev server has no URL');
    const response = await page.goto(url);
    const header = response?.headers()['content-security-policy'] ?? '';
    const meta = META_POLICY.exec((await response?.text()) ?? '')?.[1];

    await expect
      .poll(() => page.getByRole('heading', { name: 'No server yet' }).count(), { timeout: 20_000 })
      .toBe(1);
    await expect.poll(() => console.some((line) => line.includes('[vite] connected'))).toBe(true);
    expect(violations).toEqual([]);
    expect(console.filter((line) => /Refused|violates|preamble/i.test(line))).toEqual([]);

    // The header and the meta tag carry the same dev policy: scripts still only by hash.
    expect(meta).toBe(header);
    expect(header).toMatch(/script-src 'self' 'sha256-[A-Za-z0-9+/]+=*';/);
    expect(header).not.toMatch(/script-src[^;]*'unsafe-inline'|unsafe-eval/);
    expect(header).toContain("style-src 'self' 'unsafe-inline'");
    await page.close();
  }, 60_000);
});

describe('the built page (npm run build)', () => {
  it("keeps the app's strict policy, the same as main's header", async () => {
    const outDir = mkdtempSync(join(tmpdir(), 'qb-built-renderer-'));
    try {
      const config = await electronViteConfig('build');
      await build(
        mergeConfig(config.renderer ?? {}, {
          configFile: false,
          logLevel: 'silent',
          build: { outDir, emptyOutDir: true },
        }),
      );
      const html = readFileSync(join(outDir, 'index.html'), 'utf8');
      expect(META_POLICY.exec(html)?.[1]?.replace(/;\s*/g, '; ').trim()).toBe(APP_CSP);
      expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    } finally {
      rmSync(outDir, { recursive: true, force: true });
    }
  }, 60_000);
});
