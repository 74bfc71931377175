import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { _electron as electron, expect, test } from '@playwright/test';
import { electronBinary } from '../../scripts/electron-binary.cjs';

// The real Electron app, through Playwright's Electron launcher. Its binary cannot be
// downloaded on the build machines, so there this test is skipped, and says why; every
// behaviour it checks is also covered without it (test/main/shell, and the Chromium suite).

const binary = electronBinary();
const skipReason =
  'no Electron binary on this machine (electron fetches it on first use, which cannot happen here); the shell is covered by test/main/shell and the app by the Chromium suite';

test.describe('the packaged app in Electron', () => {
  test.skip(binary === null, skipReason);
  if (binary === null) console.log(`electron-app: skipped: ${skipReason}`);

  test('opens an isolated window whose only door to main is window.quickbox, and stays on its page', async () => {
    const userData = mkdtempSync(join(tmpdir(), 'qb-electron-'));
    const app = await electron.launch({
      executablePath: binary ?? undefined,
      args: [join(__dirname, '../../out/main/index.js'), `--user-data-dir=${userData}`],
    });
    try {
      const appWindow = await app.firstWindow();
      await expect(appWindow).toHaveTitle(/QuickBox Session Companion/);
      const exposure = await appWindow.evaluate(() => ({
        api: Object.keys((globalThis as unknown as { quickbox: object }).quickbox).sort(),
        require: typeof (globalThis as unknown as { require?: unknown }).require,
        process: typeof (globalThis as unknown as { process?: unknown }).process,
      }));
      expect(exposure).toEqual({
        api: ['events', 'servers', 'sessions', 'settings', 'ui'],
        require: 'undefined',
        process: 'undefined',
      });
      const listed = await appWindow.evaluate(() =>
        (
          globalThis as unknown as { quickbox: { servers: { list(): Promise<unknown> } } }
        ).quickbox.servers.list(),
      );
      expect(listed).toEqual({ ok: true, value: { servers: [], registryProblem: null } });
      const page = appWindow.url();
      await appWindow.evaluate(() => {
        (globalThis as unknown as { location: { href: string } }).location.href =
          'https://example.com/';
      });
      await appWindow.waitForTimeout(500);
      expect(appWindow.url()).toBe(page);
    } finally {
      await app.close();
      rmSync(userData, { recursive: true, force: true });
    }
  });
});
