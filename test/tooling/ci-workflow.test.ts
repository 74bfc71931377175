import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { builderConfig } from '../../electron-builder.config';
import packageJson from '../../package.json';

// .github/workflows/ci.yml cannot run here. It is checked against GitHub's workflow schema
// (@action-validator/cli), and against the commands .ci/run and the README use, so CI where
// Electron runs does what CI here does, plus the Electron suite and the packages.
const ROOT = join(__dirname, '..', '..');
const WORKFLOW = join(ROOT, '.github/workflows/ci.yml');
const source = readFileSync(WORKFLOW, 'utf8');
const ciRun = readFileSync(join(ROOT, '.ci/run'), 'utf8');
const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
const work = mkdtempSync(join(tmpdir(), 'qb-ci-workflow-'));

afterAll(() => rmSync(work, { recursive: true, force: true }));

interface Step {
  name?: string;
  uses?: string;
  run?: string;
  if?: string;
  with?: Record<string, unknown>;
}
interface Job {
  'runs-on': string;
  strategy?: { matrix: { os: string[] } };
  steps: Step[];
}
const workflow = parse(source) as { jobs: Record<string, Job> };

function job(id: string): Job {
  const found = workflow.jobs[id];
  if (!found) throw new Error(`no job ${id}`);
  return found;
}

/** Every command a job runs, one per line. */
function commands(id: string): string[] {
  return job(id).steps.flatMap((step) =>
    (step.run ?? '')
      .split('\n')
      .map((line) => line.trim())
      .filter(Boolean),
  );
}

/** The packages of an `apt-get install` line (backslash continuations joined). */
function aptPackages(text: string): string[] {
  const line = text.replace(/\\\n/g, ' ').match(/apt-get install ([^\n>]+)/)?.[1] ?? '';
  return line
    .split(/\s+/)
    .filter((word) => word !== '' && !word.startsWith('-'))
    .sort();
}

function validate(path: string) {
  const cli = join(dirname(require.resolve('@action-validator/cli/package.json')), 'cli.mjs');
  return spawnSync(process.execPath, [cli, path], { encoding: 'utf8' });
}

describe('.github/workflows/ci.yml', () => {
  it("is valid against GitHub's workflow schema", () => {
    const run = validate(WORKFLOW);
    expect(run.stdout + run.stderr).toBe('');
    expect(run.status).toBe(0);
  });

  it('would be refused by the same check with a misspelt key', () => {
    const broken = join(work, 'ci.yml');
    writeFileSync(broken, source.replace('runs-on: ubuntu-latest', 'runs_on: ubuntu-latest'));
    const run = validate(broken);
    expect(run.status).not.toBe(0);
    expect(run.stdout + run.stderr).toContain("Additional property 'runs_on' is not allowed");
  });

  it("installs .ci/run's system packages, Chromium from the runner image as the README says for Ubuntu", () => {
    const ours = aptPackages(ciRun);
    expect(ours).toContain('chromium');
    const ubuntu = ours.filter((name) => name !== 'chromium');
    const readmeLines = readme.split('\n').filter((line) => line.includes('apt-get install'));
    expect(readmeLines.map(aptPackages)).toContainEqual(ours);
    expect(readmeLines.map(aptPackages)).toContainEqual(ubuntu);
    for (const id of ['test', 'package']) {
      const installs = commands(id).filter((line) => line.includes('apt-get install'));
      expect(installs).toHaveLength(1);
      expect(aptPackages(installs[0] ?? '')).toEqual(ubuntu);
    }
  });

  it('runs npm ci and npm test as .ci/run does, then the Electron suite under xvfb-run', () => {
    const ciRunLines = ciRun.split('\n').map((line) => line.trim());
    const npmCi = ciRunLines.find((line) => line.startsWith('npm ci'));
    expect(npmCi).toBeDefined();
    expect(ciRunLines).toContain('npm test');
    const test = commands('test');
    expect(test).toContain(npmCi);
    const positions = [
      npmCi ?? '',
      'npm test',
      'xvfb-run --auto-servernum npm run test:electron',
    ].map((line) => test.indexOf(line));
    expect(positions.every((position) => position >= 0)).toBe(true);
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
    expect(readme).toContain('xvfb-run --auto-servernum npm run test:electron');
    expect(packageJson.scripts['test:electron']).toContain('playwright test --project=electron');
  });

  it('lets Electron sandbox itself before the Electron suite, as the README says (electron#42510)', () => {
    const sysctl = 'sudo sysctl -w kernel.apparmor_restrict_unprivileged_userns=0';
    const test = commands('test');
    expect(test.indexOf(sysctl)).toBeGreaterThan(-1);
    expect(test.indexOf(sysctl)).toBeLessThan(
      test.indexOf('xvfb-run --auto-servernum npm run test:electron'),
    );
    expect(readme).toContain(sysctl);
    for (const id of ['test', 'package']) {
      expect(commands(id).filter((line) => line.includes('--no-sandbox'))).toEqual([]);
    }
  });

  it('packages on Ubuntu, macOS and Windows with npm run dist and uploads each target', () => {
    const packaging = job('package');
    expect(packaging.strategy?.matrix.os).toEqual([
      'ubuntu-latest',
      'macos-latest',
      'windows-latest',
    ]);
    expect(commands('package')).toContain(ciRun.match(/^npm ci.*$/m)?.[0]);
    expect(commands('package')).toContain('npm run dist');
    expect(packageJson.scripts.dist).toBe('node scripts/dist.mjs');
    const upload = packaging.steps.find((step) =>
      step.uses?.startsWith('actions/upload-artifact@'),
    );
    const paths = String(upload?.with?.['path'] ?? '');
    const targets = [builderConfig.linux, builderConfig.mac, builderConfig.win].flatMap((os) =>
      (os?.target as (string | { target: string })[]).map((t) =>
        typeof t === 'string' ? t : t.target,
      ),
    );
    const fileOf: Record<string, string> = {
      AppImage: 'dist/*.AppImage',
      deb: 'dist/*.deb',
      dmg: 'dist/*.dmg',
      nsis: 'dist/*.exe',
    };
    expect(targets.map((target) => fileOf[target])).toEqual(paths.split('\n').filter(Boolean));
    expect(upload?.with?.['if-no-files-found']).toBe('error');
  });

  it("packs qbsc's npm package after the installers and uploads its tarball next to them", () => {
    const steps = job('package').steps;
    const pack = steps.findIndex((step) => step.run === 'npm run pack:qbsc');
    expect(pack).toBeGreaterThan(steps.findIndex((step) => step.run === 'npm run dist'));
    expect(steps[pack]?.if).toBe("runner.os == 'Linux'");
    expect(packageJson.scripts['pack:qbsc']).toBe('node scripts/build-qbsc.mjs --pack dist');
    const upload = steps
      .slice(pack)
      .find(
        (step) => step.uses?.startsWith('actions/upload-artifact@') && step.if === steps[pack]?.if,
      );
    expect(upload?.with).toMatchObject({ path: 'dist/qbsc-*.tgz', 'if-no-files-found': 'error' });
  });
});

describe('.github/workflows/ci.yml, hardened', () => {
  const all = Object.keys(workflow.jobs).flatMap((id) => job(id).steps);

  it('pins every action by a full commit SHA, with the release tag in a comment', () => {
    const uses = source.split('\n').filter((line) => /^\s*-?\s*uses:/.test(line));
    expect(uses.length).toBeGreaterThan(5);
    for (const line of uses)
      expect(line).toMatch(/uses: [\w-]+\/[\w-]+@[0-9a-f]{40} # v\d+\.\d+\.\d+$/);
  });

  it('checks out without keeping the token, and reads only', () => {
    const checkouts = all.filter((step) => step.uses?.startsWith('actions/checkout@'));
    expect(checkouts).toHaveLength(Object.keys(workflow.jobs).length);
    for (const step of checkouts) expect(step.with?.['persist-credentials']).toBe(false);
    expect((parse(source) as { permissions: unknown }).permissions).toEqual({ contents: 'read' });
  });

  it("packages only after the tests pass, with Electron's and electron-builder's downloads cached", () => {
    expect((workflow.jobs['package'] as Job & { needs?: string }).needs).toBe('test');
    const env = (parse(source) as { env: Record<string, string> }).env;
    expect(Object.keys(env).sort()).toEqual(['ELECTRON_BUILDER_CACHE', 'electron_config_cache']);
    for (const id of ['test', 'package']) {
      const steps = job(id).steps;
      const cache = steps.findIndex((step) => step.uses?.startsWith('actions/cache@'));
      expect(cache).toBeGreaterThan(-1);
      expect(cache).toBeLessThan(steps.findIndex((step) => step.run?.startsWith('npm ci')));
      expect(String(steps[cache]?.with?.['path']).split('\n').filter(Boolean)).toEqual(
        Object.values(env).map((dir) => dir.replace('${{ github.workspace }}/', '')),
      );
    }
  });

  it('fails the Electron suite, instead of skipping it, when Electron is missing', () => {
    const suite = job('test').steps.find((step) => step.run?.includes('npm run test:electron'));
    expect((suite as Step & { env?: Record<string, string> }).env).toEqual({
      QBSC_REQUIRE_ELECTRON: '1',
    });
  });

  it('starts the packaged app on every system after packaging, under Xvfb on Linux', () => {
    const steps = job('package').steps;
    const dist = steps.findIndex((step) => step.run === 'npm run dist');
    const checks = steps.filter(
      (step, index) => index > dist && step.run?.includes('scripts/check-packaged.ts'),
    );
    expect(checks.map((step) => step.if).sort()).toEqual([
      "runner.os != 'Linux'",
      "runner.os == 'Linux'",
    ]);
    const linux = checks.find((step) => step.if === "runner.os == 'Linux'");
    expect(linux?.run).toContain(
      'xvfb-run --auto-servernum scripts/with-keyring.sh node scripts/run-ts.mjs scripts/check-packaged.ts',
    );
  });
});
