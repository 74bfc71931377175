/**
 * `npm run bench:renderer-startup`: time from navigation to the first panel filled with a
 * server's settings and painted, in Chromium, on the built renderer (built first when
 * missing or stale), with the real core in this process and a reference server in a child
 * process, wired as the e2e fixtures are (`wirePageToCore`), inside scripts/with-keyring.sh.
 *
 * The figure is read on the page's own clock: from its navigation start to the frame that
 * draws the filled panel (a probe in the page notes both), so the bench's polling for the
 * panel (Playwright's round trips, up to 100 ms more under load) is not counted; the
 * time the bench itself saw is printed beside it. The first run is the page's first load
 * (nothing cached in the renderer yet) and is printed apart; the median of 10 (3 with
 * `--quick`) is the figure. A
 * breakdown (bench/startup-breakdown.ts) shows where the time goes. Asserts nothing.
 */

import { chromium } from '@playwright/test';
import { mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createCore, type Core } from '../src-main/core/composition-root';
import type { RequestChannel } from '../src-shared/ipc-contract';
import { CHROMIUM_LAUNCH_OPTIONS } from '../test/e2e/harness/chromium';
import { serveStatic } from '../test/e2e/harness/static-server';
import { wirePageToCore } from '../test/e2e/harness/wire-page';
import { reportFigures } from './figures';
import { ensureRendererBuilt } from './renderer-build';
import { ACCOUNT_USERNAME, startServersProcess } from './reference-servers-process';
import { median } from './stats';
import {
  PAGE_PROBE,
  RequestLog,
  epochNow,
  printBreakdown,
  readRun,
  type StartupRun,
} from './startup-breakdown';

const QUICK = process.argv.includes('--quick');
const RUNS = QUICK ? 3 : 10;
const TARGET_MS = 200;
const COMMAND = `npm run bench:renderer-startup${QUICK ? ' -- --quick' : ''}`;
const root = join(__dirname, '..');

/** The core with each request timed into `log` (the pushes are the core's own). */
function timedCore(core: Core, log: RequestLog): Core {
  const call = core.handlers as Record<RequestChannel, (payload: unknown) => Promise<unknown>>;
  const handlers = new Proxy(call, {
    get: (table, channel: RequestChannel) => (payload: unknown) =>
      log.record(channel, () => table[channel](payload)),
  });
  return { ...core, handlers: handlers as unknown as Core['handlers'] };
}

async function main(): Promise<void> {
  ensureRendererBuilt(root);
  const appDir = await mkdtemp(join(tmpdir(), 'qb-bench-app-'));
  // The reference server runs in a process of its own (its TLS, SQLite and password hashing
  // are not the app's work); this process holds the core, as main does, and the browser.
  const servers = await startServersProcess({ count: 1, account: true, write: true });
  const core = await createCore({
    dataDir: appDir,
    logger: { info: () => undefined, warn: () => undefined, error: () => undefined },
  });
  const added = await core.handlers['servers:add']({
    name: 'Bench box',
    baseUrl: servers.urls[0] ?? '',
    environment: null,
    credentials: { kind: 'account', username: ACCOUNT_USERNAME, password: servers.password ?? '' },
  });
  if (!added.ok) throw new Error(`could not add the bench server: ${added.error.message}`);
  const renderer = await serveStatic(join(root, 'out', 'renderer'));
  const browser = await chromium.launch(CHROMIUM_LAUNCH_OPTIONS);
  const runs: number[] = [];
  const seen: number[] = [];
  const breakdown: StartupRun[] = [];
  // One page, navigated afresh each run (a reload of the window): the renderer process
  // is warm, as it is in the app, so the figure is the app's work, not Chromium's start.
  const context = await browser.newContext();
  const page = await context.newPage();
  // Wired as the e2e fixtures are (every event pushed in, as main does); each request the
  // page makes is timed on its way through for the breakdown.
  const log = new RequestLog();
  const timed = timedCore(core, log);
  const stopPushes = await wirePageToCore(page, timed);
  await page.addInitScript({ content: PAGE_PROBE });
  try {
    for (let run = 0; run < RUNS; run += 1) {
      await page.goto('about:blank');
      log.take(0);
      const started = performance.now();
      await page.goto(renderer.url);
      // The lifetime picture renders in the same commit as the filled fields; waitFor
      // polls on animation frames, where expect() would back off up to a second.
      await page.locator('.lifetime-svg').waitFor({ timeout: 30_000 });
      const panelAt = epochNow();
      seen.push(performance.now() - started);
      const timeline = await readRun(page, log, panelAt);
      breakdown.push(timeline);
      runs.push(timeline.panelPainted);
      const idle = await page.getByLabel('Idle timeout', { exact: true }).inputValue();
      if (idle !== '30') throw new Error(`the panel shows ${idle}, not the server's 30`);
    }
  } finally {
    stopPushes();
    await browser.close();
    await renderer.close();
    await core.dispose();
    await servers.stop();
    await rm(appDir, { recursive: true, force: true });
  }
  printBreakdown(breakdown);
  const medianMs = Math.round(median(runs));
  const ms = (values: number[]): string => values.map((value) => Math.round(value)).join(', ');
  console.log(
    `navigation to first panel painted (Chromium, page clock, real core and reference server): median ${medianMs} ms over ${RUNS} runs [${ms(runs)}]; first load ${Math.round(runs[0] ?? Number.NaN)} ms`,
  );
  console.log(
    `the same as the bench saw it (its polling included): median ${Math.round(median(seen))} ms [${ms(seen)}]; load average ${loadavg()
      .map((load) => load.toFixed(2))
      .join(' ')}`,
  );
  reportFigures([
    {
      id: 'renderer.first-panel',
      label: `navigation to the first panel filled and painted, Chromium (median of ${RUNS})`,
      value: medianMs,
      unit: 'ms',
      target: `≤ ${TARGET_MS}`,
      met: medianMs <= TARGET_MS,
      command: COMMAND,
    },
  ]);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
