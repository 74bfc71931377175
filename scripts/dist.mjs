#!/usr/bin/env node
// `npm run dist`: packages the app for this system with electron-builder
// (electron-builder.config.ts): AppImage and deb on Linux, dmg on macOS, an NSIS installer
// on Windows, into dist/. The package is built around the Electron binary that the
// electron package fetches (the one `npm start` runs), so that binary comes first; where it
// cannot be had, this says so and stops before building anything. Extra arguments go to
// electron-builder (e.g. `npm run dist -- --dir` for an unpacked folder only).
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { electronDistDir, fetchElectronBinary } from './electron-binary.cjs';

const require = createRequire(import.meta.url);
const root = join(import.meta.dirname, '..');

/** A package's bin script, run with this Node (no shell: `npx` is `npx.cmd` on Windows). */
function bin(packageName, script) {
  return join(dirname(require.resolve(`${packageName}/package.json`)), script);
}

function run(title, script, args) {
  console.log(`\n=== ${title}`);
  const result = spawnSync(process.execPath, [script, ...args], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) {
    console.error(`\n${title} failed (exit ${result.status ?? result.signal}).`);
    process.exit(result.status ?? 1);
  }
}

let dist = electronDistDir();
let why = `no Electron binary in ${process.env.ELECTRON_OVERRIDE_DIST_PATH}`;
if (!dist && !process.env.ELECTRON_OVERRIDE_DIST_PATH) {
  console.log("Fetching Electron's binary (first time only)...");
  const failure = fetchElectronBinary();
  why = failure ? `its download failed: ${failure}` : 'its download left no binary';
  dist = electronDistDir();
}
if (!dist) {
  const { version } = require('electron/package.json');
  console.error(
    [
      '',
      `No Electron binary could be had on this machine (${why}),`,
      'so nothing can be packaged here: a package is built around that binary.',
      "Run `npm run dist` where Electron's releases can be downloaded (the CI workflow's",
      `package jobs do), or set ELECTRON_OVERRIDE_DIST_PATH to an unpacked Electron ${version}`,
      'for this system.',
    ].join('\n'),
  );
  process.exit(1);
}

run('Build', bin('electron-vite', 'bin/electron-vite.js'), ['build']);
run('Package (electron-builder)', bin('electron-builder', 'cli.js'), [
  '--config',
  'electron-builder.config.ts',
  `-c.electronDist=${dist}`,
  '--publish',
  'never',
  ...process.argv.slice(2),
]);
