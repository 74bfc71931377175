/**
 * The "electron" project's fixtures: they replace the harness's `app` and `core` (see
 * fixtures.ts) so that the same scenarios run in the real app. `app` launches the built app
 * (out/main/index.js) in Electron through Playwright's `_electron.launch`, on the test's
 * throw-away data folder (`--user-data-dir`) and in the test's keyring session (the
 * environment of scripts/with-keyring.sh); `core` is the window's own `window.quickbox`
 * (window-core.ts), so a scenario's arrangement reaches the app's core through the app's
 * IPC. Without an Electron binary, or on Linux without a display, every scenario is
 * skipped, and the project says why once.
 */

import {
  _electron,
  type Fixtures,
  type PlaywrightTestArgs,
  type PlaywrightTestOptions,
  type PlaywrightWorkerArgs,
  type PlaywrightWorkerOptions,
  type PlaywrightTestProject,
} from '@playwright/test';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { electronBinary } from '../../../scripts/electron-binary.cjs';
import { electronSkipReason } from './electron-skips';
import type { TestFixtures, WorkerFixtures } from './fixtures';
import { windowCore } from './window-core';

/** The built main bundle the app starts from (`npx electron-vite build`). */
export const MAIN_BUNDLE = join(__dirname, '..', '..', '..', 'out', 'main', 'index.js');

/** Why the Electron project cannot run here. */
export const NO_BINARY_REASON =
  'no Electron binary on this machine: the electron package fetches it (npm run test:electron runs install-electron first), which cannot happen without access to its release host; ELECTRON_EXEC_PATH names another binary';

/** Why the Electron project cannot run on a Linux machine without a display. */
export const NO_DISPLAY_REASON =
  'no display for the Electron window (neither DISPLAY nor WAYLAND_DISPLAY is set): run it under Xvfb, as CI does (xvfb-run --auto-servernum npm run test:electron)';

/** Why Electron cannot run here (no binary, or no display on Linux), or null when it can. */
export function electronUnavailable(environment: NodeJS.ProcessEnv = process.env): string | null {
  if (electronBinary() === null) return NO_BINARY_REASON;
  const headless =
    process.platform === 'linux' && !environment['DISPLAY'] && !environment['WAYLAND_DISPLAY'];
  return headless ? NO_DISPLAY_REASON : null;
}

/**
 * Set to 1 where Electron must run (the CI workflow's Electron step): there a missing binary
 * or display fails every scenario instead of skipping it, so the suite cannot pass unseen.
 */
export const REQUIRE_ELECTRON_VARIABLE = 'QBSC_REQUIRE_ELECTRON';

let noted = false;

/** Says once per worker, not once per test, why the Electron project's scenarios skip. */
function noteOnce(reason: string): void {
  if (noted) return;
  noted = true;
  console.log(`electron project: every scenario is skipped: ${reason}`);
}

/** The environment of the app: the test's (keyring session, display), never a dev server. */
function appEnvironment(): Record<string, string> {
  const environment: Record<string, string> = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (value !== undefined && name !== 'ELECTRON_RENDERER_URL' && name !== 'ELECTRON_RUN_AS_NODE')
      environment[name] = value;
  }
  return environment;
}

type HarnessFixtures = Fixtures<
  TestFixtures,
  WorkerFixtures,
  PlaywrightTestArgs & PlaywrightTestOptions,
  PlaywrightWorkerArgs & PlaywrightWorkerOptions
>;

/** The fixtures the "electron" project replaces, as fixture functions. */
export const ELECTRON_FIXTURES: Pick<HarnessFixtures, 'app' | 'core'> = {
  app: async ({ dataDir, coreLog, viewport, colorScheme }, use, testInfo) => {
    const listed = electronSkipReason(testInfo.file, testInfo.title);
    testInfo.skip(listed !== null, listed ?? '');
    const unavailable = electronUnavailable();
    if (unavailable !== null && process.env[REQUIRE_ELECTRON_VARIABLE] === '1')
      throw new Error(`${REQUIRE_ELECTRON_VARIABLE}=1, but Electron cannot run: ${unavailable}`);
    if (unavailable !== null) noteOnce(unavailable);
    testInfo.skip(unavailable !== null, unavailable ?? '');
    if (!existsSync(MAIN_BUNDLE))
      throw new Error('The app is not built: run `npx electron-vite build` first.');
    const electronApp = await _electron.launch({
      executablePath: electronBinary() ?? undefined,
      args: [MAIN_BUNDLE, `--user-data-dir=${dataDir}`],
      env: appEnvironment(),
    });
    const log = (chunk: Buffer) => {
      coreLog.push(...chunk.toString('utf8').split('\n').filter(Boolean));
    };
    electronApp.process().stdout?.on('data', log);
    electronApp.process().stderr?.on('data', log);
    try {
      const window = await electronApp.firstWindow();
      await window.waitForLoadState('load');
      // The Chromium project's viewport and colour scheme, so both take the same pictures.
      if (viewport) {
        await electronApp.evaluate(({ BrowserWindow }, size) => {
          BrowserWindow.getAllWindows()[0]?.setContentSize(size.width, size.height);
        }, viewport);
      }
      await window.emulateMedia({ colorScheme });
      await use(window);
    } finally {
      await electronApp.close();
    }
  },
  core: async ({ app }, use) => {
    await use(await windowCore(app));
  },
};

/**
 * The "electron" project's `use` in playwright.config.ts. A project's `use` may give an
 * option fixture (`app` and `core` are ones) a new definition, as `test.use` does; its type
 * only knows option values, hence the cast.
 */
export const ELECTRON_PROJECT_USE = ELECTRON_FIXTURES as PlaywrightTestProject['use'];
