/**
 * `npm run bench:soak`: a day without leaks. The real core, in a process of its own
 * (bench/soak-core-child.ts), and the built renderer in Chromium, driven from this process by
 * Playwright (wired as the e2e harness wires them: the same preload API object over the core's
 * handlers, the core's events pushed into the page), watch 100 reference servers that run in
 * a third process (bench/reference-servers-child.ts, each behind a loopback proxy), through a
 * simulated day
 * of 24 "hours", run back to back: 10,000 events made by another admin (invalidate-alls and
 * settings saves), 2,000 activity pages read, 200 fleet refreshes (the window's Refresh
 * button), 50 applies of a profile, and every stream cut once an hour (the watcher
 * reconnects with Last-Event-ID). The window shows the fleet's live Activity throughout.
 * After each hour it samples, after a garbage collection: the core's process's RSS and JS
 * heap (main: the core alone, not Playwright's client in this process) and the page's JS heap
 * and its renderer process's RSS. Target: the growth after the first hour, 20 MB or less for
 * each. At the end, after the core is disposed, it counts what was left open in the core's
 * process (sockets, timers, handles, against before the core), and the page's event
 * subscriptions (against after the first hour). `--snapshots` also writes a v8 heap snapshot
 * of the core after the first hour and at the end and prints which objects grew in number
 * (bench/heap-census.ts; the snapshots themselves cost memory, so the figures of such a run
 * are not the ones to quote). `--quick`: 10 servers, 3 hours, a tenth of the work. Prints
 * figures; asserts nothing.
 */

import { chromium, type CDPSession, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { mapBounded } from '../src-main/core/support/bounded';
import type { Core } from '../src-main/core/composition-root';
import type { RequestChannel } from '../src-shared/ipc-contract';
import { DEFAULT_SETTINGS, setField } from '../src-shared/settings';
import { CHROMIUM_LAUNCH_OPTIONS } from '../test/e2e/harness/chromium';
import { serveStatic } from '../test/e2e/harness/static-server';
import { wirePageToCore } from '../test/e2e/harness/wire-page';
import { reportFigures } from './figures';
import { censusOf, growthOf } from './heap-census';
import { ensureRendererBuilt } from './renderer-build';
import { startServersProcess, type ServersProcess } from './reference-servers-process';
import { startCoreProcess, type CoreProcess } from './soak-core-process';

const QUICK = process.argv.includes('--quick');
const SNAPSHOTS = process.argv.includes('--snapshots');
const SERVERS = QUICK ? 10 : 100;
const HOURS = QUICK ? 3 : 24;
const SCALE = QUICK ? 0.1 : 1;
const DAY = {
  events: Math.round(10_000 * SCALE),
  activityPages: Math.round(2_000 * SCALE),
  refreshes: Math.round(200 * SCALE),
  applies: Math.round(50 * SCALE),
};
const GROWTH_TARGET_MB = 20;
const COMMAND = `npm run bench:soak${QUICK ? ' -- --quick' : ''}`;
const root = join(__dirname, '..');

setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

/** How many of `total` fall in hour `hour` of HOURS (spread evenly, summing to `total`). */
function share(total: number, hour: number): number {
  return Math.floor(((hour + 1) * total) / HOURS) - Math.floor((hour * total) / HOURS);
}

async function invoke<T>(
  core: Pick<Core, 'handlers'>,
  channel: RequestChannel,
  payload: unknown,
): Promise<T> {
  const result = await core.handlers[channel](payload);
  if (!result.ok) throw new Error(`${channel}: ${result.error.code} ${result.error.message}`);
  return result.value as T;
}

/** Resident memory of a process, in MB (from /proc). */
function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
}

/**
 * The pids of the browser's renderer processes (asked of the browser target). The browser
 * shows only the app's page, so these are its renderer (and a spare Chromium may keep).
 */
async function rendererPids(browserCdp: CDPSession): Promise<number[]> {
  const info = (await browserCdp.send('SystemInfo.getProcessInfo')) as {
    processInfo: { type: string; id: number }[];
  };
  const pids = info.processInfo
    .filter((entry) => entry.type === 'renderer')
    .map((entry) => entry.id);
  if (pids.length === 0) throw new Error('Chromium reports no renderer process');
  return pids;
}

interface Sample {
  hour: number;
  mainRssMb: number;
  mainHeapMb: number;
  mainExternalMb: number;
  pageHeapMb: number;
  rendererRssMb: number;
}

async function sample(
  hour: number,
  core: CoreProcess,
  cdp: CDPSession,
  pids: number[],
  snapshot?: string,
): Promise<Sample> {
  await sleep(1_000);
  collectGarbage();
  await cdp.send('HeapProfiler.collectGarbage');
  const heap = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number };
  const main = await core.memory(snapshot);
  return {
    hour,
    mainRssMb: main.rssMb,
    mainHeapMb: main.heapMb,
    mainExternalMb: main.externalMb,
    pageHeapMb: heap.usedSize / 1024 / 1024,
    rendererRssMb: pids.reduce((sum, pid) => sum + rssMb(pid), 0),
  };
}

/** Prints which objects of the core grew in number from the first snapshot to the last. */
function compareSnapshots([first, last]: string[]): void {
  if (!first || !last) return;
  const grown = growthOf(censusOf(first), censusOf(last));
  console.log(
    `\nthe core's heap, objects grown from the first hour to the end (${first}, ${last}):`,
  );
  for (const { key, count, bytes, from } of grown) {
    console.log(
      `  +${String(count).padStart(7)} (${String(from).padStart(7)} before) ${(bytes / 1024).toFixed(0).padStart(7)} KB  ${key}`,
    );
  }
}

/** The page's event subscriptions (the harness's transport keeps them), by channel. */
async function pageSubscriptions(page: Page): Promise<number> {
  return page.evaluate(
    () =>
      (
        globalThis as unknown as { __quickboxListenerCount?(): number }
      ).__quickboxListenerCount?.() ?? -1,
  );
}

/** One simulated hour: its share of every kind of work, interleaved. */
async function hourOfWork(
  hour: number,
  core: CoreProcess,
  page: Page,
  servers: ServersProcess,
  profileId: string,
  ids: string[],
) {
  const events = share(DAY.events, hour);
  const pages = share(DAY.activityPages, hour);
  const refreshes = share(DAY.refreshes, hour);
  const applies = share(DAY.applies, hour);
  let fired = 0;
  let failed = 0;
  // Another admin's changes, 8 servers at a time; one in five a settings save.
  await mapBounded(
    Array.from({ length: events }, (_, i) => i),
    8,
    async (i) => {
      const ok = await servers.fire(
        (hour * 7919 + i) % SERVERS,
        i % 5 === 4 ? 'settings' : 'invalidate-all',
      );
      if (ok) fired += 1;
      else failed += 1;
      if (i % Math.max(1, Math.floor(events / Math.max(1, pages))) === 0) {
        await invoke(core, 'activity:fleet', { limit: 50 });
      }
    },
  );
  for (let i = 0; i < pages; i += 1)
    await invoke(core, 'activity:list', { serverId: ids[i % ids.length], limit: 50 });
  // The window's own Refresh button; a refresh still running (the button says "Refreshing…")
  // is waited for, on a loaded machine for up to two minutes.
  const refresh = page.getByRole('button', { name: 'Refresh', exact: true });
  for (let i = 0; i < refreshes; i += 1) {
    await refresh.click({ timeout: 120_000 });
    await refresh.waitFor({ state: 'visible', timeout: 120_000 });
  }
  for (let i = 0; i < applies; i += 1) {
    await invoke(core, 'profiles:update', {
      id: profileId,
      settings: setField(
        DEFAULT_SETTINGS,
        'concurrency.maxSessionsPerUser',
        10 + ((hour + i) % 20),
      ),
    });
    const plan = await invoke<{ id: string }>(core, 'fleet:plan', {
      source: { kind: 'profile', profileId },
      sections: ['concurrency'],
      targets: ids,
    });
    await invoke(core, 'fleet:apply', { planId: plan.id });
  }
  await servers.cut();
  return { fired, failed };
}

async function main(): Promise<void> {
  const started = performance.now();
  ensureRendererBuilt(root);
  console.log(
    `soak benchmark (Node ${process.version}${QUICK ? ', quick' : ''}): ${SERVERS} servers in another process, a day of ${HOURS} hours: ${DAY.events} events, ${DAY.activityPages} activity pages, ${DAY.refreshes} fleet refreshes, ${DAY.applies} applies, a stream cut an hour`,
  );
  const appDir = await mkdtemp(join(tmpdir(), 'qb-bench-soak-app-'));
  const servers = await startServersProcess({ count: SERVERS, write: true, proxied: true });
  const core = await startCoreProcess(appDir);
  const snapshotAt = (hour: number) =>
    SNAPSHOTS
      ? join(tmpdir(), `qb-bench-soak-core-${core.pid}-hour-${hour}.heapsnapshot`)
      : undefined;
  const snapshots: string[] = [];
  let leftOpen: [string, number][] = [];
  let disposed = false;
  const renderer = await serveStatic(join(root, 'out', 'renderer'));
  const browser = await chromium.launch(CHROMIUM_LAUNCH_OPTIONS);
  const samples: Sample[] = [];
  let pageSubsAfterFirstHour = -1;
  let pageSubsAtEnd = -1;
  let totals = { fired: 0, failed: 0 };
  const unsubscribe: (() => void)[] = [];
  let page: Page | null = null;
  try {
    const ids = await mapBounded(servers.urls, 16, async (url, i) => {
      const added = await invoke<{ server: { id: string } }>(core, 'servers:add', {
        name: `Soak ${String(i + 1).padStart(3, '0')}`,
        baseUrl: url,
        environment: null,
        credentials: { kind: 'api_key', apiKey: servers.apiKey },
      });
      return added.server.id;
    });
    const profile = await invoke<{ profile: { id: string } }>(core, 'profiles:create', {
      name: 'Soak',
      from: { kind: 'settings', settings: DEFAULT_SETTINGS },
    });
    page = await (await browser.newContext()).newPage();
    const shown = page;
    unsubscribe.push(await wirePageToCore(shown, core));
    await core.startWatching();
    await shown.goto(renderer.url);
    await shown.getByRole('button', { name: /^Fleet/ }).click();
    await shown.getByRole('tab', { name: 'Activity' }).click();
    const cdp = await shown.context().newCDPSession(shown);
    const pids = await rendererPids(await browser.newBrowserCDPSession());
    samples.push(await sample(0, core, cdp, pids));
    for (let hour = 0; hour < HOURS; hour += 1) {
      const done = await hourOfWork(hour, core, shown, servers, profile.profile.id, ids);
      totals = { fired: totals.fired + done.fired, failed: totals.failed + done.failed };
      const file = hour === 0 || hour === HOURS - 1 ? snapshotAt(hour + 1) : undefined;
      if (file) snapshots.push(file);
      const now = await sample(hour + 1, core, cdp, pids, file);
      samples.push(now);
      if (hour === 0) {
        pageSubsAfterFirstHour = await pageSubscriptions(shown);
      }
      console.log(
        `hour ${String(hour + 1).padStart(2)}: main RSS ${now.mainRssMb.toFixed(1)} MB, heap ${now.mainHeapMb.toFixed(1)} MB, external ${now.mainExternalMb.toFixed(1)} MB; renderer RSS ${now.rendererRssMb.toFixed(1)} MB, heap ${now.pageHeapMb.toFixed(1)} MB (${((performance.now() - started) / 1000).toFixed(0)} s)`,
      );
    }
    pageSubsAtEnd = await pageSubscriptions(shown);
    leftOpen = await core.dispose();
    disposed = true;
  } catch (error) {
    const shot = join(tmpdir(), 'qb-bench-soak-failure.png');
    await browser
      .contexts()[0]
      ?.pages()[0]
      ?.screenshot({ path: shot })
      .catch(() => undefined);
    console.error(`the window at the failure: ${shot}`);
    throw error;
  } finally {
    for (const stop of unsubscribe) stop();
    await browser.close();
    await renderer.close();
    if (!disposed) await core.dispose().catch(() => undefined);
    await servers.stop();
    await rm(appDir, { recursive: true, force: true });
  }
  if (snapshots.length === 2) compareSnapshots(snapshots);
  const first = samples[1];
  const last = samples[samples.length - 1];
  if (!first || !last) throw new Error('no samples');
  const growth = {
    mainRss: last.mainRssMb - first.mainRssMb,
    mainHeap: last.mainHeapMb - first.mainHeapMb,
    rendererRss: last.rendererRssMb - first.rendererRssMb,
    pageHeap: last.pageHeapMb - first.pageHeapMb,
  };
  console.log(
    `\n${totals.fired} events made (${totals.failed} refused); growth after the first hour: main RSS ${growth.mainRss.toFixed(1)} MB, main heap ${growth.mainHeap.toFixed(1)} MB, renderer RSS ${growth.rendererRss.toFixed(1)} MB, renderer heap ${growth.pageHeap.toFixed(1)} MB (target ≤ ${GROWTH_TARGET_MB} MB each)`,
  );
  console.log(
    `left behind: ${leftOpen.length === 0 ? "nothing open in the core's process" : leftOpen.map(([kind, count]) => `${count} ${kind}`).join(', ')}; page subscriptions ${pageSubsAfterFirstHour} after the first hour, ${pageSubsAtEnd} at the end`,
  );
  const figure = (id: string, label: string, value: number) => ({
    id: `soak.${id}`,
    label,
    value: Number(value.toFixed(1)),
    unit: 'MB',
    target: `≤ ${GROWTH_TARGET_MB}`,
    met: value <= GROWTH_TARGET_MB,
    command: COMMAND,
  });
  reportFigures([
    figure(
      'main-rss-growth',
      'soak: main RSS growth after the first simulated hour',
      growth.mainRss,
    ),
    figure('main-heap-growth', 'soak: main JS heap growth after the first hour', growth.mainHeap),
    figure(
      'renderer-rss-growth',
      'soak: renderer RSS growth after the first hour',
      growth.rendererRss,
    ),
    figure(
      'renderer-heap-growth',
      'soak: renderer JS heap growth after the first hour',
      growth.pageHeap,
    ),
    {
      id: 'soak.left-open',
      label: 'soak: handles, sockets and timers left open after the core is disposed',
      value: leftOpen.reduce((sum, [, count]) => sum + count, 0),
      unit: 'count',
      target: '0',
      met: leftOpen.length === 0 && pageSubsAtEnd === pageSubsAfterFirstHour,
      command: COMMAND,
    },
  ]);
  console.log(`command: ${COMMAND}; total ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
