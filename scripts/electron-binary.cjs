// Where Electron's binary is, if it is there: ELECTRON_EXEC_PATH when set, else the one the
// electron package fetched (named in its path.txt). The electron package fetches it on first
// use, which cannot happen on machines without access to its release host. CommonJS, so both
// the start script (ESM) and the Playwright tests (transpiled to CommonJS) can load it.
const { existsSync, readFileSync } = require('node:fs');
const { dirname, join } = require('node:path');

/** The electron package's folder (its install.js fetches the binary). */
const electronDir = dirname(require.resolve('electron/package.json'));

/** The path of a usable Electron binary, or null. */
function electronBinary() {
  const override = process.env.ELECTRON_EXEC_PATH;
  if (override) return existsSync(override) ? override : null;
  const pathFile = join(electronDir, 'path.txt');
  if (!existsSync(pathFile)) return null;
  const binary = join(electronDir, 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(binary) ? binary : null;
}

exports.electronDir = electronDir;
exports.electronBinary = electronBinary;
