// Where Electron's binary is, if it is there: ELECTRON_EXEC_PATH when set, else the one the
// electron package fetched (named in its path.txt). The electron package fetches it on first
// use, which cannot happen on machines without access to its release host. CommonJS, so both
// the start script (ESM) and the Playwright tests (transpiled to CommonJS) can load it.
const { spawnSync } = require('node:child_process');
const { existsSync, readFileSync } = require('node:fs');
const { dirname, join } = require('node:path');

/** The electron package's folder (its install.js fetches the binary). */
const electronDir = dirname(require.resolve('electron/package.json'));

/** The executable inside an unpacked Electron, per system (as electron's install.js names it). */
const EXECUTABLES = { darwin: 'Electron.app/Contents/MacOS/Electron', win32: 'electron.exe' };

/** The path of a usable Electron binary, or null. */
function electronBinary() {
  const override = process.env.ELECTRON_EXEC_PATH;
  if (override) return existsSync(override) ? override : null;
  const pathFile = join(electronDir, 'path.txt');
  if (!existsSync(pathFile)) return null;
  const binary = join(electronDir, 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(binary) ? binary : null;
}

/**
 * The folder of the unpacked Electron for this system, or null when it holds no binary:
 * ELECTRON_OVERRIDE_DIST_PATH when set (the electron package's own override), else the
 * one the electron package fetched.
 */
function electronDistDir(platform = process.platform) {
  const dir = process.env.ELECTRON_OVERRIDE_DIST_PATH || join(electronDir, 'dist');
  return existsSync(join(dir, EXECUTABLES[platform] ?? 'electron')) ? dir : null;
}

/**
 * Runs the electron package's install.js, which downloads the binary for this system.
 * Returns null when it worked, else why not: the first line of its error, not its stack.
 */
function fetchElectronBinary() {
  const fetched = spawnSync(process.execPath, [join(electronDir, 'install.js')], {
    stdio: ['ignore', 'inherit', 'pipe'],
    encoding: 'utf8',
  });
  if (fetched.status === 0) return null;
  const firstLine = (fetched.stderr ?? '').split('\n').find((line) => line.trim() !== '');
  return firstLine?.trim() ?? `install.js exited with ${fetched.status ?? fetched.signal}`;
}

exports.electronDir = electronDir;
exports.electronBinary = electronBinary;
exports.electronDistDir = electronDistDir;
exports.fetchElectronBinary = fetchElectronBinary;
