/**
 * The app's data folder, found as Electron finds it, without Electron: `app.getPath('userData')`
 * is the platform's application-data folder joined with the app's name (package.json's
 * `productName`), so qbsc and the app share one registry, one profiles file and the same
 * keychain entries. And whether the app is running on that folder now, from the lock file
 * Chromium's single-instance lock (`app.requestSingleInstanceLock()`) keeps in it.
 */

import { promises as fs } from 'node:fs';
import { homedir, hostname } from 'node:os';
import path from 'node:path';
import { processAlive } from '../src-main/core/files/process-alive';

/** The app's name, as Electron names its data folder (package.json `productName`). */
export const APP_NAME = 'QuickBox Session Companion';

/**
 * Electron's `appData` for a platform (https://www.electronjs.org/docs/latest/api/app#appgetpathname):
 * %APPDATA% on Windows, ~/Library/Application Support on macOS, $XDG_CONFIG_HOME or ~/.config
 * elsewhere.
 */
export function appDataFolder(
  platform: NodeJS.Platform = process.platform,
  env: NodeJS.ProcessEnv = process.env,
  home: string = homedir(),
): string {
  if (platform === 'win32') return env['APPDATA'] || path.win32.join(home, 'AppData', 'Roaming');
  if (platform === 'darwin') return path.posix.join(home, 'Library', 'Application Support');
  const configHome = env['XDG_CONFIG_HOME'];
  return configHome && path.isAbsolute(configHome) ? configHome : path.posix.join(home, '.config');
}

/** The app's data folder (`app.getPath('userData')`) on this computer. */
export function defaultDataDir(
  platform: NodeJS.Platform = process.platform,
  env: NodeJS.ProcessEnv = process.env,
  home: string = homedir(),
): string {
  const join = platform === 'win32' ? path.win32.join : path.posix.join;
  return join(appDataFolder(platform, env, home), APP_NAME);
}

/** Who holds the app's single-instance lock on a data folder. */
export interface AppLock {
  /** The lock file that says so. */
  file: string;
  /** The process id and host it names (POSIX only). */
  pid: number | null;
  host: string | null;
}

/**
 * Whether the app runs on `dataDir` now (null: it does not). On Linux and macOS Chromium
 * keeps a `SingletonLock` symbolic link naming `<host>-<pid>`; a link left by a crash (its
 * process gone) does not count. On Windows it keeps `lockfile` open without write sharing, so
 * opening it for writing fails while the app runs.
 */
export async function appLockOn(
  dataDir: string,
  platform: NodeJS.Platform = process.platform,
): Promise<AppLock | null> {
  if (platform === 'win32') {
    const file = path.join(dataDir, 'lockfile');
    try {
      const handle = await fs.open(file, 'r+');
      await handle.close();
      return null;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      return code === 'EBUSY' || code === 'EPERM' ? { file, pid: null, host: null } : null;
    }
  }
  const file = path.join(dataDir, 'SingletonLock');
  let target: string;
  try {
    target = await fs.readlink(file);
  } catch {
    return null;
  }
  const split = target.lastIndexOf('-');
  const host = split > 0 ? target.slice(0, split) : target;
  const pid = Number(target.slice(split + 1));
  if (!Number.isInteger(pid) || pid <= 0) return { file, pid: null, host };
  // Another computer sharing the folder (a network home): its process cannot be checked here.
  if (host !== hostname()) return { file, pid, host };
  return processAlive(pid) ? { file, pid, host } : null;
}
