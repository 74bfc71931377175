/**
 * `npm run bench:qbsc-start`: how long `qbsc --version` takes, from start to exit, as the
 * npm package runs it (packages/qbsc/bin/qbsc.cjs and its bundle, built first) and, for
 * comparison, as the checkout's bin/qbsc.cjs runs it (the TypeScript sources through tsx).
 * Median of 10 runs each (5 with --quick), after one run not counted (it fills Node's
 * compile cache where Node has one, as any first run of an installed qbsc does). Target:
 * under 300 ms for the package. Prints figures; asserts nothing.
 */

import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { buildQbsc, PACKAGE_DIR } from '../scripts/build-qbsc.mjs';
import { reportFigures } from './figures';
import { median } from './stats';

const root = join(__dirname, '..');
const QUICK = process.argv.includes('--quick');
const RUNS = QUICK ? 5 : 10;
const TARGET_MS = 300;
const COMMAND = 'npm run bench:qbsc-start';

/** The median wall time of `node <bin> --version`, in ms. */
function startTime(bin: string): number {
  const once = (): number => {
    const started = performance.now();
    const run = spawnSync(process.execPath, [bin, '--version'], { encoding: 'utf8' });
    const took = performance.now() - started;
    if (run.status !== 0) throw new Error(`${bin} --version failed: ${run.stderr}`);
    return took;
  };
  once();
  return median(Array.from({ length: RUNS }, once));
}

buildQbsc();
const packaged = startTime(join(PACKAGE_DIR, 'bin', 'qbsc.cjs'));
const fromSource = startTime(join(root, 'bin', 'qbsc.cjs'));
const bare = median(
  Array.from({ length: RUNS }, () => {
    const started = performance.now();
    spawnSync(process.execPath, ['-e', '']);
    return performance.now() - started;
  }),
);
// A quick run's figure gets no verdict: the target is for the median of 10 (as in bench/).
const met = QUICK ? null : packaged < TARGET_MS;
console.log(`Node ${process.version}, median of ${RUNS}:`);
console.log(
  `  qbsc --version, the package's bundle: ${packaged.toFixed(0)} ms${met === null ? '' : ` (target < ${TARGET_MS} ms: ${met ? 'met' : 'NOT met'})`}`,
);
console.log(`  qbsc --version, the checkout's sources through tsx: ${fromSource.toFixed(0)} ms`);
console.log(`  node -e '' (Node's own start, for scale): ${bare.toFixed(0)} ms`);
reportFigures([
  {
    id: 'qbsc.version.package',
    label: "qbsc --version, the npm package's bundle (median)",
    value: Math.round(packaged),
    unit: 'ms',
    target: met === null ? null : `< ${TARGET_MS}`,
    met,
    command: COMMAND,
  },
  {
    id: 'qbsc.version.source',
    label: "qbsc --version, the checkout's sources through tsx (median)",
    value: Math.round(fromSource),
    unit: 'ms',
    target: null,
    met: null,
    command: COMMAND,
  },
  {
    id: 'qbsc.version.node',
    label: "node -e '', Node's own start (median)",
    value: Math.round(bare),
    unit: 'ms',
    target: null,
    met: null,
    command: COMMAND,
  },
]);
