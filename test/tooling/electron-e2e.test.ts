import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createApi } from '../../src-preload/api';
import { EVENT_CHANNELS, REQUEST_CHANNELS } from '../../src-shared/ipc-contract';
import config from '../../playwright.config';
import { ELECTRON_SKIPS, electronSkipReason } from '../e2e/harness/electron-skips';
import {
  ELECTRON_FIXTURES,
  NO_BINARY_REASON,
  NO_DISPLAY_REASON,
  REQUIRE_ELECTRON_VARIABLE,
  electronUnavailable,
} from '../e2e/harness/electron';
import { apiPath } from '../e2e/harness/window-core';

// The Electron e2e project as far as it can be checked without Electron: that it holds the
// same scenarios as the Chromium project, that its skip list names real scenarios, that the
// window's API is reached where the preload puts each channel, and, with no binary, that
// every scenario is reported skipped and the reason is said once.
const ROOT = join(__dirname, '..', '..');
const E2E = join(ROOT, 'test', 'e2e');

interface ListedSuite {
  title: string;
  specs?: {
    title: string;
    tests: { projectName: string; annotations?: { type: string; description?: string }[] }[];
  }[];
  suites?: ListedSuite[];
}

/** "file › describe › title" of every test, per project. */
function testsByProject(suites: ListedSuite[], path: string[] = []): Map<string, string[]> {
  const byProject = new Map<string, string[]>();
  const walk = (suite: ListedSuite, at: string[]) => {
    const here = [...at, suite.title];
    for (const spec of suite.specs ?? []) {
      for (const test of spec.tests) {
        const list = byProject.get(test.projectName) ?? [];
        list.push([...here, spec.title].join(' › '));
        byProject.set(test.projectName, list);
      }
    }
    for (const child of suite.suites ?? []) walk(child, here);
  };
  for (const suite of suites) walk(suite, path);
  return byProject;
}

function playwright(args: string[], env: NodeJS.ProcessEnv = process.env) {
  return spawnSync(
    process.execPath,
    [join(ROOT, 'node_modules', '@playwright', 'test', 'cli.js'), 'test', ...args],
    { cwd: ROOT, encoding: 'utf8', env, maxBuffer: 64 * 1024 * 1024 },
  );
}

describe('the electron e2e project', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it('replaces the harness’s app and core, and nothing else, in the electron project only', () => {
    const projects = Object.fromEntries(
      (config.projects ?? []).map((project) => [project.name, project.use ?? {}]),
    );
    expect(Object.keys(projects)).toEqual(['chromium', 'electron']);
    expect(projects['electron']).toEqual({
      app: ELECTRON_FIXTURES.app,
      core: ELECTRON_FIXTURES.core,
    });
    expect(typeof ELECTRON_FIXTURES.app).toBe('function');
    expect(typeof ELECTRON_FIXTURES.core).toBe('function');
    expect(Object.keys(projects['chromium'] ?? {}).sort()).toEqual([
      'browserName',
      'launchOptions',
    ]);
  });

  it('runs where there is a binary and, on Linux, a display', () => {
    vi.stubEnv('ELECTRON_EXEC_PATH', join(ROOT, 'no-such-electron'));
    expect(electronUnavailable({ DISPLAY: ':99' })).toBe(NO_BINARY_REASON);
    vi.stubEnv('ELECTRON_EXEC_PATH', process.execPath);
    expect(electronUnavailable({ DISPLAY: ':99' })).toBeNull();
    expect(electronUnavailable({ WAYLAND_DISPLAY: 'wayland-0' })).toBeNull();
    expect(electronUnavailable({})).toBe(process.platform === 'linux' ? NO_DISPLAY_REASON : null);
  });

  it('lists every Chromium scenario, plus the window test that only Electron has', () => {
    const listed = playwright(['--list', '--reporter=json']);
    expect(listed.status, listed.stderr).toBe(0);
    const report = JSON.parse(listed.stdout) as { suites: ListedSuite[] };
    const byProject = testsByProject(report.suites);
    const chromium = byProject.get('chromium') ?? [];
    const electron = byProject.get('electron') ?? [];
    expect(chromium.length).toBeGreaterThan(20);
    const harnessOnly = (name: string) => name.startsWith('window-core.test.ts');
    const electronOnly = (name: string) => name.startsWith('electron-app.test.ts');
    expect(electron.filter((name) => !electronOnly(name)).sort()).toEqual(
      chromium.filter((name) => !harnessOnly(name)).sort(),
    );
    expect(electron.filter(electronOnly)).toHaveLength(1);
    expect(chromium.filter(electronOnly)).toEqual([]);
  });

  it('skips only scenarios that exist, each for a reason of its own', () => {
    expect(ELECTRON_SKIPS.length).toBeLessThanOrEqual(3);
    for (const skip of ELECTRON_SKIPS) {
      const source = readFileSync(join(E2E, skip.file), 'utf8');
      expect(source, `${skip.file} has no scenario “${skip.title}”`).toContain(`'${skip.title}'`);
      expect(skip.reason.length).toBeGreaterThan(40);
      expect(electronSkipReason(join(E2E, skip.file), skip.title)).toBe(skip.reason);
    }
    expect(electronSkipReason(join(E2E, 'fleet.test.ts'), ELECTRON_SKIPS[0]?.title ?? '')).toBe(
      null,
    );
  });

  it('reaches each channel where the preload’s factory puts it', () => {
    const api = createApi({
      invoke: () => Promise.resolve(null),
      subscribe: () => () => undefined,
    }) as unknown as Record<string, Record<string, unknown>>;
    for (const channel of [...REQUEST_CHANNELS, ...EVENT_CHANNELS]) {
      const { domain, name } = apiPath(channel);
      expect(typeof api[domain]?.[name], channel).toBe('function');
    }
  });

  it('without an Electron binary reports every scenario skipped, with its reason, and says why once', () => {
    // Its own output folder: a run cleans its folder, which must not be the suite's.
    const output = mkdtempSync(join(tmpdir(), 'qb-electron-e2e-'));
    const run = playwright(['--project=electron', '--reporter=json', `--output=${output}`], {
      ...process.env,
      ELECTRON_EXEC_PATH: join(ROOT, 'no-such-electron'),
      PLAYWRIGHT_JSON_OUTPUT_NAME: '',
    });
    rmSync(output, { recursive: true, force: true });
    expect(run.status, run.stderr).toBe(0);
    const report = JSON.parse(run.stdout) as {
      stats: { expected: number; unexpected: number; skipped: number };
      suites: ListedSuite[];
    };
    const reasons = new Map<string, string[]>();
    const walk = (suite: ListedSuite) => {
      for (const spec of suite.specs ?? []) {
        const annotations = spec.tests.flatMap((test) => test.annotations ?? []);
        reasons.set(
          spec.title,
          annotations.filter((note) => note.type === 'skip').map((note) => note.description ?? ''),
        );
      }
      for (const child of suite.suites ?? []) walk(child);
    };
    report.suites.forEach(walk);
    expect(reasons.size).toBeGreaterThan(20);
    expect(report.stats).toMatchObject({ expected: 0, unexpected: 0, skipped: reasons.size });
    for (const [title, given] of reasons) {
      const listed = ELECTRON_SKIPS.find((skip) => skip.title === title);
      expect(given, title).toEqual([listed ? listed.reason : NO_BINARY_REASON]);
    }
    const notes = run.stdout.split('electron project: every scenario is skipped').length - 1;
    expect(notes).toBe(1);
  });

  it('fails, not skips, where CI requires Electron (QBSC_REQUIRE_ELECTRON=1) and it is missing', () => {
    const output = mkdtempSync(join(tmpdir(), 'qb-electron-e2e-'));
    const run = playwright(
      [
        '--project=electron',
        '--reporter=json',
        `--output=${output}`,
        'test/e2e/activity.test.ts:59',
      ],
      {
        ...process.env,
        ELECTRON_EXEC_PATH: join(ROOT, 'no-such-electron'),
        PLAYWRIGHT_JSON_OUTPUT_NAME: '',
        [REQUIRE_ELECTRON_VARIABLE]: '1',
      },
    );
    rmSync(output, { recursive: true, force: true });
    expect(run.status).not.toBe(0);
    const report = JSON.parse(run.stdout) as {
      stats: { expected: number; unexpected: number; skipped: number };
    };
    expect(report.stats).toMatchObject({ expected: 0, unexpected: 1, skipped: 0 });
    expect(run.stdout).toContain(`${REQUIRE_ELECTRON_VARIABLE}=1`);
    expect(run.stdout).toContain(NO_BINARY_REASON);
  });
});
