/**
 * How the e2e suite and the startup benchmark launch Chromium: Debian's build (Playwright's
 * own browsers cannot be downloaded here), without the sandbox, the GPU or any background
 * traffic, so that runs on this shared machine measure and test only the app.
 */

import type { LaunchOptions } from '@playwright/test';

/** The Chromium launch options shared by playwright.config.ts and bench/renderer-startup.ts. */
export const CHROMIUM_LAUNCH_OPTIONS: LaunchOptions = {
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
};
