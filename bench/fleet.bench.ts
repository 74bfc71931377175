/**
 * Benchmark of the fleet (`npm run bench:fleet`, also part of `npm run bench`): N reference
 * servers in this one process, each answering after `latencyMs: 100`, registered in a real
 * core (createCore, a throw-away data folder, account credentials in the keychain of the
 * session; run it inside scripts/with-keyring.sh). It times a fleet refresh
 * (`fleet:snapshot`) and a fleet apply (`fleet:plan` then `fleet:apply` of a profile that
 * changes the idle timeout of every server) for each N, and prints each as the total time
 * divided by the same operation against one server, measured the same way (median of
 * several runs). Warm: the core's clients are already signed in. Cold: a fresh core over the
 * same data folder, so the first call includes each server's scrypt login (on this same
 * machine, in this same process). Prints figures; asserts nothing.
 * `--quick` runs small fleets and fewer runs, to check that it works.
 */

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { startReferenceServer, type RunningReferenceServer } from '../server/index';
import { mapBounded } from '../src-main/core/bounded';
import { createCore, type Core } from '../src-main/core/composition-root';
import type { RequestChannel } from '../src-shared/ipc-contract';
import { DEFAULT_SETTINGS, setField } from '../src-shared/settings';
import { reportFigures, type BenchFigure } from './figures';
import { median } from './stats';

const QUICK = process.argv.includes('--quick');
const SIZES = QUICK ? [5, 10] : [50, 200];
const RUNS = QUICK ? 2 : 5;
/** Cold runs are fewer: each signs every server in afresh, which is most of the bench's time. */
const COLD_RUNS = QUICK ? 1 : 3;
const LATENCY_MS = 100;
/** Warm targets (total / one server, as in the README's benchmark table); the physical limit is 1.0. */
const TARGETS: Record<number, number> = { 50: 1.5, 200: 2.5 };
/** How many servers are added to a core at once while arranging (each add signs in). */
const ADD_CONCURRENCY = 8;
const PASSWORD = 'bench fleet password 123';
const COMMAND = `npm run bench:fleet${QUICK ? ' -- --quick' : ''}`;
const silent = { info: () => undefined, warn: () => undefined, error: () => undefined };

type Operation = 'refresh' | 'apply';

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
 * Every server's scrypt runs in this one process on this one machine, so a cold fleet's
 * logins queue behind each other far longer than on N machines: the app's 15 s wait for
 * response headers would turn them into "unreachable". The bench waits longer, to measure.
 */
const BENCH_LIMITS = { headersMs: 180_000, bodyMs: 180_000 };

function openCore(dataDir: string): Promise<Core> {
  return createCore({ dataDir, logger: silent, clientLimits: BENCH_LIMITS });
}

async function startServers(count: number, folders: string[]): Promise<RunningReferenceServer[]> {
  // Room for every session the cold runs open (the contract's default allows 5 per user).
  const settings = setField(DEFAULT_SETTINGS, 'concurrency.maxSessionsPerUser', 100);
  return mapBounded(
    Array.from({ length: count }, (_, i) => i),
    ADD_CONCURRENCY,
    async (i) => {
      const dataDir = await mkdtemp(join(tmpdir(), 'qb-bench-fleet-server-'));
      folders.push(dataDir);
      return startReferenceServer({
        dataDir,
        name: `Bench ${i + 1}`,
        latencyMs: LATENCY_MS,
        seed: {
          users: [
            {
              username: 'admin',
              password: PASSWORD,
              permissions: ['admin.sessions.read', 'admin.settings.update'],
            },
          ],
          settings,
        },
      });
    },
  );
}

/** A core's data folder with these servers and one profile, the core left signed in. */
async function arrangeFleet(
  servers: RunningReferenceServer[],
  folders: string[],
): Promise<{ fleet: Fleet; core: Core }> {
  const dataDir = await mkdtemp(join(tmpdir(), 'qb-bench-fleet-app-'));
  folders.push(dataDir);
  const core = await openCore(dataDir);
  const ids = await mapBounded(servers, ADD_CONCURRENCY, async (server) => {
    const added = await invoke<{ server: { id: string } }>(core, 'servers:add', {
      name: server.name,
      baseUrl: server.url,
      environment: null,
      credentials: { kind: 'account', username: 'admin', password: PASSWORD },
    });
    return added.server.id;
  });
  const created = await invoke<{ profile: { id: string } }>(core, 'profiles:create', {
    name: 'Bench',
    from: { kind: 'settings', settings: DEFAULT_SETTINGS },
  });
  return { fleet: { dataDir, ids, profileId: created.profile.id }, core };
}

/**
 * A fresh idle timeout for every apply (31..90: never the seeded 30, and no value twice in
 * the bench's fewer than 60 applies), so every target really saves.
 */
let applyCount = 0;
function nextIdleMinutes(): number {
  applyCount += 1;
  return 30 + (applyCount % 60) + 1;
}

async function refresh(core: Core, fleet: Fleet): Promise<number> {
  const started = performance.now();
  const snapshot = await invoke<{ rows: { state: string }[] }>(core, 'fleet:snapshot', {});
  const elapsed = performance.now() - started;
  const ok = snapshot.rows.filter((row) => row.state === 'ok').length;
  if (ok !== fleet.ids.length) throw new Error(`refresh read ${ok} of ${fleet.ids.length}`);
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

/** Median of RUNS warm runs on a signed-in core (after one unmeasured run). */
async function warm(core: Core, fleet: Fleet, operation: Operation): Promise<number> {
  await OPERATIONS[operation](core, fleet);
  const runs: number[] = [];
  for (let run = 0; run < RUNS; run += 1) runs.push(await OPERATIONS[operation](core, fleet));
  return median(runs);
}

/** Median of COLD_RUNS runs, each on a fresh core, so every server's client signs in first. */
async function cold(fleet: Fleet, operation: Operation): Promise<number> {
  const runs: number[] = [];
  for (let run = 0; run < COLD_RUNS; run += 1) {
    const core = await openCore(fleet.dataDir);
    try {
      runs.push(await OPERATIONS[operation](core, fleet));
    } finally {
      await core.dispose();
    }
  }
  return median(runs);
}

interface Figures {
  warm: Record<Operation, number>;
  cold: Record<Operation, number>;
}

async function measure(core: Core, fleet: Fleet): Promise<Figures> {
  const figures: Figures = {
    warm: { refresh: await warm(core, fleet, 'refresh'), apply: await warm(core, fleet, 'apply') },
    cold: { refresh: 0, apply: 0 },
  };
  figures.cold.refresh = await cold(fleet, 'refresh');
  figures.cold.apply = await cold(fleet, 'apply');
  return figures;
}

function row(cells: string[]): string {
  return cells.join(' | ');
}

async function main(): Promise<void> {
  const started = performance.now();
  const largest = Math.max(...SIZES);
  console.log(
    `fleet benchmark (Node ${process.version}${QUICK ? ', quick' : ''}): up to ${largest} reference servers in this process, latency ${LATENCY_MS} ms each, median of ${RUNS} runs warm and ${COLD_RUNS} cold`,
  );
  const folders: string[] = [];
  const cores: Core[] = [];
  const reported: BenchFigure[] = [];
  let servers: RunningReferenceServer[] = [];
  try {
    servers = await startServers(largest, folders);
    const one = await arrangeFleet(servers.slice(0, 1), folders);
    cores.push(one.core);
    const base = await measure(one.core, one.fleet);
    console.log(
      `one server: refresh ${base.warm.refresh.toFixed(0)} ms warm, ${base.cold.refresh.toFixed(0)} ms cold; ` +
        `plan + apply ${base.warm.apply.toFixed(0)} ms warm, ${base.cold.apply.toFixed(0)} ms cold`,
    );
    console.log(`\n${row(['figure', 'servers', 'total ms', 'one ms', 'ratio', 'target', 'met'])}`);
    for (const size of SIZES) {
      const many = await arrangeFleet(servers.slice(0, size), folders);
      cores.push(many.core);
      const figures = await measure(many.core, many.fleet);
      await many.core.dispose();
      for (const operation of ['refresh', 'apply'] as const) {
        for (const mode of ['warm', 'cold'] as const) {
          const ratio = figures[mode][operation] / base[mode][operation];
          const target = mode === 'warm' ? TARGETS[size] : undefined;
          reported.push({
            id: `fleet.${operation}.${mode}.${size}`,
            label: `fleet ${operation === 'refresh' ? 'refresh' : 'plan + apply'}, ${size} servers, ${mode} (total / one server)`,
            value: Number(ratio.toFixed(2)),
            unit: 'ratio',
            target: target === undefined ? null : `≤ ${target}`,
            met: target === undefined ? null : ratio <= target,
            command: COMMAND,
          });
          console.log(
            row([
              `${operation === 'refresh' ? 'refresh (fleet:snapshot)' : 'apply (fleet:plan + fleet:apply)'}, ${mode}`,
              String(size),
              figures[mode][operation].toFixed(0),
              base[mode][operation].toFixed(0),
              ratio.toFixed(2),
              target === undefined ? '-' : `<= ${target}`,
              target === undefined ? '-' : ratio <= target ? 'met' : 'NOT met',
            ]),
          );
        }
      }
    }
    console.log(
      `\nratio = total time / the same operation against one server (physical limit 1.0; one by one would be N). ` +
        `Cold includes each server's scrypt login, served by this same process on this machine ` +
        `(response headers awaited up to ${BENCH_LIMITS.headersMs / 1000} s, not the app's 15 s).`,
    );
  } finally {
    await Promise.all(cores.map((core) => core.dispose()));
    await Promise.all(servers.map((server) => server.close()));
    await Promise.all(folders.map((folder) => rm(folder, { recursive: true, force: true })));
  }
  reportFigures(reported);
  console.log(`command: ${COMMAND}; total ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
