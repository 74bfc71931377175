/**
 * Benchmark of the fleet (`npm run bench:fleet`, also part of `npm run bench`): N reference
 * servers in ANOTHER process (bench/reference-servers-child.ts), each answering after
 * `latencyMs: 100`, registered in a real core in this process (createCore, a throw-away data
 * folder, credentials in the keychain of the session; run it inside scripts/with-keyring.sh),
 * so that what is timed is the app's own work and the network wait, not the servers'. It
 * times a fleet refresh (`fleet:snapshot`) and a fleet apply (`fleet:plan` then `fleet:apply`
 * of a profile that changes the idle timeout of every server) for each N, and prints each as
 * the total time divided by the same operation against one server, measured the same way
 * (median of several runs):
 * - warm: the core's clients are ready (API keys);
 * - cold, API keys: a fresh core over the same data folder, so the first call includes the
 *   app's own sign-in path (keychain, client, connections);
 * - cold, accounts: the same with account credentials, so it also includes each server's
 *   scrypt login (in the servers' process, on this same 2-core machine).
 * `--profile` adds, after the measurements, one warm refresh and one warm apply at 200 and
 * 500 servers under the CPU profiler (bench/cpu-profile.ts): the profiles are written to the
 * temporary folder and the functions with the most self time printed. `--quick` runs small
 * fleets and fewer runs, to check that it works. `--warm-only` leaves the cold cases out and
 * `--sizes 200,500` chooses the fleet sizes (both to look at one change quickly; the figures
 * to quote are a full run's). Prints figures; asserts nothing.
 */

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { mapBounded } from '../src-main/core/support/bounded';
import { createCore, type Core } from '../src-main/core/composition-root';
import type { RequestChannel } from '../src-shared/ipc-contract';
import { DEFAULT_SETTINGS, setField } from '../src-shared/settings';
import { profiled } from './cpu-profile';
import { reportFigures, type BenchFigure } from './figures';
import {
  ACCOUNT_USERNAME,
  startServersProcess,
  type ServersProcess,
} from './reference-servers-process';
import { median } from './stats';

const QUICK = process.argv.includes('--quick');
const PROFILE = process.argv.includes('--profile');
const WARM_ONLY = process.argv.includes('--warm-only');
const SIZES_AT = process.argv.indexOf('--sizes');
const SIZES =
  SIZES_AT === -1
    ? QUICK
      ? [5, 10]
      : [50, 200, 500]
    : (process.argv[SIZES_AT + 1] ?? '')
        .split(',')
        .map(Number)
        .filter((n) => n > 0);
const RUNS = QUICK ? 2 : 5;
/** Cold runs are fewer: each builds a fresh core and signs every server in afresh. */
const COLD_RUNS = QUICK ? 1 : 3;
/** With accounts each cold run is N scrypt logins in the servers' process. */
const ACCOUNT_COLD_RUNS = QUICK ? 1 : 2;
const PROFILE_SIZES = QUICK ? [10] : [200, 500].filter((n) => n <= Math.max(...SIZES));
const LATENCY_MS = 100;
/** Warm targets (total / one server): the fleet may cost a little more than one server, never N times; the physical limit is 1.0. */
const TARGETS: Record<number, number> = { 50: 1.5, 200: 2.0, 500: 3.0 };
/** How many servers are added to a core at once while arranging (an account add signs in). */
const ADD_CONCURRENCY = 16;
const COMMAND = `npm run bench:fleet${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`;
const silent = { info: () => undefined, warn: () => undefined, error: () => undefined };

type Operation = 'refresh' | 'apply';
type Credential = 'api_key' | 'account';
type Mode = 'warm' | 'cold';

interface Fleet {
  dataDir: string;
  ids: string[];
  profileId: string;
}

/** Unwraps a handler's result, naming the channel when it failed. */
async function invoke<T>(core: Core, channel: RequestChannel, payload: unknown): Promise<T> {
  const result = await core.handlers[channel](payload);
  if (!result.ok) throw new Error(`${channel}: ${result.error.code} ${result.error.message}`);
  return result.value as T;
}

/**
 * A cold fleet's scrypt logins all run in the one servers' process on this 2-core machine,
 * so they queue behind each other far longer than on N machines: the app's 15 s wait for
 * response headers would turn them into "unreachable". The bench waits longer, to measure.
 */
const BENCH_LIMITS = { headersMs: 300_000, bodyMs: 300_000 };

function openCore(dataDir: string): Promise<Core> {
  return createCore({ dataDir, logger: silent, clientLimits: BENCH_LIMITS });
}

/** A core's data folder with these servers and one profile, the core left ready. */
async function arrangeFleet(
  servers: ServersProcess,
  count: number,
  credential: Credential,
  folders: string[],
): Promise<{ fleet: Fleet; core: Core }> {
  const dataDir = await mkdtemp(join(tmpdir(), 'qb-bench-fleet-app-'));
  folders.push(dataDir);
  const core = await openCore(dataDir);
  const credentials =
    credential === 'api_key'
      ? { kind: 'api_key', apiKey: servers.apiKey }
      : { kind: 'account', username: ACCOUNT_USERNAME, password: servers.password };
  const ids = await mapBounded(servers.urls.slice(0, count), ADD_CONCURRENCY, async (url, i) => {
    const added = await invoke<{ server: { id: string } }>(core, 'servers:add', {
      name: `Bench ${i + 1}`,
      baseUrl: url,
      environment: null,
      credentials,
    });
    return added.server.id;
  });
  const created = await invoke<{ profile: { id: string } }>(core, 'profiles:create', {
    name: 'Bench',
    from: { kind: 'settings', settings: DEFAULT_SETTINGS },
  });
  return { fleet: { dataDir, ids, profileId: created.profile.id }, core };
}

/** A fresh idle timeout for every apply (31..90, never the seeded 30), so every target saves. */
let applyCount = 0;
function nextIdleMinutes(): number {
  applyCount += 1;
  return 30 + (applyCount % 60) + 1;
}

async function refresh(core: Core, fleet: Fleet): Promise<number> {
  const started = performance.now();
  const snapshot = await invoke<{ rows: { state: string; problem?: { code: string } }[] }>(
    core,
    'fleet:snapshot',
    {},
  );
  const elapsed = performance.now() - started;
  const ok = snapshot.rows.filter((row) => row.state === 'ok').length;
  if (ok !== fleet.ids.length) {
    const why = new Map<string, number>();
    for (const { state, problem } of snapshot.rows) {
      if (state !== 'ok')
        why.set(problem?.code ?? state, (why.get(problem?.code ?? state) ?? 0) + 1);
    }
    throw new Error(
      `refresh read ${ok} of ${fleet.ids.length} (${[...why].map(([code, n]) => `${n} ${code}`).join(', ')})`,
    );
  }
  return elapsed;
}

async function apply(core: Core, fleet: Fleet): Promise<number> {
  // The profile's new value is set outside the timing: the plan and the apply are timed.
  await invoke(core, 'profiles:update', {
    id: fleet.profileId,
    settings: setField(DEFAULT_SETTINGS, 'timeouts.idleMinutes', nextIdleMinutes()),
  });
  const started = performance.now();
  const plan = await invoke<{ id: string; counts: Record<string, number> }>(core, 'fleet:plan', {
    source: { kind: 'profile', profileId: fleet.profileId },
    sections: ['timeouts'],
    targets: fleet.ids,
  });
  const report = await invoke<{ counts: Record<string, number> }>(core, 'fleet:apply', {
    planId: plan.id,
  });
  const elapsed = performance.now() - started;
  if (plan.counts['change'] !== fleet.ids.length || report.counts['applied'] !== fleet.ids.length) {
    throw new Error(
      `apply changed ${report.counts['applied'] ?? 0} of ${fleet.ids.length} (plan ${JSON.stringify(plan.counts)}, outcomes ${JSON.stringify(report.counts)})`,
    );
  }
  return elapsed;
}

const OPERATIONS: Record<Operation, (core: Core, fleet: Fleet) => Promise<number>> = {
  refresh,
  apply,
};

/** Median of RUNS warm runs on a ready core (after one unmeasured run). */
async function warm(core: Core, fleet: Fleet, operation: Operation): Promise<number> {
  await OPERATIONS[operation](core, fleet);
  const runs: number[] = [];
  const cpu: number[] = [];
  for (let run = 0; run < RUNS; run += 1) {
    const before = process.cpuUsage();
    runs.push(await OPERATIONS[operation](core, fleet));
    const used = process.cpuUsage(before);
    cpu.push((used.user + used.system) / 1000);
  }
  // The CPU time of this process (the core's work, not the servers'), which a loaded machine
  // does not stretch as it stretches the wall-clock time.
  console.log(
    `  warm ${operation} at ${fleet.ids.length} servers: median ${median(runs).toFixed(0)} ms, of which the core on the CPU ${median(cpu).toFixed(0)} ms`,
  );
  return median(runs);
}

/** Median of `runs` runs, each on a fresh core, so every server's client starts afresh. */
async function cold(fleet: Fleet, operation: Operation, runs: number): Promise<number> {
  const times: number[] = [];
  for (let run = 0; run < runs; run += 1) {
    const core = await openCore(fleet.dataDir);
    try {
      times.push(await OPERATIONS[operation](core, fleet));
    } finally {
      await core.dispose();
    }
  }
  return median(times);
}

/** One measured case: an operation, warm or cold, with one kind of credential. */
interface Case {
  operation: Operation;
  mode: Mode;
  credential: Credential;
}

const ALL_CASES: readonly Case[] = [
  { operation: 'refresh', mode: 'warm', credential: 'api_key' },
  { operation: 'apply', mode: 'warm', credential: 'api_key' },
  { operation: 'refresh', mode: 'cold', credential: 'api_key' },
  { operation: 'apply', mode: 'cold', credential: 'api_key' },
  { operation: 'refresh', mode: 'cold', credential: 'account' },
  { operation: 'apply', mode: 'cold', credential: 'account' },
];
const CASES = WARM_ONLY ? ALL_CASES.filter((c) => c.mode === 'warm') : ALL_CASES;

const caseKey = ({ operation, mode, credential }: Case): string =>
  `${operation}.${mode}${mode === 'cold' ? `.${credential === 'api_key' ? 'key' : 'account'}` : ''}`;

function caseLabel({ operation, mode, credential }: Case): string {
  const what = operation === 'refresh' ? 'fleet refresh' : 'fleet plan + apply';
  const how =
    mode === 'warm' ? 'warm' : credential === 'api_key' ? 'cold, API keys' : 'cold, accounts';
  return `${what}, ${how}`;
}

/** The median time of a cold case, or NaN (said) when a run of it failed. */
async function coldOrFailed(fleet: Fleet, operation: Operation, runs: number): Promise<number> {
  try {
    return await cold(fleet, operation, runs);
  } catch (error) {
    console.log(`${operation} at ${fleet.ids.length} servers, cold, failed: ${String(error)}`);
    return Number.NaN;
  }
}

/** Every case's time (ms) for one fleet size. */
async function measure(servers: ServersProcess, count: number, folders: string[]) {
  const times = new Map<string, number>();
  const keyed = await arrangeFleet(servers, count, 'api_key', folders);
  try {
    for (const operation of ['refresh', 'apply'] as const) {
      times.set(
        caseKey({ operation, mode: 'warm', credential: 'api_key' }),
        await warm(keyed.core, keyed.fleet, operation),
      );
    }
  } finally {
    await keyed.core.dispose();
  }
  if (WARM_ONLY) return times;
  for (const operation of ['refresh', 'apply'] as const) {
    times.set(
      caseKey({ operation, mode: 'cold', credential: 'api_key' }),
      await coldOrFailed(keyed.fleet, operation, COLD_RUNS),
    );
  }
  const accounts = await arrangeFleet(servers, count, 'account', folders);
  await accounts.core.dispose();
  for (const operation of ['refresh', 'apply'] as const) {
    times.set(
      caseKey({ operation, mode: 'cold', credential: 'account' }),
      await coldOrFailed(accounts.fleet, operation, ACCOUNT_COLD_RUNS),
    );
  }
  return times;
}

/** One warm refresh and one warm apply at `count` servers under the CPU profiler. */
async function profile(servers: ServersProcess, count: number, folders: string[]): Promise<void> {
  const { core, fleet } = await arrangeFleet(servers, count, 'api_key', folders);
  try {
    for (const operation of ['refresh', 'apply'] as const) {
      await OPERATIONS[operation](core, fleet);
      const file = join(tmpdir(), `qb-bench-fleet-${operation}-${count}.cpuprofile`);
      let elapsed = 0;
      const { hotSpots, totalMs } = await profiled(file, async () => {
        elapsed = await OPERATIONS[operation](core, fleet);
      });
      console.log(
        `\nCPU profile, warm ${operation} at ${count} servers: ${elapsed.toFixed(0)} ms in all, ${totalMs.toFixed(0)} ms sampled busy (on a loaded machine this counts the waits for a core too; see the CPU time printed with the warm cases) (${file})`,
      );
      for (const spot of hotSpots) {
        console.log(
          `  ${spot.selfMs.toFixed(1).padStart(7)} ms ${(spot.share * 100).toFixed(1).padStart(5)} %  ${spot.name} ${spot.where}`,
        );
      }
    }
  } finally {
    await core.dispose();
  }
}

function row(cells: string[]): string {
  return cells.join(' | ');
}

async function main(): Promise<void> {
  const started = performance.now();
  const largest = Math.max(...SIZES);
  console.log(
    `fleet benchmark (Node ${process.version}${QUICK ? ', quick' : ''}): up to ${largest} reference servers in another process, latency ${LATENCY_MS} ms each; median of ${RUNS} runs warm, ${COLD_RUNS} cold with API keys, ${ACCOUNT_COLD_RUNS} cold with accounts`,
  );
  const folders: string[] = [];
  const reported: BenchFigure[] = [];
  let servers: ServersProcess | null = null;
  try {
    servers = await startServersProcess({
      count: largest,
      latencyMs: LATENCY_MS,
      write: true,
      account: !WARM_ONLY,
    });
    console.log(
      `${largest} servers started in the other process in ${(servers.startMs / 1000).toFixed(1)} s`,
    );
    const base = await measure(servers, 1, folders);
    console.log(
      `one server: ${CASES.map((c) => `${caseLabel(c).replace(/^fleet /, '')} ${(base.get(caseKey(c)) ?? 0).toFixed(0)} ms`).join('; ')}`,
    );
    console.log(`\n${row(['figure', 'servers', 'total ms', 'one ms', 'ratio', 'target', 'met'])}`);
    for (const size of SIZES) {
      const times = await measure(servers, size, folders);
      for (const c of CASES) {
        const total = times.get(caseKey(c)) ?? 0;
        const one = base.get(caseKey(c)) ?? 1;
        const ratio = total / one;
        const target = c.mode === 'warm' ? TARGETS[size] : undefined;
        if (Number.isNaN(total)) {
          console.log(row([caseLabel(c), String(size), 'failed', one.toFixed(0), '-', '-', '-']));
          continue;
        }
        reported.push({
          id: `fleet.${caseKey(c)}.${size}`,
          label: `${caseLabel(c)}, ${size} servers (total / one server)`,
          value: Number(ratio.toFixed(2)),
          unit: 'ratio',
          target: target === undefined ? null : `≤ ${target}`,
          met: target === undefined ? null : ratio <= target,
          command: COMMAND,
        });
        console.log(
          row([
            caseLabel(c),
            String(size),
            total.toFixed(0),
            one.toFixed(0),
            ratio.toFixed(2),
            target === undefined ? '-' : `<= ${target}`,
            target === undefined ? '-' : ratio <= target ? 'met' : 'NOT met',
          ]),
        );
      }
    }
    console.log(
      `\nratio = total time / the same operation against one server (physical limit 1.0; one by one would be N). ` +
        `The servers run in their own process; cold with accounts includes each server's scrypt login ` +
        `(response headers awaited up to ${BENCH_LIMITS.headersMs / 1000} s, not the app's 15 s).`,
    );
    if (PROFILE) for (const size of PROFILE_SIZES) await profile(servers, size, folders);
  } finally {
    await servers?.stop();
    await Promise.all(folders.map((folder) => rm(folder, { recursive: true, force: true })));
  }
  reportFigures(reported);
  console.log(`command: ${COMMAND}; total ${((performance.now() - started) / 1000).toFixed(1)} s`);
  setTimeout(() => {
    const left = process.getActiveResourcesInfo().filter((kind) => kind !== 'Timeout');
    if (left.length > 0) console.log(`still open after the bench: ${left.join(', ')}`);
  }, 1000).unref();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
