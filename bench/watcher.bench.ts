/**
 * Benchmark of the event watcher's cost (`npm run bench:watcher`, part of `npm run bench`;
 * the watcher's memory and CPU): a real core (createCore, a throw-away data folder,
 * the keychain of the session under the bench's own service name) registers 500 reference
 * servers that run in ANOTHER process (bench/reference-servers-child.ts), then watches all their
 * event streams (startWatching, the app's default `auto` mode). Measured in this process,
 * which holds the core and nothing else:
 * - the growth of its resident memory over the idle core: the median of several readings
 *   (after a garbage collection, once the size stopped moving) before any server is
 *   registered, against the same with every stream open. Target under 50 MB.
 * - its CPU while nothing happens: process.cpuUsage over windows of one heartbeat period
 *   (15 s) each with every stream open, as a share of one core; the median window. Target
 *   under 2 %.
 * The servers use API keys (a SHA-256 check each) so that registering 500 costs no scrypt
 * login. `--quick`: 50 servers, 2 s heartbeats and 2 s windows, no target (the targets are
 * for 500). Prints figures; asserts nothing.
 */

import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { mapBounded } from '../src-main/core/bounded';
import { createCore, type Core } from '../src-main/core/composition-root';
import { createKeytarStore } from '../src-main/core/credential-store';
import { reportFigures, type BenchFigure } from './figures';
import { memoryOf } from './process-stats';
import { median } from './stats';
import { startServersProcess, type ServersProcess } from './reference-servers-process';

const QUICK = process.argv.includes('--quick');
const SERVERS = QUICK ? 50 : 500;
const HEARTBEAT_MS = QUICK ? 2_000 : 15_000;
/** One window per heartbeat period, so that each holds one heartbeat of every stream. */
const CPU_WINDOWS = QUICK ? 3 : 5;
const MEMORY_READINGS = QUICK ? 3 : 5;
const READING_INTERVAL_MS = QUICK ? 300 : 1_000;
/** How long memory is left to settle (collecting every second) before it is read. */
const SETTLE_MS = QUICK ? 3_000 : 25_000;
const ADD_CONCURRENCY = 32;
const RSS_TARGET_MB = 50;
const CPU_TARGET_PERCENT = 2;
/** Not the app's service: a run outside scripts/with-keyring.sh leaves the app's entries alone. */
const KEYCHAIN_SERVICE = 'QuickBox Session Companion benchmark';
const COMMAND = `npm run bench:watcher${QUICK ? ' -- --quick' : ''}`;
const silent = { info: () => undefined, warn: () => undefined, error: () => undefined };

setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

/**
 * The median of several readings of this process's memory, each after a collection. V8
 * gives back the heap it no longer needs a few seconds after a collection and the RSS keeps
 * sinking for some 20 s more (measured on the idle core), so the readings wait that out.
 */
async function memoryNow(): Promise<{ rssMb: number; heapMb: number }> {
  for (let waited = 0; waited < SETTLE_MS; waited += 1_000) {
    collectGarbage();
    await sleep(1_000);
  }
  const rss: number[] = [];
  const heap: number[] = [];
  for (let reading = 0; reading < MEMORY_READINGS; reading += 1) {
    collectGarbage();
    rss.push(memoryOf(process.pid).rssMb);
    heap.push(process.memoryUsage().heapUsed / 1024 / 1024);
    await sleep(READING_INTERVAL_MS);
  }
  return { rssMb: median(rss), heapMb: median(heap) };
}

async function register(core: Core, servers: ServersProcess): Promise<void> {
  await mapBounded(servers.urls, ADD_CONCURRENCY, async (url, i) => {
    const result = await core.handlers['servers:add']({
      name: `Watched ${i + 1}`,
      baseUrl: url,
      environment: null,
      credentials: { kind: 'api_key', apiKey: servers.apiKey },
    });
    if (!result.ok) throw new Error(`servers:add ${url}: ${result.error.message}`);
  });
}

/** Waits until every server has an open stream (at most 10 minutes); the time it took. */
async function allStreamsOpen(servers: ServersProcess): Promise<number> {
  const started = performance.now();
  for (;;) {
    const count = await servers.openStreams();
    if (count.servers >= SERVERS) return performance.now() - started;
    if (performance.now() - started > 600_000) {
      throw new Error(`only ${count.servers} of ${SERVERS} servers have a stream open`);
    }
    await sleep(250);
  }
}

/** CPU of this process over one window, as a percentage of one core. */
async function cpuWindow(): Promise<number> {
  const before = process.cpuUsage();
  const started = performance.now();
  await sleep(HEARTBEAT_MS);
  const used = process.cpuUsage(before);
  return ((used.user + used.system) / 1000 / (performance.now() - started)) * 100;
}

/**
 * Where the core's data folder goes: a RAM file system where there is one. Each servers:add
 * writes the registry with two fsyncs, one at a time, which on this machine's disk made
 * registering 500 servers take minutes; the figures are memory and CPU, not the disk's.
 */
function memoryFolder(): string {
  return existsSync('/dev/shm') ? '/dev/shm' : tmpdir();
}

async function main(): Promise<void> {
  const started = performance.now();
  console.log(
    `watcher benchmark (Node ${process.version}${QUICK ? ', quick' : ''}): the core watching ${SERVERS} reference servers' event streams, the servers in another process, heartbeats every ${HEARTBEAT_MS / 1000} s`,
  );
  const dataDir = await mkdtemp(join(memoryFolder(), 'qb-bench-watcher-app-'));
  const store = createKeytarStore(KEYCHAIN_SERVICE);
  let core: Core | null = null;
  let servers: ServersProcess | null = null;
  try {
    const serversStarting = startServersProcess({ count: SERVERS, heartbeatMs: HEARTBEAT_MS });
    // Awaited below; until then a failure must not count as an unhandled rejection.
    serversStarting.catch(() => undefined);
    core = await createCore({ dataDir, logger: silent, credentialStore: store });
    // Loads keytar, as the app has by the time it watches: its code is not the watcher's cost.
    await store.get('warm-up');
    const idle = await memoryNow();
    console.log(
      `idle core: RSS ${idle.rssMb.toFixed(1)} MB, heap ${idle.heapMb.toFixed(1)} MB (median of ${MEMORY_READINGS} readings, each after a collection, once it settled for ${SETTLE_MS / 1000} s)`,
    );
    servers = await serversStarting;
    console.log(
      `${SERVERS} servers started in the other process in ${(servers.startMs / 1000).toFixed(1)} s`,
    );
    const addStarted = performance.now();
    await register(core, servers);
    const addMs = performance.now() - addStarted;
    // The clients' share of the growth, apart from the streams' (skipped when quick: time).
    const registered = QUICK ? null : await memoryNow();
    console.log(
      `registered (API keys, not watching) in ${(addMs / 1000).toFixed(1)} s` +
        (registered
          ? `: RSS ${registered.rssMb.toFixed(1)} MB (+${(registered.rssMb - idle.rssMb).toFixed(1)} MB)`
          : ''),
    );
    core.startWatching();
    const openMs = await allStreamsOpen(servers);
    const watching = await memoryNow();
    const growth = watching.rssMb - idle.rssMb;
    console.log(
      `watching: all ${SERVERS} streams open ${(openMs / 1000).toFixed(1)} s after startWatching; RSS ${watching.rssMb.toFixed(1)} MB, heap ${watching.heapMb.toFixed(1)} MB: ` +
        `+${growth.toFixed(1)} MB over the idle core (${((growth * 1024) / SERVERS).toFixed(0)} KB per server; target < ${RSS_TARGET_MB} MB for 500)`,
    );
    const windows: number[] = [];
    for (let window = 0; window < CPU_WINDOWS; window += 1) windows.push(await cpuWindow());
    const cpu = median(windows);
    const after = await servers.openStreams();
    console.log(
      `idle CPU with every stream open: ${cpu.toFixed(2)} % of one core (median of ${CPU_WINDOWS} windows of ${HEARTBEAT_MS / 1000} s: ${windows.map((w) => w.toFixed(2)).join(', ')}; target < ${CPU_TARGET_PERCENT} % for 500); ` +
        `${after.streams} streams on ${after.servers} servers still open at the end`,
    );
    const figures: BenchFigure[] = [
      {
        id: `watcher.rss-growth.${SERVERS}`,
        label: `watcher: RSS growth of the core with ${SERVERS} event streams open, over the idle core`,
        value: Number(growth.toFixed(1)),
        unit: 'MB',
        target: QUICK ? null : `< ${RSS_TARGET_MB}`,
        met: QUICK ? null : growth < RSS_TARGET_MB,
        command: COMMAND,
      },
      {
        id: `watcher.cpu-idle.${SERVERS}`,
        label: `watcher: CPU of the core while ${SERVERS} streams are open and idle (% of one core)`,
        value: Number(cpu.toFixed(2)),
        unit: '%',
        target: QUICK ? null : `< ${CPU_TARGET_PERCENT}`,
        met: QUICK ? null : cpu < CPU_TARGET_PERCENT,
        command: COMMAND,
      },
      {
        id: `watcher.open-time.${SERVERS}`,
        label: `watcher: from startWatching to all ${SERVERS} streams open`,
        value: Math.round(openMs),
        unit: 'ms',
        target: null,
        met: null,
        command: COMMAND,
      },
    ];
    reportFigures(figures);
  } finally {
    // Every server registered, even when registering stopped half-way: their keychain entries go.
    const listed = await core?.handlers['servers:list']({});
    const ids = listed?.ok ? listed.value.servers.map((server) => server.id) : [];
    await core?.dispose();
    await Promise.all(ids.map((id) => store.delete(id).catch(() => false)));
    await servers?.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
  console.log(`command: ${COMMAND}; total ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
