import { defineConfig } from '@playwright/test';
import { CHROMIUM_LAUNCH_OPTIONS } from './test/e2e/harness/chromium';

// End-to-end: Debian's Chromium (Playwright's own browsers cannot be downloaded here) on
// the built renderer (out/renderer), with the real core in the test process. Run it under
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
    browserName: 'chromium',
    viewport: { width: 1180, height: 780 },
    colorScheme: 'light',
    trace: 'retain-on-failure',
    launchOptions: CHROMIUM_LAUNCH_OPTIONS,
  },
});
