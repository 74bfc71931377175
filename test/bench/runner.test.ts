import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BenchFigure } from '../../bench/figures';
import { resultsTable } from '../../bench/results-table';
import { runBenchmark, type BenchmarkOutcome } from '../../bench/runner';

const figure: BenchFigure = {
  id: 'demo.latency',
  label: 'demo latency | p95',
  value: 12.5,
  unit: 'ms',
  target: '< 100',
  met: true,
  command: 'npm run bench:good',
};

/** Small benchmarks of a throw-away project, run through npm as the real ones are. */
const SCRIPTS: Record<string, string> = {
  'good.cjs': `console.log('readable line');
const quick = process.argv.includes('--quick');
console.log('BENCH_FIGURES ' + JSON.stringify([{ ...${JSON.stringify(figure)}, value: quick ? 1 : 12.5 }]));`,
  'bad.cjs': `console.log('started'); console.error('the server would not start'); process.exit(3);`,
  'silent.cjs': `console.log('measured nothing');`,
  'garbled.cjs': `console.log('BENCH_FIGURES [{"id":');`,
  'slow.cjs': `require('node:fs').writeFileSync('slow.pid', String(process.pid));
setTimeout(() => undefined, 120000);`,
};

let root = '';

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'qb-bench-runner-'));
  for (const [name, code] of Object.entries(SCRIPTS)) await writeFile(join(root, name), code);
  const scripts = Object.fromEntries(
    Object.keys(SCRIPTS).map((name) => [`bench:${name.replace('.cjs', '')}`, `node ${name}`]),
  );
  await writeFile(join(root, 'package.json'), JSON.stringify({ name: 'runner-test', scripts }));
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

const run = (script: string, quick = false, timeoutMs = 60_000) =>
  runBenchmark(root, { script, title: script }, { quick, timeoutMs });

describe('runBenchmark', () => {
  it('collects the figures a benchmark prints, and passes --quick on', async () => {
    const full = await run('bench:good');
    expect(full).toMatchObject({ status: 'ok', reason: null, command: 'npm run bench:good' });
    expect(full.figures).toEqual([figure]);
    const quick = await run('bench:good', true);
    expect(quick.command).toBe('npm run bench:good -- --quick');
    expect(quick.figures.map((f) => f.value)).toEqual([1]);
  }, 60_000);

  it('lists a benchmark whose script does not exist as not run', async () => {
    const outcome = await run('bench:events');
    expect(outcome).toMatchObject({
      status: 'not run',
      reason: 'package.json has no script bench:events',
      figures: [],
    });
  });

  it('reports a failure with its exit code and last error line', async () => {
    const outcome = await run('bench:bad');
    expect(outcome.status).toBe('failed');
    expect(outcome.reason).toBe('exit 3: the server would not start');
  }, 60_000);

  it('counts a benchmark that printed no figures, or unreadable ones, as failed', async () => {
    expect(await run('bench:silent')).toMatchObject({
      status: 'failed',
      reason: 'it printed no figures',
    });
    const garbled = await run('bench:garbled');
    expect(garbled.status).toBe('failed');
    expect(garbled.reason).toMatch(/^its figures line is not JSON/);
  }, 60_000);

  it('stops a benchmark that runs out of time and says so', async () => {
    const outcome = await run('bench:slow', false, 3_000);
    expect(outcome).toMatchObject({ status: 'failed', reason: 'timed out after 3 s' });
    // The whole process group is stopped: the benchmark itself, not only npm.
    const pid = Number(await readFile(join(root, 'slow.pid'), 'utf8'));
    await expect.poll(() => isRunning(pid), { timeout: 30_000 }).toBe(false);
  }, 60_000);
});

describe('resultsTable', () => {
  const outcomes: BenchmarkOutcome[] = [
    {
      script: 'bench:good',
      title: 'good',
      command: 'npm run bench:good',
      status: 'ok',
      reason: null,
      seconds: 1,
      figures: [
        figure,
        {
          ...figure,
          id: 'demo.ratio',
          label: 'ratio',
          value: 2.6,
          unit: 'ratio',
          target: '≤ 2.5',
          met: false,
        },
        { ...figure, id: 'demo.info', label: 'info', value: 1234.56, target: null, met: null },
      ],
    },
    {
      script: 'bench:events',
      title: 'event latency',
      command: 'npm run bench:events',
      status: 'not run',
      reason: 'package.json has no script bench:events',
      seconds: 0,
      figures: [],
    },
  ];

  it('has one row per figure and one per benchmark that did not run, pipes escaped', () => {
    const rows = resultsTable(outcomes)
      .split('\n')
      .map((line) =>
        line
          .split(/(?<!\\)\|/)
          .slice(1, -1)
          .map((cell) => cell.trim()),
      );
    expect(rows[0]).toEqual(['figure', 'value', 'target', 'met', 'command']);
    expect(rows.slice(2)).toEqual([
      ['demo latency \\| p95', '12.5 ms', '< 100 ms', 'yes', '`npm run bench:good`'],
      ['ratio', '2.6', '≤ 2.5', '**no**', '`npm run bench:good`'],
      ['info', '1235 ms', '-', '-', '`npm run bench:good`'],
      [
        'event latency',
        'not run: package.json has no script bench:events',
        '-',
        '-',
        '`npm run bench:events`',
      ],
    ]);
  });
});
