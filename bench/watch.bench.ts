/**
 * Benchmark of `qbsc watch` (`npm run bench:watch`, part of `npm run bench`): the
 * real qbsc bundle watches 5,000 event feeds served by small fake SSE servers in a child
 * process (bench/watch-feeds.ts, 100 feeds per port), and posts its alerts to an
 * Alertmanager stand-in in this process that notes when each arrives. The watcher runs with
 * the node option its systemd unit and container set (`--max-semi-space-size=8`). Measured on the
 * watcher's process, which holds nothing else:
 * - the time from its start (a restart: its state folder has every server watched already)
 *   until every stream is open (counted by the feeds' process);
 * - its resident memory once idle with every stream open (target 400 MB or less);
 * - its CPU while idle: /proc utime+stime over 15 s windows (the heartbeat period), as a
 *   share of one core, the median window (target under 5 %);
 * - event to alert sent, p95, during a storm of mass logouts (2,000 at 200 a second on
 *   random feeds): the arrival of each alert here minus the event's `at`, written by the
 *   feeds' process as it sends the event (target under 250 ms). Also how many arrived.
 * `--quick`: 500 feeds, 200 events, 3 s windows, no target. `--first-start`: every server is
 * new to the watcher (the open time is then a first start's). `--profile`: the watcher under
 * `node --cpu-prof`, its hot spots in the storm and the stop printed (bench/watch-profile.ts);
 * `--heap-snapshot`: a heap snapshot of the idle watcher.
 * Prints figures; asserts nothing.
 */

import { spawn, type ChildProcess } from 'node:child_process';
import { openSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { buildQbsc, PACKAGE_DIR } from '../scripts/build-qbsc.mjs';
import { reportFigures, type BenchFigure } from './figures';
import { settledRss } from './process-stats';
import { median } from './stats';
import type { FeedsMessage, FeedsRequest } from './watch-feeds';
import { printWatcherProfile, profileArgs } from './watch-profile';

const QUICK = process.argv.includes('--quick');
const FEEDS_ARG = process.argv.indexOf('--feeds');
/** `--feeds N` measures another count (no target then). */
const FEEDS = FEEDS_ARG > 0 ? Number(process.argv[FEEDS_ARG + 1]) : QUICK ? 500 : 5_000;
const PORTS = Math.ceil(FEEDS / 100);
const STORM_EVENTS = QUICK ? 200 : 2_000;
const STORM_PER_SECOND = 200;
const CPU_WINDOW_MS = QUICK ? 3_000 : 15_000;
const CPU_WINDOWS = 3;
const COMMAND = `npm run bench:watch${QUICK ? ' -- --quick' : ''}`;
const KEY = 'qbk_bench_watch_0123456789abcdef';
/** Where the watcher's CPU profile goes with `--profile` (kept after the run). */
const FIRST_START = process.argv.includes('--first-start');
/** The node option the watcher's systemd unit and container image set (NODE_OPTIONS). */
const WATCH_NODE_OPTION = '--max-semi-space-size=8';
/** `--heap-snapshot`: the watcher writes a heap snapshot (into the temp folder) once idle. */
const HEAP_SNAPSHOT = process.argv.includes('--heap-snapshot');
const PROFILE = process.argv.includes('--profile')
  ? join(tmpdir(), `qb-watch-profile-${Date.now()}`)
  : null;

function nextMessage<T extends FeedsMessage['type']>(
  child: ChildProcess,
  type: T,
): Promise<Extract<FeedsMessage, { type: T }>> {
  return new Promise((resolve, reject) => {
    const onMessage = (message: FeedsMessage) => {
      if (message.type !== type) return;
      child.off('message', onMessage);
      child.off('exit', onExit);
      resolve(message as Extract<FeedsMessage, { type: T }>);
    };
    const onExit = (code: number | null) => reject(new Error(`the feeds exited (${code})`));
    child.on('message', onMessage);
    child.once('exit', onExit);
  });
}

async function openStreams(feeds: ChildProcess): Promise<number> {
  const answer = nextMessage(feeds, 'count');
  feeds.send({ type: 'count' } satisfies FeedsRequest);
  return (await answer).streams;
}

/** CPU seconds (user + system) of a process so far, from /proc/<pid>/stat. */
function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // utime and stime are fields 14 and 15 of the line (11 and 12 after the name), in ticks.
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

function percentile(values: number[], share: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(share * sorted.length) - 1)] ?? Number.NaN;
}

/** The Alertmanager stand-in: the first arrival of each mass-logout alert, in ms after its event. */
async function startReceiver(): Promise<{
  url: string;
  latencies: Map<string, number>;
  close(): void;
}> {
  const latencies = new Map<string, number>();
  const server = createServer((request, reply) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    request.on('end', () => {
      const now = Date.now();
      for (const alert of JSON.parse(body) as {
        labels: Record<string, string>;
        startsAt: string;
      }[]) {
        const key = `${alert.labels['server_id']}/${alert.labels['event_id']}`;
        if (alert.labels['kind'] === 'mass_logout' && !latencies.has(key)) {
          latencies.set(key, now - Date.parse(alert.startsAt));
        }
      }
      reply.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, latencies, close: () => server.close() };
}

/** The watcher's own memory figures (its /metrics, prom-client's process metrics), in MB. */
async function memoryOf(folder: string): Promise<string> {
  const started = readFileSync(join(folder, 'watcher.log'), 'utf8')
    .split('\n')
    .find((line) => line.includes('"watch: started"'));
  const url = started ? (JSON.parse(started) as { url?: string }).url : undefined;
  if (!url) return 'no /metrics';
  const text = await (await fetch(`${url}/metrics`)).text();
  const value = (name: string): string => {
    const line = text.split('\n').find((entry) => entry.startsWith(`${name} `));
    return line ? (Number(line.split(' ')[1]) / 1e6).toFixed(1) : '?';
  };
  return `heap used ${value('nodejs_heap_size_used_bytes')} of ${value('nodejs_heap_size_total_bytes')}, external ${value('nodejs_external_memory_bytes')} MB`;
}

async function main(): Promise<void> {
  buildQbsc();
  const folder = await mkdtemp(join(tmpdir(), 'qb-bench-watch-'));
  const feeds = spawn(
    process.execPath,
    [
      ...process.execArgv,
      join(__dirname, 'watch-feeds.ts'),
      '--feeds',
      String(FEEDS),
      '--ports',
      String(PORTS),
    ],
    { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] },
  );
  const receiver = await startReceiver();
  let watcher: ChildProcess | null = null;
  try {
    const { urls } = await nextMessage(feeds, 'ready');
    const config = {
      listen: { port: 0 },
      stateDir: join(folder, 'state'),
      alertmanagers: [receiver.url],
      unreachableAfterSeconds: 3600,
      servers: urls.map((url, index) => ({
        id: `feed-${index}`,
        name: `Feed ${index}`,
        url,
        auth: 'api_key',
        secret: { env: 'BENCH_KEY' },
      })),
    };
    await writeFile(join(folder, 'watch.yaml'), JSON.stringify(config));
    // The state folder of a watcher that ran before: every server watched already, unless
    // `--first-start` (then every server is new: each feed's first watch is saved, in
    // batches, before its stream opens).
    await mkdir(config.stateDir, { recursive: true });
    const watchedFrom = new Date().toISOString();
    const servers = config.servers.map((server) => ({
      id: server.id,
      name: server.name,
      baseUrl: server.url,
      environment: null,
      authKind: 'api_key',
      username: null,
      pinnedFingerprint: null,
      expectedFingerprint: null,
      lastEventId: 0,
      watchedFrom,
    }));
    if (!FIRST_START) {
      await writeFile(
        join(config.stateDir, 'servers.json'),
        JSON.stringify({ format: 1, servers }),
      );
    }
    const started = performance.now();
    watcher = spawn(
      process.execPath,
      [
        // As the systemd unit and the container run it (docs/adr/0167-watcher-young-generation.md).
        WATCH_NODE_OPTION,
        ...(PROFILE ? profileArgs(PROFILE) : []),
        ...(HEAP_SNAPSHOT ? ['--heapsnapshot-signal=SIGUSR2', `--diagnostic-dir=${tmpdir()}`] : []),
        join(PACKAGE_DIR, 'bin', 'qbsc.cjs'),
        '--data-dir',
        folder,
        'watch',
        '--config',
        join(folder, 'watch.yaml'),
      ],
      {
        stdio: ['ignore', openSync(join(folder, 'watcher.log'), 'w'), 'inherit'],
        env: { ...process.env, BENCH_KEY: KEY },
      },
    );
    const pid = watcher.pid ?? 0;
    let open = 0;
    while (open < FEEDS) {
      if (performance.now() - started > 600_000)
        throw new Error(`only ${open} streams open after 10 min`);
      await sleep(250);
      open = await openStreams(feeds);
    }
    const openMs = performance.now() - started;
    console.log(`all ${FEEDS} streams open after ${(openMs / 1000).toFixed(1)} s`);
    const rssMb = await settledRss(pid, 60_000);
    if (HEAP_SNAPSHOT) {
      watcher.kill('SIGUSR2');
      console.log(`heap snapshot asked of the watcher (pid ${pid}), written into ${tmpdir()}`);
      await sleep(QUICK ? 20_000 : 120_000);
    }
    console.log(`watcher RSS, idle: ${rssMb.toFixed(1)} MB (${await memoryOf(folder)})`);
    const windows: number[] = [];
    for (let window = 0; window < CPU_WINDOWS; window += 1) {
      const cpuFrom = cpuSeconds(pid);
      const from = performance.now();
      await sleep(CPU_WINDOW_MS);
      windows.push(((cpuSeconds(pid) - cpuFrom) / ((performance.now() - from) / 1000)) * 100);
    }
    const cpu = median(windows);
    console.log(
      `watcher CPU, idle: ${windows.map((w) => w.toFixed(2)).join(' / ')} % (median ${cpu.toFixed(2)} %)`,
    );
    const stormFrom = performance.now();
    const stormed = nextMessage(feeds, 'stormed');
    feeds.send({
      type: 'storm',
      events: STORM_EVENTS,
      perSecond: STORM_PER_SECOND,
    } satisfies FeedsRequest);
    const { fired } = await stormed;
    const until = performance.now() + 60_000;
    while (receiver.latencies.size < fired && performance.now() < until) await sleep(250);
    const latencies = [...receiver.latencies.values()];
    const p95 = percentile(latencies, 0.95);
    console.log(
      `storm: ${fired} events, ${latencies.length} alerts arrived; event to alert p50 ${percentile(latencies, 0.5)} ms, p95 ${p95} ms, max ${Math.max(...latencies)} ms`,
    );
    const stopFrom = performance.now();
    watcher.kill('SIGTERM');
    const code = await new Promise<string>((resolve) =>
      watcher?.once('exit', (exitCode, signal) => resolve(String(exitCode ?? signal))),
    );
    console.log(
      `watcher stopped (exit ${code}) in ${(performance.now() - stopFrom).toFixed(0)} ms`,
    );
    // The watcher's own account of its stop (the time of each part).
    const stopLine = readFileSync(join(folder, 'watcher.log'), 'utf8')
      .split('\n')
      .find((line) => line.includes('"watch: stopped"'));
    console.log(`watcher's stop: ${stopLine ?? '(no line: it did not finish its stop)'}`);
    watcher = null;
    if (PROFILE) printWatcherProfile(PROFILE, performance.now() - stormFrom);
    const n = FEEDS.toLocaleString('en');
    const figure = (
      id: string,
      label: string,
      value: number,
      unit: string,
      target: string | null,
      met: boolean | null,
    ): BenchFigure => ({
      id,
      label,
      value: Math.round(value * 100) / 100,
      unit,
      target: QUICK ? null : target,
      met: QUICK ? null : met,
      command: COMMAND,
    });
    reportFigures([
      figure(
        FIRST_START ? 'watch.open.first' : 'watch.open',
        `qbsc watch: time until ${n} streams are open${FIRST_START ? ' (first start)' : ''}`,
        openMs,
        'ms',
        null,
        null,
      ),
      figure(
        'watch.rss',
        `qbsc watch: RSS with ${n} streams open, idle`,
        rssMb,
        'MB',
        '≤ 400 MB',
        rssMb <= 400,
      ),
      figure(
        'watch.cpu',
        `qbsc watch: CPU with ${n} streams open and idle (% of one core)`,
        cpu,
        '%',
        '< 5 %',
        cpu < 5,
      ),
      figure(
        'watch.alert.p95',
        `qbsc watch: event to alert sent, p95, storm of ${fired} (${latencies.length} arrived)`,
        p95,
        'ms',
        '< 250 ms',
        p95 < 250 && latencies.length === fired,
      ),
    ]);
  } finally {
    watcher?.kill('SIGKILL');
    feeds.kill('SIGTERM');
    receiver.close();
    await rm(folder, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
