/**
 * Benchmark of event latency (`npm run bench:events`): from an invalidate-all on a reference
 * server (the event's own `at`, stamped by the server on this same machine's clock) to the
 * notification call in the shell's code path: the real core (createCore: registry, pool,
 * event watcher over SSE) feeding the shell's notification decision (notice-texts.ts and
 * notice-grouping.ts with the app's real clock and default window), with Electron's
 * Notification replaced by a recorder, as the shell tests do. The servers run in another
 * process (bench/event-latency-servers.ts), which also fires the events.
 *
 * - Single events: 50 mass logouts, one at a time, each the first after a quiet spell (a
 *   fresh grouping, so each is shown at once, as an isolated event is in the app).
 * - A storm: 100 servers each raising 10 events a second for 30 s. Each event's latency is
 *   to the first native notification that covers it (a group's update); plus none missed,
 *   none doubled, and how many notifications were shown for how many events.
 *
 * The servers use an API key (the recommended credential; a mass logout ends session-bound
 * streams, so with an account every event would also cost a sign-in). Secrets are held in
 * memory for the run, not in the keychain. `--quick`: 10 singles, 20 servers for 5 s.
 * Prints figures; asserts nothing.
 */

import { fork, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { mapBounded } from '../src-main/core/support/bounded';
import { createCore, type Core, type CredentialStore } from '../src-main/core/composition-root';
import {
  DEFAULT_GROUPING,
  NoticeGrouper,
  type NoticeDisplay,
} from '../src-main/shell/notice-grouping';
import { massLogoutNoticeOf } from '../src-main/shell/notice-texts';
import { shellTranslator } from '../src-main/shell/shell-language';
import type { EventMap } from '../src-shared/ipc-contract';
import { reportFigures, type BenchFigure } from './figures';
import { BENCH_API_KEY, type ServersReply, type ServersRequest } from './event-latency-servers';
import { median } from './stats';

/** The shell's words, in English (the bench measures the path, not the language). */
const ENGLISH = shellTranslator('en');

const QUICK = process.argv.includes('--quick');
const SINGLES = QUICK ? 10 : 50;
const STORM_SERVERS = QUICK ? 20 : 100;
const STORM_SECONDS = QUICK ? 5 : 30;
const PER_SECOND = 10;
const STORM_TARGET_MS = 100;
const COMMAND = `npm run bench:events${QUICK ? ' -- --quick' : ''}`;
const silent = { info: () => undefined, warn: () => undefined, error: () => undefined };

/** Milliseconds since the epoch, sub-millisecond: comparable with the servers' `at`. */
const wallNow = (): number => performance.timeOrigin + performance.now();

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
}

const ms = (value: number): string => `${value.toFixed(1)} ms`;

/** A keychain in memory: the bench measures events, not secrets. */
function memoryStore(): CredentialStore {
  const secrets = new Map<string, string>();
  return {
    set: async (account, secret) => {
      secrets.set(account, secret);
    },
    get: async (account) => secrets.get(account) ?? null,
    delete: async (account) => secrets.delete(account),
  };
}

/** The servers' process and a typed request/answer over its IPC channel. */
function startServersProcess(): {
  child: ChildProcess;
  ask(request: ServersRequest): Promise<ServersReply>;
} {
  const tsx = pathToFileURL(createRequire(__filename).resolve('tsx')).href;
  const child = fork(join(__dirname, 'event-latency-servers.ts'), [], {
    execArgv: ['--import', tsx],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  // One request at a time: each answer settles the oldest waiting request.
  const waiting: { resolve(reply: ServersReply): void; reject(error: Error): void }[] = [];
  child.on('message', (message) => waiting.shift()?.resolve(message as ServersReply));
  child.on('exit', (code) => {
    for (const request of waiting.splice(0)) {
      request.reject(new Error(`servers process exited (${code})`));
    }
  });
  return {
    child,
    ask: (request) =>
      new Promise((resolve, reject) => {
        waiting.push({ resolve, reject });
        child.send(request);
      }),
  };
}

/** What the shell's notification path did, as recorded. */
interface Recording {
  /** Per event key: the server's time of the event, and when the core delivered it. */
  events: Map<string, { at: number; delivered: number }>;
  /** Per event key: latency to the first notification that showed it. */
  shownAfter: Map<string, number>;
  /** Keys shown by more than one notification, or offered twice. */
  doubled: number;
  displays: number;
  grouper: NoticeGrouper;
}

/** A fresh shell path: the grouping with the app's clock and window, and a recorder. */
function shellPath(): Recording {
  const recording: Recording = {
    events: new Map(),
    shownAfter: new Map(),
    doubled: 0,
    displays: 0,
    grouper: new NoticeGrouper(
      (display: NoticeDisplay) => {
        const now = wallNow();
        recording.displays += 1;
        for (const key of display.keys) {
          const event = recording.events.get(key);
          if (recording.shownAfter.has(key)) recording.doubled += 1;
          else if (event) recording.shownAfter.set(key, now - event.at);
        }
      },
      () => false,
      () => ENGLISH,
    ),
  };
  return recording;
}

async function untilTrue(condition: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  return true;
}

/** Adds the servers to the core (API key) and waits until the watcher follows each feed. */
async function watchAll(core: Core, dataDir: string, urls: string[]): Promise<void> {
  await mapBounded(urls, 8, async (url, i) => {
    const added = await core.handlers['servers:add']({
      name: `Bench ${i + 1}`,
      baseUrl: url,
      environment: null,
      credentials: { kind: 'api_key', apiKey: BENCH_API_KEY },
    });
    if (!added.ok) throw new Error(`servers:add: ${added.error.code} ${added.error.message}`);
  });
  core.startWatching();
  const watched = await untilTrue(() => {
    const file = JSON.parse(readFileSync(join(dataDir, 'servers.json'), 'utf8')) as {
      servers: { watchedFrom?: string }[];
    };
    return file.servers.filter((server) => server.watchedFrom).length === urls.length;
  }, 120_000);
  if (!watched) throw new Error('the watcher did not follow every feed within 2 minutes');
}

async function measureSingles(
  ask: (request: ServersRequest) => Promise<ServersReply>,
  subscribe: (recording: Recording) => void,
): Promise<{ toNotification: number[]; toCore: number[] }> {
  const toNotification: number[] = [];
  const toCore: number[] = [];
  for (let i = 0; i < SINGLES; i++) {
    const recording = shellPath();
    subscribe(recording);
    await ask({ type: 'single', index: 0 });
    if (!(await untilTrue(() => recording.shownAfter.size === 1, 10_000))) {
      throw new Error(`single event ${i + 1} was not notified within 10 s`);
    }
    const [key, latency] = [...recording.shownAfter][0] ?? ['', 0];
    const event = recording.events.get(key);
    toNotification.push(latency);
    if (event) toCore.push(event.delivered - event.at);
  }
  return { toNotification, toCore };
}

async function main(): Promise<void> {
  const servers = startServersProcess();
  const dataDir = await mkdtemp(join(tmpdir(), 'qb-bench-events-'));
  let core: Core | null = null;
  try {
    const ready = await servers.ask({ type: 'start', count: STORM_SERVERS });
    if (ready.type !== 'ready') throw new Error('the servers did not start');
    core = await createCore({ dataDir, logger: silent, credentialStore: memoryStore() });
    await watchAll(core, dataDir, ready.urls);

    // The shell's wiring: each mass logout the core emits goes to the notification path.
    let current: Recording | null = null;
    let offeredTwice = 0;
    core.subscribe('events:mass-logout', (payload: EventMap['events:mass-logout']) => {
      if (!current) return;
      const notice = massLogoutNoticeOf(payload, ENGLISH);
      current.events.set(notice.key, { at: Date.parse(payload.event.at), delivered: wallNow() });
      if (current.grouper.offer(notice) === 'duplicate') offeredTwice += 1;
    });
    const use = (recording: Recording): void => {
      current?.grouper.dispose();
      current = recording;
    };

    console.log(`event latency: real core, ${STORM_SERVERS} reference servers in another process`);
    const singles = await measureSingles(servers.ask, use);
    console.log(
      `single events (${SINGLES}): to the notification median ${ms(median(singles.toNotification))}, p95 ${ms(percentile(singles.toNotification, 95))}; core alone (to events:mass-logout) median ${ms(median(singles.toCore))}, p95 ${ms(percentile(singles.toCore, 95))}`,
    );

    const storm = shellPath();
    use(storm);
    const done = await servers.ask({
      type: 'storm',
      perSecond: PER_SECOND,
      seconds: STORM_SECONDS,
    });
    if (done.type !== 'storm-done') throw new Error('the storm did not finish');
    const expected = done.okPerServer.reduce((sum, n) => sum + n, 0);
    await untilTrue(() => storm.events.size >= expected, 60_000);
    await new Promise((resolve) => setTimeout(resolve, 500));
    const latencies = [...storm.shownAfter.values()];
    const coreLatencies = [...storm.events.values()].map((event) => event.delivered - event.at);
    const missed = Math.max(0, expected - storm.shownAfter.size);
    const doubled = storm.doubled + offeredTwice;
    const p95 = percentile(latencies, 95);
    const rate = expected / (done.ms / 1000);
    console.log(
      `storm: ${STORM_SERVERS} servers × ${PER_SECOND}/s for ${STORM_SECONDS} s: ${expected} events raised (${rate.toFixed(0)}/s achieved; ${done.skipped} ticks skipped by a busy server, ${done.failed} failed)`,
    );
    console.log(
      `storm latency to the notification: median ${ms(median(latencies))}, p95 ${ms(p95)} (target < ${STORM_TARGET_MS} ms: ${p95 < STORM_TARGET_MS ? 'met' : 'NOT met'}), p99 ${ms(percentile(latencies, 99))}, max ${ms(Math.max(0, ...latencies))}`,
    );
    console.log(
      `storm, core alone (to events:mass-logout): median ${ms(median(coreLatencies))}, p95 ${ms(percentile(coreLatencies, 95))}; the grouping adds the rest (a group's refresh waits up to ${DEFAULT_GROUPING.updateMs} ms)`,
    );
    console.log(
      `storm: ${missed} missed, ${doubled} doubled; ${storm.displays} native notifications shown for ${storm.shownAfter.size} events (one on screen at a time: each replaces the last)`,
    );

    const figures: BenchFigure[] = [
      {
        id: 'events.single.median',
        label: 'event latency, single events, invalidate-all to notification (median)',
        value: Number(median(singles.toNotification).toFixed(1)),
        unit: 'ms',
        target: null,
        met: null,
        command: COMMAND,
      },
      {
        id: 'events.single.p95',
        label: 'event latency, single events, invalidate-all to notification (p95)',
        value: Number(percentile(singles.toNotification, 95).toFixed(1)),
        unit: 'ms',
        target: null,
        met: null,
        command: COMMAND,
      },
      {
        id: 'events.storm.p95',
        label: `event latency, storm of ${STORM_SERVERS} servers × ${PER_SECOND}/s × ${STORM_SECONDS} s (p95)`,
        value: Number(p95.toFixed(1)),
        unit: 'ms',
        target: `< ${STORM_TARGET_MS}`,
        met: p95 < STORM_TARGET_MS,
        command: COMMAND,
      },
      {
        id: 'events.storm.core.p95',
        label: 'event latency, storm, core alone (invalidate-all to events:mass-logout, p95)',
        value: Number(percentile(coreLatencies, 95).toFixed(1)),
        unit: 'ms',
        target: null,
        met: null,
        command: COMMAND,
      },
      {
        id: 'events.storm.missed',
        label: 'storm: events missed / doubled',
        value: missed + doubled,
        unit: 'events',
        target: '0',
        met: missed + doubled === 0,
        command: COMMAND,
      },
      {
        id: 'events.storm.notifications',
        label: `storm: native notifications shown for ${storm.shownAfter.size} events`,
        value: storm.displays,
        unit: 'notifications',
        target: null,
        met: null,
        command: COMMAND,
      },
    ];
    reportFigures(figures);
  } finally {
    await core?.dispose();
    await servers.ask({ type: 'stop' }).catch(() => undefined);
    await rm(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error('event latency bench failed:', error instanceof Error ? error.message : error);
  process.exit(1);
});
