/**
 * `npm run bench`: the renderer's figures, printed, not asserted. Its JavaScript size
 * gzipped (target under 250 KB) and the time from navigation to the first panel filled
 * with a server's settings in Chromium (median of 10 runs); then the fleet's (fleet.bench.ts,
 * `--quick` passed on). Builds the app first when out/renderer is missing; runs the startup
 * and fleet measures inside a throw-away keychain session each.
 */

import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { rendererJsSize } from './renderer-size';

const root = join(__dirname, '..');
const TARGET_KB = 250;

function kilobytes(bytes: number): string {
  return `${(bytes / 1024).toFixed(1)} KB`;
}

if (!existsSync(join(root, 'out', 'renderer', 'index.html'))) {
  console.log('out/renderer is missing: building it (npx electron-vite build)…');
  const build = spawnSync('npx', ['electron-vite', 'build'], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

const size = rendererJsSize(root);
console.log(
  `renderer JS: ${size.files} file(s), ${kilobytes(size.raw)} raw, ${kilobytes(size.gzip)} gzipped (target < ${TARGET_KB} KB: ${size.gzip < TARGET_KB * 1024 ? 'met' : 'NOT met'})`,
);

const startup = spawnSync(
  join(root, 'scripts', 'with-keyring.sh'),
  [
    process.execPath,
    join(root, 'scripts', 'run-ts.mjs'),
    join(root, 'bench', 'renderer-startup.ts'),
  ],
  { cwd: root, encoding: 'utf8' },
);
const line = startup.stdout.trim().split('\n').pop() ?? '';
try {
  const result = JSON.parse(line) as { runs: number[]; medianMs: number };
  console.log(
    `navigation to first panel filled (Chromium, real core and reference server): median ${result.medianMs} ms over ${result.runs.length} runs [${result.runs.join(', ')}]`,
  );
} catch {
  console.log(
    `startup measure failed: ${startup.stderr.trim() || line || `exit ${startup.status}`}`,
  );
}

console.log('');
const fleet = spawnSync(
  join(root, 'scripts', 'with-keyring.sh'),
  [
    process.execPath,
    join(root, 'scripts', 'run-ts.mjs'),
    join(root, 'bench', 'fleet.bench.ts'),
    ...process.argv.slice(2).filter((arg) => arg === '--quick'),
  ],
  { cwd: root, stdio: 'inherit' },
);
if (fleet.status !== 0) console.log(`fleet measure failed: exit ${fleet.status}`);
