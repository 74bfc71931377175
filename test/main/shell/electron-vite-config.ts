/**
 * The project's electron.vite.config.ts as electron-vite resolves it, for tests that build
 * or serve one of its parts into a temporary folder (never over out/).
 */

import { join } from 'node:path';
import { resolveConfig } from 'electron-vite';
import type { UserConfig } from 'electron-vite';

/** The repository root. */
export const ROOT = join(__dirname, '..', '..', '..');

/** The resolved config for `electron-vite build` or `electron-vite dev`. */
export async function electronViteConfig(command: 'build' | 'serve'): Promise<UserConfig> {
  const nodeEnv = process.env.NODE_ENV;
  try {
    const resolved = await resolveConfig(
      { root: ROOT, configFile: join(ROOT, 'electron.vite.config.ts'), logLevel: 'silent' },
      command,
      command === 'build' ? 'production' : 'development',
    );
    if (!resolved.config) throw new Error('electron.vite.config.ts did not resolve');
    return resolved.config;
  } finally {
    // resolveConfig sets NODE_ENV for the whole process; the test runner's stays.
    process.env.NODE_ENV = nodeEnv;
  }
}
