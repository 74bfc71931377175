/**
 * `npm run bench:renderer-startup`: time from navigation to the first panel filled with a
 * server's settings, in Chromium, on the built renderer (built first when missing or
 * stale), with the real core and a reference server (the e2e harness wiring), inside
 * scripts/with-keyring.sh. Prints every run and the median (of 10; 3 with `--quick`) and
 * its figure; asserts nothing (it has no target).
 */

import { chromium } from '@playwright/test';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { startReferenceServer } from '../server/index';
import { createCore } from '../src-main/core/composition-root';
import { EVENT_CHANNELS, type RequestChannel } from '../src-shared/ipc-contract';
import { pageApiScript } from '../test/e2e/harness/bundle';
import { CHROMIUM_LAUNCH_OPTIONS } from '../test/e2e/harness/chromium';
import { serveStatic } from '../test/e2e/harness/static-server';
import { reportFigures } from './figures';
import { ensureRendererBuilt } from './renderer-build';
import { median } from './stats';

const QUICK = process.argv.includes('--quick');
const RUNS = QUICK ? 3 : 10;
const COMMAND = `npm run bench:renderer-startup${QUICK ? ' -- --quick' : ''}`;
const root = join(__dirname, '..');

async function main(): Promise<void> {
  ensureRendererBuilt(root);
  const serverDir = await mkdtemp(join(tmpdir(), 'qb-bench-server-'));
  const appDir = await mkdtemp(join(tmpdir(), 'qb-bench-app-'));
  const password = 'bench password 123';
  const server = await startReferenceServer({
    dataDir: serverDir,
    name: 'Bench box',
    seed: {
      users: [
        {
          username: 'admin',
          password,
          permissions: ['admin.sessions.read', 'admin.settings.update'],
        },
      ],
    },
  });
  const core = await createCore({
    dataDir: appDir,
    logger: { info: () => undefined, warn: () => undefined, error: () => undefined },
  });
  const added = await core.handlers['servers:add']({
    name: 'Bench box',
    baseUrl: server.url,
    environment: null,
    credentials: { kind: 'account', username: 'admin', password },
  });
  if (!added.ok) throw new Error(`could not add the bench server: ${added.error.message}`);
  const renderer = await serveStatic(join(root, 'out', 'renderer'));
  const script = await pageApiScript();
  const browser = await chromium.launch(CHROMIUM_LAUNCH_OPTIONS);
  const runs: number[] = [];
  // One page, navigated afresh each run (a reload of the window): the renderer process
  // is warm, as it is in the app, so the figure is the app's work, not Chromium's start.
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.exposeFunction('__quickboxInvoke', (channel: RequestChannel, payload: unknown) =>
    core.handlers[channel](payload),
  );
  await page.addInitScript({ content: script });
  const unsubscribe = EVENT_CHANNELS.map((channel) => core.subscribe(channel, () => undefined));
  try {
    for (let run = 0; run < RUNS; run += 1) {
      await page.goto('about:blank');
      const started = performance.now();
      await page.goto(renderer.url);
      // The lifetime picture renders in the same commit as the filled fields; waitFor
      // polls on animation frames, where expect() would back off up to a second.
      await page.locator('.lifetime-svg').waitFor({ timeout: 30_000 });
      runs.push(performance.now() - started);
      const idle = await page.getByLabel('Idle timeout', { exact: true }).inputValue();
      if (idle !== '30') throw new Error(`the panel shows ${idle}, not the server's 30`);
    }
  } finally {
    for (const stop of unsubscribe) stop();
    await browser.close();
    await renderer.close();
    await core.dispose();
    await server.close();
    await rm(serverDir, { recursive: true, force: true });
    await rm(appDir, { recursive: true, force: true });
  }
  const medianMs = Math.round(median(runs));
  console.log(
    `navigation to first panel filled (Chromium, real core and reference server): median ${medianMs} ms over ${RUNS} runs [${runs.map((ms) => Math.round(ms)).join(', ')}]`,
  );
  reportFigures([
    {
      id: 'renderer.first-panel',
      label: `navigation to the first panel filled, Chromium (median of ${RUNS})`,
      value: medianMs,
      unit: 'ms',
      target: null,
      met: null,
      command: COMMAND,
    },
  ]);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
