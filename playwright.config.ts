import { defineConfig } from '@playwright/test';
import { CHROMIUM_LAUNCH_OPTIONS } from './test/e2e/harness/chromium';
import { ELECTRON_PROJECT_USE } from './test/e2e/harness/electron';

// End-to-end, two projects over the same scenarios (test/e2e/*.test.ts). "chromium":
// Debian's Chromium (Playwright's own browsers cannot be downloaded here) on the built
// renderer (out/renderer), with the real core in the test process. "electron": the built
// app itself in Electron (test/e2e/harness/electron.ts), skipped, with the reason said
// once, where no Electron binary (or, on Linux, no display) can be had. Run either under
// scripts/with-keyring.sh so core uses a real, throw-away Secret Service keychain.
export default defineConfig({
  testDir: 'test/e2e',
  testMatch: '**/*.test.ts',
  globalSetup: './test/e2e/harness/global-setup.ts',
  fullyParallel: false,
  workers: 1,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: 'list',
  outputDir: 'test-results/e2e',
  use: {
    viewport: { width: 1180, height: 780 },
    colorScheme: 'light',
    trace: 'retain-on-failure',
  },
  projects: [
    {
      name: 'chromium',
      // The app's own window, its isolation and its navigation: only Electron has them.
      testIgnore: 'electron-app.test.ts',
      use: { browserName: 'chromium', launchOptions: CHROMIUM_LAUNCH_OPTIONS },
    },
    {
      name: 'electron',
      // The harness's own check of window-core.ts, which every scenario here goes through.
      testIgnore: 'window-core.test.ts',
      use: ELECTRON_PROJECT_USE,
    },
  ],
});
