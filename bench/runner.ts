/**
 * How `npm run bench` runs one benchmark: its npm script as a child process (the keychain
 * ones wrap themselves in scripts/with-keyring.sh in package.json), its readable output
 * passed through as it comes, its `BENCH_FIGURES` lines collected, and a time limit. A
 * missing script, a failure or a timeout becomes the benchmark's status, never a crash of
 * the runner.
 */

import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { FIGURES_PREFIX, parseFigures, type BenchFigure } from './figures';

/** One benchmark the project has, by its npm script. */
export interface Benchmark {
  /** The npm script, e.g. "bench:server". */
  script: string;
  /** What it measures, in a few words. */
  title: string;
}

/** Every benchmark of the project, in the order the table lists them. */
export const BENCHMARKS: Benchmark[] = [
  { script: 'bench:server', title: 'reference server' },
  { script: 'bench:renderer-size', title: 'renderer size' },
  { script: 'bench:renderer-startup', title: 'first-panel time' },
  { script: 'bench:events', title: 'event latency' },
  { script: 'bench:watcher', title: 'watcher memory and CPU' },
  { script: 'bench:fleet', title: 'fleet ratios' },
  { script: 'bench:fleet-render', title: 'fleet table render, 500 servers' },
  { script: 'bench:qbsc-start', title: 'qbsc start time' },
  { script: 'bench:wake', title: 'wake to all streams open, 50 servers' },
  { script: 'bench:soak', title: 'a simulated day, 100 servers: memory growth and leaks' },
  { script: 'bench:watch', title: 'qbsc watch, 5,000 feeds' },
];

/** What came of one benchmark. */
export interface BenchmarkOutcome {
  script: string;
  title: string;
  /** The command as a reader would type it. */
  command: string;
  status: 'ok' | 'failed' | 'not run';
  /** Why it failed or was not run (null when ok). */
  reason: string | null;
  seconds: number;
  figures: BenchFigure[];
}

/** The npm scripts of package.json now (read at run time: other branches add theirs). */
export function npmScripts(root: string): Record<string, string> {
  const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
    scripts?: Record<string, string>;
  };
  return manifest.scripts ?? {};
}

/** Noise that says nothing about the benchmark (the throw-away D-Bus session's fd limit). */
function isNoise(line: string): boolean {
  return /^dbus-daemon\[\d+\]/.test(line);
}

/** The last line worth showing as a failure's reason. */
function lastLine(text: string): string | null {
  const lines = text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !isNoise(line) && !line.startsWith(FIGURES_PREFIX));
  const last = lines[lines.length - 1];
  return last === undefined ? null : last.slice(0, 200);
}

/** Passes a child's output through, without the machine-readable figures lines. */
function passThrough(chunk: string, carry: { rest: string }, out: NodeJS.WriteStream): void {
  const text = carry.rest + chunk;
  const lines = text.split('\n');
  carry.rest = lines.pop() ?? '';
  for (const line of lines) if (!line.startsWith(FIGURES_PREFIX)) out.write(`${line}\n`);
}

/** Runs one benchmark through npm, with `--quick` passed on when asked. */
export async function runBenchmark(
  root: string,
  benchmark: Benchmark,
  options: { quick: boolean; timeoutMs: number },
): Promise<BenchmarkOutcome> {
  const args = options.quick ? ['--', '--quick'] : [];
  const command = ['npm run', benchmark.script, ...args].join(' ');
  const base = { script: benchmark.script, title: benchmark.title, command };
  if (!(benchmark.script in npmScripts(root))) {
    return {
      ...base,
      status: 'not run',
      reason: `package.json has no script ${benchmark.script}`,
      seconds: 0,
      figures: [],
    };
  }
  const started = performance.now();
  // Its own process group, so that a timeout stops the whole tree (npm, the keyring, node).
  const child = spawn('npm', ['run', '--silent', benchmark.script, ...args], {
    cwd: root,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  const outCarry = { rest: '' };
  const errCarry = { rest: '' };
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
    passThrough(chunk, outCarry, process.stdout);
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
    passThrough(chunk, errCarry, process.stderr);
  });
  let timedOut = false;
  const stopGroup = (signal: NodeJS.Signals) => {
    try {
      if (child.pid !== undefined) process.kill(-child.pid, signal);
    } catch {
      // The group has already gone.
    }
  };
  const timer = setTimeout(() => {
    timedOut = true;
    stopGroup('SIGTERM');
    setTimeout(() => stopGroup('SIGKILL'), 10_000).unref();
  }, options.timeoutMs);
  const code = await new Promise<number | null>((resolve) => {
    child.on('error', (error) => {
      stderr += `\n${error.message}`;
      resolve(null);
    });
    child.on('close', (exitCode) => resolve(exitCode));
  });
  clearTimeout(timer);
  for (const [carry, out] of [
    [outCarry, process.stdout],
    [errCarry, process.stderr],
  ] as const) {
    if (carry.rest !== '' && !carry.rest.startsWith(FIGURES_PREFIX)) out.write(`${carry.rest}\n`);
  }
  const seconds = (performance.now() - started) / 1000;
  let figures: BenchFigure[] = [];
  let unreadable: string | null = null;
  try {
    figures = parseFigures(stdout);
  } catch (error) {
    unreadable = `its figures line is not JSON (${error instanceof Error ? error.message : String(error)})`;
  }
  let reason: string | null = null;
  if (timedOut) reason = `timed out after ${Math.round(options.timeoutMs / 1000)} s`;
  else if (code !== 0) {
    reason = `exit ${code ?? 'by signal'}: ${lastLine(stderr) ?? lastLine(stdout) ?? 'no output'}`;
  } else if (unreadable) reason = unreadable;
  else if (figures.length === 0) reason = 'it printed no figures';
  return { ...base, status: reason === null ? 'ok' : 'failed', reason, seconds, figures };
}
