/**
 * The app's window for the demo: Electron's binary (ELECTRON_EXEC_PATH, the one the electron
 * package fetched, or fetched now as `npm start` does), the app built with electron-vite,
 * and Electron started on the demo's data folder with Chromium's `--user-data-dir` switch,
 * which Electron itself turns into `app.getPath('userData')` before the app's code runs (so
 * the shell needs nothing of its own for it). Where no binary can be had, it says why.
 */

import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { electronBinary, fetchElectronBinary } from '../electron-binary.cjs';

/** The project's folder (the app Electron starts, `out/main/index.js` by package.json). */
const PROJECT_DIR = resolve(__dirname, '../..');

/** Electron's binary, or why there is none. */
export type ElectronLookup = { binary: string } | { missing: string };

/** Finds Electron's binary, fetching it the first time as `npm start` does. */
export function findElectron(log: (line: string) => void): ElectronLookup {
  const override = process.env['ELECTRON_EXEC_PATH'];
  if (override) {
    const binary = electronBinary();
    return binary
      ? { binary }
      : { missing: `ELECTRON_EXEC_PATH is ${override}, which does not exist` };
  }
  const present = electronBinary();
  if (present) return { binary: present };
  log(
    "Fetching Electron's binary for the window (first start only, from Electron's releases)... To run the demo without the window, stop it and run `npm run demo -- --no-window`.",
  );
  const why = fetchElectronBinary();
  const fetched = electronBinary();
  if (fetched) return { binary: fetched };
  return { missing: `its download failed: ${why ?? 'no binary after the download'}` };
}

/** Whether out/ holds a built app (package.json's `main`). */
export function appIsBuilt(): boolean {
  return existsSync(join(PROJECT_DIR, 'out', 'main', 'index.js'));
}

/** Builds the app (main, preload, renderer) into out/, with electron-vite run by this Node. */
export async function buildApp(): Promise<void> {
  const packageFile = createRequire(__filename).resolve('electron-vite/package.json');
  const cli = join(dirname(packageFile), 'bin', 'electron-vite.js');
  const code = await new Promise<number | null>((done, failed) => {
    const child = spawn(process.execPath, [cli, 'build'], {
      cwd: PROJECT_DIR,
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    child.on('error', failed);
    child.on('exit', (exitCode) => done(exitCode));
  });
  if (code !== 0) throw new Error(`electron-vite build failed (exit ${code})`);
}

/** The app's window, running. */
export interface AppWindow {
  /** Resolves when Electron has exited (by itself or by `stop`). */
  exited: Promise<void>;
  /** Asks Electron to quit and waits for it (killed after a few seconds). */
  stop(): Promise<void>;
}

/** Starts Electron on the built app with `dataDir` as its user data folder. */
export function openWindow(binary: string, dataDir: string): AppWindow {
  const child: ChildProcess = spawn(binary, [PROJECT_DIR, `--user-data-dir=${dataDir}`], {
    cwd: PROJECT_DIR,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const exited = new Promise<void>((done) => {
    child.on('exit', () => done());
    child.on('error', () => done());
  });
  return {
    exited,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
