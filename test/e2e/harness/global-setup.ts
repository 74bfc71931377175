/**
 * Checks, before any test, what the suite needs and cannot provide itself: the built
 * renderer and a usable keychain session.
 */

import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** Fails early with what to run when a prerequisite is missing. */
// Playwright loads globalSetup through its default export; this is its contract.
// eslint-disable-next-line no-restricted-syntax
export default function globalSetup(): void {
  const index = join(__dirname, '..', '..', '..', 'out', 'renderer', 'index.html');
  if (!existsSync(index)) {
    throw new Error(
      'The renderer is not built: run `npx electron-vite build` first (npm test does).',
    );
  }
  if (!process.env.DBUS_SESSION_BUS_ADDRESS) {
    throw new Error(
      'No D-Bus session for the keychain: run the suite as `scripts/with-keyring.sh npx playwright test`.',
    );
  }
}
