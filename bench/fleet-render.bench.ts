/**
 * The renderer's time to render the fleet table of 500 servers, and to filter it, in
 * Chromium on the built renderer. The rows come from a fake fleet answered through the
 * page API (the harness's `createApi` over a transport answered inside the page, each
 * answer structured-cloned as IPC does): 500 reference servers would measure the servers
 * and the network, not the renderer.
 *
 * render: from the click on "Fleet" in the sidebar to the first painted frame with the
 * table filled (the snapshot answered, "Read at" shown, rows in view).
 * filter: from choosing an environment (and then a drift filter) to the first painted frame
 * with the filtered rows. Medians over several runs, each on a freshly loaded page, with the
 * load average beside them (the machine is shared). For each step it also prints where the
 * page's main thread spent its time (Chromium's own counters over the step: script, style,
 * layout, and every task), so a slow figure on a busy machine can be told from more work.
 */

import { chromium, type CDPSession, type Page } from '@playwright/test';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { evaluateBaselines } from '../src-shared/baselines';
import type { ServerDrift } from '../src-shared/drift';
import type { EnvironmentTag, ServerView } from '../src-shared/domain';
import type { FleetReadRow, Profile } from '../src-shared/fleet';
import type { RequestChannel } from '../src-shared/ipc-contract';
import { DEFAULT_SETTINGS, setField } from '../src-shared/settings';
import { serverView } from '../test/fixtures/server-view';
import { pageApiScript } from '../test/e2e/harness/bundle';
import { CHROMIUM_LAUNCH_OPTIONS } from '../test/e2e/harness/chromium';
import { serveStatic } from '../test/e2e/harness/static-server';
import { reportFigures } from './figures';
import { median } from './stats';

const SERVERS = 500;
const RUNS = 9;
const COMMAND = 'npm run bench:fleet-render';
const RENDER_TARGET_MS = 300;
const FILTER_TARGET_MS = 50;
/** Chromium's counters of the page's main thread (seconds, cumulative). */
const COUNTERS = ['ScriptDuration', 'RecalcStyleDuration', 'LayoutDuration', 'TaskDuration'];
const ENVIRONMENTS: (EnvironmentTag | null)[] = ['production', 'staging', 'test', null];
const root = join(__dirname, '..');

/** The fake fleet: 500 servers, one profile they all follow, every tenth drifted. */
function fakeFleet() {
  const now = new Date().toISOString();
  const profile: Profile = {
    id: 'p-standard',
    name: 'Standard',
    settings: DEFAULT_SETTINGS,
    createdAt: now,
    updatedAt: now,
  };
  const servers: ServerView[] = [];
  const rows: FleetReadRow[] = [];
  const drifts: ServerDrift[] = [];
  for (let index = 0; index < SERVERS; index += 1) {
    const id = `box-${index + 1}`;
    const environment = ENVIRONMENTS[index % ENVIRONMENTS.length] ?? null;
    const idle = 15 + (index % 4) * 5;
    const settings = setField(DEFAULT_SETTINGS, 'timeouts.idleMinutes', idle);
    servers.push(
      serverView({
        id,
        name: `Box ${String(index + 1).padStart(3, '0')}`,
        baseUrl: `https://${id}.fleet.example`,
        environment,
      }),
    );
    rows.push({
      serverId: id,
      name: id,
      environment,
      profileId: profile.id,
      fetchedAt: now,
      state: 'ok',
      settings: { ...settings, version: 1, updatedAt: now, updatedBy: 'admin' },
      canUpdate: true,
      baselines: evaluateBaselines(settings),
      compliance: null,
    });
    const drifted = index % 10 === 0 && idle !== DEFAULT_SETTINGS.timeouts.idleMinutes;
    drifts.push({
      serverId: id,
      profileId: profile.id,
      profileName: profile.name,
      fields: drifted
        ? [
            {
              field: 'timeouts.idleMinutes',
              profileValue: DEFAULT_SETTINGS.timeouts.idleMinutes,
              serverValue: idle,
              since: now,
              by: 'automation',
              acceptedUntil: null,
            },
          ]
        : [],
      history: [],
    });
  }
  const assignments = Object.fromEntries(servers.map((server) => [server.id, profile.id]));
  const answers: Partial<Record<RequestChannel, unknown>> = {
    'servers:list': { servers, registryProblem: null },
    'profiles:list': { profiles: [profile], assignments, problem: null },
    'drift:list': { servers: drifts },
    'fleet:snapshot': {
      runId: 'bench',
      rows,
      reference: null,
      differing: {},
      startedAt: now,
      finishedAt: now,
    },
    'settings:get': { settings: rows[0]?.settings, canUpdate: true },
  };
  return answers;
}

/**
 * Runs an action in the page and waits for the frame painted after `done` holds. Sent as
 * source text: a function compiled by this script's loader would name its inner functions
 * through a helper the page does not have.
 */
function timeInPage(page: Page, action: string, done: string): Promise<number> {
  return page.evaluate(`new Promise((resolve, reject) => {
    const started = performance.now();
    const give = setTimeout(() => reject(new Error(${JSON.stringify(`not done: ${done}`)})), 60000);
    ${action}
    const check = () => {
      if (!(${done})) return requestAnimationFrame(check);
      // The frame after the one that committed it: the rows are painted.
      requestAnimationFrame(() => {
        clearTimeout(give);
        resolve(performance.now() - started);
      });
    };
    requestAnimationFrame(check);
  })`) as Promise<number>;
}

/** Chromium's main-thread counters now, in ms. */
async function counters(cdp: CDPSession): Promise<number[]> {
  const { metrics } = (await cdp.send('Performance.getMetrics')) as {
    metrics: { name: string; value: number }[];
  };
  return COUNTERS.map(
    (name) => (metrics.find((metric) => metric.name === name)?.value ?? 0) * 1000,
  );
}

/** Times a step, and notes the main thread's counters over it into `spent`. */
async function step(
  cdp: CDPSession,
  spent: number[][],
  timed: () => Promise<number>,
): Promise<number> {
  const before = await counters(cdp);
  const ms = await timed();
  const after = await counters(cdp);
  spent.push(after.map((value, index) => value - (before[index] ?? 0)));
  return ms;
}

const COUNT = `(document.querySelector('[data-testid="fleet-count"]')?.textContent ?? '')`;
const choose = (label: string, value: string): string => `
  const control = [...document.querySelectorAll('label')].find((l) => l.textContent === '${label}');
  const select = document.getElementById(control.htmlFor);
  select.value = '${value}';
  select.dispatchEvent(new Event('change', { bubbles: true }));`;

async function main(): Promise<void> {
  const answers = fakeFleet();
  const renderer = await serveStatic(join(root, 'out', 'renderer'));
  const browser = await chromium.launch(CHROMIUM_LAUNCH_OPTIONS);
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  // Answered inside the page, each answer structured-cloned as Electron's IPC does: a
  // Playwright binding would add its own serialization of 500 rows to every figure.
  await page.addInitScript({
    content: `(() => {
      const answers = ${JSON.stringify(answers)};
      globalThis.__quickboxInvoke = async (channel) =>
        channel in answers
          ? { ok: true, value: structuredClone(answers[channel]) }
          : { ok: false, error: { code: 'unreachable', message: 'not in the fake fleet' } };
    })();`,
  });
  await page.addInitScript({ content: await pageApiScript() });
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  const render: number[] = [];
  const environment: number[] = [];
  const drift: number[] = [];
  const spent: Record<'render' | 'environment' | 'drift', number[][]> = {
    render: [],
    environment: [],
    drift: [],
  };
  try {
    for (let run = 0; run < RUNS; run += 1) {
      await page.goto(renderer.url);
      await page.getByRole('button', { name: /^Box 001/ }).waitFor();
      render.push(
        await step(cdp, spent.render, () =>
          timeInPage(
            page,
            `[...document.querySelectorAll('button')].find((b) => b.textContent.startsWith('Fleet')).click();`,
            `${COUNT} === '${SERVERS} servers' && /Read at/.test(document.body.textContent) && document.querySelectorAll('tbody tr.vt-row').length > 5`,
          ),
        ),
      );
      environment.push(
        await step(cdp, spent.environment, () =>
          timeInPage(
            page,
            choose('Environment', 'production'),
            `${COUNT}.startsWith('${SERVERS / 4} of ${SERVERS} servers')`,
          ),
        ),
      );
      drift.push(
        await step(cdp, spent.drift, () =>
          timeInPage(
            page,
            choose('Drift', 'drifted'),
            `${COUNT}.startsWith('${SERVERS / 20} of ${SERVERS} servers')`,
          ),
        ),
      );
      const rendered = await page.locator('tbody tr.vt-row').count();
      if (rendered >= SERVERS / 20 + 1) throw new Error(`the filter left ${rendered} rows`);
    }
  } finally {
    await browser.close();
    await renderer.close();
  }
  const round = (values: number[]): number[] => values.map((ms) => Math.round(ms));
  const figures = {
    render: Math.round(median(render)),
    environment: Math.round(median(environment)),
    drift: Math.round(median(drift)),
  };
  console.log(`fleet table, ${SERVERS} servers (fake fleet through the page API), ${RUNS} runs:`);
  console.log(`  open and render: median ${figures.render} ms  ${JSON.stringify(round(render))}`);
  console.log(
    `  filter by environment: median ${figures.environment} ms  ${JSON.stringify(round(environment))}`,
  );
  console.log(`  then by drift: median ${figures.drift} ms  ${JSON.stringify(round(drift))}`);
  console.log('  main thread over each step (medians, ms: script, style, layout, all tasks):');
  for (const [name, samples] of Object.entries(spent)) {
    const medians = COUNTERS.map((_, index) =>
      Math.round(median(samples.map((sample) => sample[index] ?? 0))),
    );
    console.log(`    ${name}: ${medians.join(', ')}`);
  }
  console.log(
    `  load average ${loadavg()
      .map((load) => load.toFixed(2))
      .join(' ')}`,
  );
  reportFigures([
    {
      id: 'fleet.render.500',
      label: `fleet table, ${SERVERS} servers: open and render (Chromium, median)`,
      value: figures.render,
      unit: 'ms',
      target: `≤ ${RENDER_TARGET_MS}`,
      met: figures.render <= RENDER_TARGET_MS,
      command: COMMAND,
    },
    {
      id: 'fleet.filter.environment.500',
      label: `fleet table, ${SERVERS} servers: filter by environment (Chromium, median)`,
      value: figures.environment,
      unit: 'ms',
      target: `≤ ${FILTER_TARGET_MS}`,
      met: figures.environment <= FILTER_TARGET_MS,
      command: COMMAND,
    },
    {
      id: 'fleet.filter.drift.500',
      label: `fleet table, ${SERVERS} servers: then filter by drift (Chromium, median)`,
      value: figures.drift,
      unit: 'ms',
      target: `≤ ${FILTER_TARGET_MS}`,
      met: figures.drift <= FILTER_TARGET_MS,
      command: COMMAND,
    },
  ]);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
