/**
 * The Playwright fixtures of the e2e suite: the built renderer served over HTTP, the real
 * core (`createCore`) in the test process with a fresh data folder, the page wired to it
 * through a binding, reference servers started on demand, and an accessibility check.
 *
 * `app` and `core` are options: the "chromium" project uses the definitions here, the
 * "electron" project replaces both with electron.ts's (the real app, and the window's own
 * API), so the same scenarios run in both. This file never loads anything of Electron.
 *
 * For a scenario to run in both: use `app` for the window and `core` (handlers, subscribe)
 * to arrange and check; pass data in through `registryText`, reference servers and the
 * window; never `inProcessCore`. One that cannot run in Electron as written goes, with why,
 * in electron-skips.ts.
 */

import AxeBuilder from '@axe-core/playwright';
import { test as base, expect, type Page } from '@playwright/test';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  startReferenceServer,
  type ReferenceServerOptions,
  type RunningReferenceServer,
} from '../../../server/index';
import { createCore, type Core } from '../../../src-main/core/composition-root';
import type { Logger } from '../../../src-main/core/support/logger';
import { REGISTRY_FILE } from '../../../src-main/core/registry/server-registry';
import { serveStatic, type StaticServer } from './static-server';
import { wirePageToCore } from './wire-page';

const ROOT = join(__dirname, '..', '..', '..');

/** A seeded account of a reference server. */
export interface SeedUser {
  username: string;
  password: string;
  permissions: string[];
  totpSecret?: string;
}

/** Both permissions of the contract. */
export const ADMIN = ['admin.sessions.read', 'admin.settings.update'];
/** Read-only. */
export const VIEWER = ['admin.sessions.read'];

/** The admin account the scenarios seed, and sign in with unless they say otherwise. */
export const ADMIN_USER: SeedUser = {
  username: 'admin',
  password: 'correct horse battery',
  permissions: ADMIN,
};

/** Starts reference servers that are closed after the test. */
export interface ReferenceServers {
  start(
    options: Omit<ReferenceServerOptions, 'dataDir'> & { dataDir?: string },
  ): Promise<RunningReferenceServer & { dataDir: string }>;
}

/**
 * The app's core as a scenario reaches it: its handlers (to arrange and to check) and its
 * events. In Chromium it is the core itself; in Electron, the window's `window.quickbox`.
 */
export type HarnessCore = Pick<Core, 'handlers' | 'subscribe'>;

/** The fixtures a scenario can ask for (the same in both projects). */
export interface TestFixtures {
  /** Text to put in the app's server list file before core opens it (a corrupt file). */
  registryText: string | null;
  /** The app's data folder (in Electron, its --user-data-dir). */
  dataDir: string;
  /** The core, to arrange what the window then shows, and to check what it kept. */
  core: HarnessCore;
  /** What core logged (in Electron, what the app's process wrote to stdout and stderr). */
  coreLog: string[];
  /** The app's window. */
  app: Page;
  referenceServers: ReferenceServers;
  checkA11y(name: string): Promise<void>;
  /**
   * The real core in the test process, behind the Chromium project's page. Scenarios use
   * `core`: in Electron this would be a second core beside the app's, on the same folder.
   */
  inProcessCore: Core;
}

/** The worker fixtures of the harness. */
export interface WorkerFixtures {
  renderer: StaticServer;
}

function collectingLogger(lines: string[]): Logger {
  const add = (level: string) => (message: string, fields?: Record<string, unknown>) => {
    lines.push(`${level} ${message} ${fields ? JSON.stringify(fields) : ''}`);
  };
  return { info: add('info'), warn: add('warn'), error: add('error') };
}

/** The suite's `test`, with the harness fixtures. */
export const test = base.extend<TestFixtures, WorkerFixtures>({
  renderer: [
    // eslint-disable-next-line no-empty-pattern
    async ({}, use) => {
      const server = await serveStatic(join(ROOT, 'out', 'renderer'));
      await use(server);
      await server.close();
    },
    { scope: 'worker' },
  ],
  registryText: [null, { option: true }],
  dataDir: async ({ registryText }, use) => {
    const dir = await mkdtemp(join(tmpdir(), 'qb-e2e-app-'));
    if (registryText !== null) await writeFile(join(dir, REGISTRY_FILE), registryText);
    await use(dir);
    await rm(dir, { recursive: true, force: true });
  },
  // eslint-disable-next-line no-empty-pattern
  coreLog: async ({}, use) => {
    await use([]);
  },
  inProcessCore: async ({ dataDir, coreLog }, use) => {
    const core = await createCore({
      dataDir,
      logger: collectingLogger(coreLog),
      clientLimits: { connectMs: 3000, headersMs: 5000, bodyMs: 5000, retries: 1 },
      watcher: { reconnectBaseMs: 200, reconnectMaxMs: 2000, pollIntervalMs: 1000 },
    });
    await use(core);
    await core.dispose();
  },
  core: [
    async ({ inProcessCore }, use) => {
      await use(inProcessCore);
    },
    { option: true },
  ],
  app: [
    async ({ page, inProcessCore: core, renderer }, use) => {
      const stopPushes = await wirePageToCore(page, core);
      // As the shell does at start: watch every server's event feed.
      core.startWatching();
      await page.goto(renderer.url);
      await use(page);
      stopPushes();
    },
    { option: true },
  ],
  // eslint-disable-next-line no-empty-pattern
  referenceServers: async ({}, use) => {
    const started: RunningReferenceServer[] = [];
    const dirs: string[] = [];
    await use({
      async start(options) {
        const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), 'qb-e2e-server-')));
        if (!options.dataDir) dirs.push(dataDir);
        const server = await startReferenceServer({ ...options, dataDir });
        started.push(server);
        return { ...server, dataDir };
      },
    });
    for (const server of started) await server.close();
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  },
  checkA11y: async ({ app }, use) => {
    await use(async (name) => {
      const axe = new AxeBuilder({ page: app });
      // axe finishes its run in a blank page of the context, which only a browser's context
      // can open (Electron's has no browser); the window has no frames, so its legacy run in
      // the page itself checks the same.
      if (app.context().browser() === null) axe.setLegacyMode();
      const results = await axe.analyze();
      const serious = results.violations.filter(
        (violation) => violation.impact === 'serious' || violation.impact === 'critical',
      );
      expect(
        serious.map(
          (violation) =>
            `${violation.id}: ${violation.help} (${violation.nodes.map((n) => n.target.join(' ')).join(', ')})`,
        ),
        `axe on ${name}`,
      ).toEqual([]);
    });
  },
});

export { expect };
