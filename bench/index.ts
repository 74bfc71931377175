/**
 * `npm run bench`: every benchmark of the project (bench/runner.ts lists them), one after
 * another as child processes through their npm scripts, then ONE table of their figures:
 * each figure, its target, whether it meets it, and the command behind it, with the machine
 * (cores, memory, Node, load average) and the date. The same goes to
 * bench/results/<date>.json (`<date>-quick.json` for `--quick`, so that a quick check does
 * not replace a full run's file). `--quick` passes `--quick` on to each benchmark. A
 * benchmark whose script does not exist, that fails or that runs out of time is a row of the
 * table saying so. Figures are printed, never asserted: the exit code is 0 either way.
 */

import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { format, resolveConfig } from 'prettier';
import { machineInfo, machineLine, resultsTable } from './results-table';
import { BENCHMARKS, runBenchmark, type BenchmarkOutcome } from './runner';

const root = join(__dirname, '..');
const QUICK = process.argv.includes('--quick');
/** Per benchmark: generous, as the machine may be shared; a quick one should take seconds. */
const TIMEOUT_MS = (QUICK ? 4 : 30) * 60_000;

async function main(): Promise<void> {
  const started = performance.now();
  const date = new Date();
  const machine = machineInfo(root);
  console.log(
    `npm run bench${QUICK ? ' -- --quick' : ''}: ${BENCHMARKS.length} benchmarks, ${date.toISOString()}`,
  );
  console.log(machineLine(machine));
  const outcomes: BenchmarkOutcome[] = [];
  for (const benchmark of BENCHMARKS) {
    console.log(
      `\n=== ${benchmark.title} (npm run ${benchmark.script}${QUICK ? ' -- --quick' : ''}) ===`,
    );
    const outcome = await runBenchmark(root, benchmark, { quick: QUICK, timeoutMs: TIMEOUT_MS });
    console.log(
      `=== ${benchmark.title}: ${outcome.status}${outcome.reason ? ` (${outcome.reason})` : ''}, ${outcome.seconds.toFixed(1)} s ===`,
    );
    outcomes.push(outcome);
  }
  machine.loadAtEnd = loadavg().map((load) => Number(load.toFixed(2)));
  const seconds = Number(((performance.now() - started) / 1000).toFixed(1));
  const day = date.toISOString().slice(0, 10);
  const file = join(root, 'bench', 'results', `${day}${QUICK ? '-quick' : ''}.json`);
  mkdirSync(join(root, 'bench', 'results'), { recursive: true });
  const results = {
    date: date.toISOString(),
    quick: QUICK,
    seconds,
    machine,
    benchmarks: outcomes,
  };
  // Written as Prettier writes it, so that the committed file passes `npm run lint`.
  const options = (await resolveConfig(file)) ?? {};
  writeFileSync(file, await format(JSON.stringify(results), { ...options, parser: 'json' }));
  console.log(
    `\nbenchmarks of ${date.toISOString()}${QUICK ? ' (quick)' : ''}, ${seconds} s in all\n`,
  );
  console.log(resultsTable(outcomes));
  console.log(`\n${machineLine(machine)}`);
  console.log(`written to ${file.slice(root.length + 1)}`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
  process.exit(1);
});
