import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { build, createServer, mergeConfig, type ViteDevServer } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../../src-main/core/composition-root';
import { serveAppRequest } from '../../../src-main/shell/app-protocol';
import { APP_CSP } from '../../../src-main/shell/content-security-policy';
import { REQUEST_CHANNELS, type RequestChannel } from '../../../src-shared/ipc-contract';
import { pageApiScript } from '../../e2e/harness/bundle';
import { CHROMIUM_LAUNCH_OPTIONS } from '../../e2e/harness/chromium';
import { electronViteConfig } from './electron-vite-config';

// `npm run dev` in Chromium: the renderer config's Vite dev server, as electron-vite starts
// it, and the page loaded with the e2e harness's API binding into a real core (as the
// preload would give it). Main adds no header to the dev server's answers (its CSP comes
// with app:// answers only), so the page gets exactly what the dev server sends. Then the
// built page, for its policy.

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
  browser = await chromium.launch(CHROMIUM_LAUNCH_OPTIONS);
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await core?.dispose();
  rmSync(dataDir, { recursive: true, force: true });
});

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

      // The built page as main's app:// handler serves it (Chromium here knows no app://, so
      // an http origin stands for it): every file with its type and the CSP header.
      const { page, violations } = await appPage();
      await page.route('http://quickbox.test/**', async (route) => {
        const path = new URL(route.request().url()).pathname;
        const answer = await serveAppRequest(new Request(`app://quickbox${path}`), outDir);
        await route.fulfill({
          status: answer.status,
          headers: Object.fromEntries(answer.headers),
          body: Buffer.from(await answer.arrayBuffer()),
        });
      });
      const response = await page.goto('http://quickbox.test/index.html');
      expect(response?.headers()['content-security-policy']).toBe(APP_CSP);
      await expect
        .poll(() => page.getByRole('heading', { name: 'No server yet' }).count(), {
          timeout: 20_000,
        })
        .toBe(1);
      expect(violations).toEqual([]);
      await page.close();
    } finally {
      rmSync(outDir, { recursive: true, force: true });
    }
  }, 60_000);
});
