/**
 * Benchmark of waking from sleep (`npm run bench:wake`, part of `npm run bench`; the time
 * until every event stream is open again after the computer wakes): a real core (createCore, a throw-away data folder,
 * the keychain of the session under the bench's own service name) watches 50 reference
 * servers that run in ANOTHER process (bench/reference-servers-child.ts), each behind its own
 * loopback proxy that can play a sleep (test/main/core/sleeping-proxy.ts: every connection
 * silently stops forwarding, no reset). One run: all the proxies sleep, then wake, then the
 * core's `reconnectAll()` (what the shell calls on powerMonitor resume) starts the clock,
 * which stops when every server has a new event stream open (its answer's headers, 200,
 * seen on undici's `undici:request:headers` diagnostics channel in this process). Prints
 * the median of several runs and asserts nothing. `--quick`: fewer runs.
 */

import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { mapBounded } from '../src-main/core/bounded';
import { createCore, type Core } from '../src-main/core/composition-root';
import { createKeytarStore } from '../src-main/core/credential-store';
import { startSleepingProxy, type SleepingProxy } from '../test/main/core/sleeping-proxy';
import { reportFigures } from './figures';
import { median } from './stats';
import { startServersProcess, type ServersProcess } from './reference-servers-process';

const QUICK = process.argv.includes('--quick');
const SERVERS = 50;
const RUNS = QUICK ? 3 : 9;
/** How long the "computer" sleeps in each run (the dead sockets are made by the proxies). */
const ASLEEP_MS = 500;
const ADD_CONCURRENCY = 16;
/** Not the app's service: a run outside scripts/with-keyring.sh leaves the app's entries alone. */
const KEYCHAIN_SERVICE = 'QuickBox Session Companion benchmark';
const COMMAND = `npm run bench:wake${QUICK ? ' -- --quick' : ''}`;
const EVENTS_PATH = '/api/sessions/events';
const silent = { info: () => undefined, warn: () => undefined, error: () => undefined };

/** When each origin last had an event stream answered with 200 (this process's undici). */
const streamOpenedAt = new Map<string, number>();
const onHeaders = (message: unknown): void => {
  const { request, response } = message as {
    request: { origin: string | URL; path: string };
    response: { statusCode: number };
  };
  if (request.path.startsWith(EVENTS_PATH) && response.statusCode === 200)
    streamOpenedAt.set(String(request.origin).replace(/\/$/, ''), performance.now());
};

/** Waits until every proxy's origin had a stream opened after `since`; the time it took. */
async function allStreamsOpenSince(proxies: SleepingProxy[], since: number): Promise<number> {
  for (;;) {
    const times = proxies.map((proxy) => streamOpenedAt.get(proxy.url) ?? 0);
    if (times.every((time) => time > since)) return Math.max(...times) - since;
    if (performance.now() - since > 120_000) throw new Error('the streams did not all open again');
    await sleep(1);
  }
}

async function main(): Promise<void> {
  const started = performance.now();
  console.log(
    `wake benchmark (Node ${process.version}${QUICK ? ', quick' : ''}): ${SERVERS} servers in another process, each behind a loopback proxy that plays a sleep; ${RUNS} runs`,
  );
  subscribe('undici:request:headers', onHeaders);
  const folder = existsSync('/dev/shm') ? '/dev/shm' : tmpdir();
  const dataDir = await mkdtemp(join(folder, 'qb-bench-wake-app-'));
  const store = createKeytarStore(KEYCHAIN_SERVICE);
  let core: Core | null = null;
  let servers: ServersProcess | null = null;
  const proxies: SleepingProxy[] = [];
  try {
    servers = await startServersProcess({ count: SERVERS });
    for (const url of servers.urls) proxies.push(await startSleepingProxy(url));
    core = await createCore({ dataDir, logger: silent, credentialStore: store });
    const apiKey = servers.apiKey;
    await mapBounded(proxies, ADD_CONCURRENCY, async (proxy, i) => {
      const result = await core?.handlers['servers:add']({
        name: `Sleeper ${i + 1}`,
        baseUrl: proxy.url,
        environment: null,
        credentials: { kind: 'api_key', apiKey },
      });
      if (!result?.ok) throw new Error(`servers:add ${proxy.url} failed`);
    });
    const watchStarted = performance.now();
    core.startWatching();
    const firstOpenMs = await allStreamsOpenSince(proxies, watchStarted);
    console.log(`all ${SERVERS} streams open ${firstOpenMs.toFixed(0)} ms after startWatching`);
    const runs: number[] = [];
    for (let run = 1; run <= RUNS; run += 1) {
      for (const proxy of proxies) proxy.sleep();
      await sleep(ASLEEP_MS);
      for (const proxy of proxies) proxy.wake();
      const woke = performance.now();
      core.reconnectAll();
      const ms = await allStreamsOpenSince(proxies, woke);
      runs.push(ms);
      console.log(`run ${run}: wake to all ${SERVERS} streams open in ${ms.toFixed(1)} ms`);
      await sleep(1_000);
    }
    const value = median(runs);
    console.log(
      `wake to all ${SERVERS} streams open: median ${value.toFixed(1)} ms of ${RUNS} runs (min ${Math.min(...runs).toFixed(1)}, max ${Math.max(...runs).toFixed(1)})`,
    );
    reportFigures([
      {
        id: `wake.streams-open.${SERVERS}`,
        label: `wake from sleep (reconnectAll) to all ${SERVERS} event streams open again (median of ${RUNS})`,
        value: Number(value.toFixed(1)),
        unit: 'ms',
        target: null,
        met: null,
        command: COMMAND,
      },
    ]);
  } finally {
    unsubscribe('undici:request:headers', onHeaders);
    const listed = await core?.handlers['servers:list']({});
    const ids = listed?.ok ? listed.value.servers.map((server) => server.id) : [];
    await core?.dispose();
    await Promise.all(ids.map((id) => store.delete(id).catch(() => false)));
    await Promise.all(proxies.map((proxy) => proxy.close()));
    await servers?.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
  console.log(`command: ${COMMAND}; total ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
