#!/usr/bin/env node
// `npm start`: makes sure Electron's binary is there (the electron package no longer
// downloads it at install time, and electron-vite does not fetch it), then builds and opens
// the app with `electron-vite preview` (with --dev: `electron-vite dev`, hot reload). Extra
// arguments go to electron-vite.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { electronBinary, fetchElectronBinary } from './electron-binary.cjs';

if (!electronBinary() && !process.env.ELECTRON_EXEC_PATH) {
  console.log("Fetching Electron's binary (first start only)...");
  const why = fetchElectronBinary();
  if (why !== null || !electronBinary()) {
    console.error(
      [
        '',
        `Electron's binary could not be downloaded (${why ?? 'no binary after the download'}), so the window`,
        'cannot open on this machine. Everything else works without it: `npm test` builds the',
        'app and runs the whole suite, with the renderer and core driven in Chromium. To use a',
        'binary you already have, set ELECTRON_EXEC_PATH to it and run `npm start` again.',
      ].join('\n'),
    );
    process.exit(1);
  }
}

const args = process.argv.slice(2);
const mode = args.includes('--dev') ? 'dev' : 'preview';
// electron-vite's own JS entry with this Node, no shell: `npx` is `npx.cmd` on Windows, which
// spawn cannot start without one.
const require = createRequire(import.meta.url);
const electronVite = join(
  dirname(require.resolve('electron-vite/package.json')),
  'bin/electron-vite.js',
);
const run = spawnSync(
  process.execPath,
  [electronVite, mode, ...args.filter((arg) => arg !== '--dev')],
  { stdio: 'inherit' },
);
process.exit(run.status ?? 1);
