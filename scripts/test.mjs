#!/usr/bin/env node
// `npm test`: everything a merge needs, in order: prerequisites, typecheck, lint, build,
// unit and integration tests (vitest) and end-to-end tests (Playwright: the "chromium" and
// "electron" projects over the same scenarios), both inside an isolated D-Bus session with
// a real, throw-away GNOME keyring. Ends with one line "tests: N passed, N failed,
// N skipped" over both runners; where no Electron binary can be had, the Electron project's
// scenarios are reported by Playwright as skipped and counted as such.
//
// Options: --skip-e2e, --only-e2e, --no-lint (for quick local loops; CI runs everything).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const require = createRequire(import.meta.url);
const args = new Set(process.argv.slice(2));
const root = join(import.meta.dirname, '..');
const reports = mkdtempSync(join(tmpdir(), 'qb-test-reports-'));
const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const APT_LINE = 'sudo apt-get install -y libsecret-1-dev gnome-keyring dbus-x11 chromium xvfb';

function onPath(command) {
  return spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
}

/** Checks what the tests need from the system; says which package is missing. */
function checkPrerequisites() {
  const missing = [];
  if (!existsSync(chromium)) missing.push(`Chromium at ${chromium} (package: chromium)`);
  if (!onPath('dbus-run-session')) missing.push('dbus-run-session (package: dbus-x11 or dbus)');
  if (!onPath('gnome-keyring-daemon'))
    missing.push('gnome-keyring-daemon (package: gnome-keyring)');
  try {
    require('keytar');
  } catch (error) {
    const why = error instanceof Error ? error.message.split('\n')[0] : String(error);
    missing.push(
      `keytar cannot load (${why}): install libsecret-1-dev, then run npm ci again so keytar is built`,
    );
  }
  if (missing.length > 0) {
    console.error('npm test needs these, and they are missing:');
    for (const item of missing) console.error(`  - ${item}`);
    console.error(`\nOn Debian/Ubuntu: ${APT_LINE}`);
    process.exit(1);
  }
}

function run(title, command, commandArgs, options = {}) {
  console.log(`\n=== ${title}`);
  const result = spawnSync(command, commandArgs, { cwd: root, stdio: 'inherit', ...options });
  if (result.error) throw result.error;
  return result.status ?? 1;
}

function must(title, command, commandArgs) {
  const status = run(title, command, commandArgs);
  if (status !== 0) {
    console.error(`\n${title} failed (exit ${status}).`);
    process.exit(status);
  }
}

function readJson(path) {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return null;
  }
}

const keyring = join(root, 'scripts/with-keyring.sh');
const totals = { passed: 0, failed: 0, skipped: 0 };
let failed = false;

checkPrerequisites();
if (!args.has('--only-e2e')) {
  must('Typecheck', 'npm', ['run', '--silent', 'typecheck']);
  if (!args.has('--no-lint')) must('Lint and format', 'npm', ['run', '--silent', 'lint']);
}
must('Build', 'npx', ['electron-vite', 'build']);

if (!args.has('--only-e2e')) {
  const vitestReport = join(reports, 'vitest.json');
  const status = run('Unit and integration tests (vitest, real keychain)', keyring, [
    'npx',
    'vitest',
    'run',
    '--reporter=default',
    '--reporter=json',
    `--outputFile.json=${vitestReport}`,
  ]);
  const report = readJson(vitestReport);
  if (report) {
    totals.passed += report.numPassedTests ?? 0;
    totals.failed += report.numFailedTests ?? 0;
    totals.skipped += (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
  }
  if (status !== 0 || !report) failed = true;
}

if (!args.has('--skip-e2e')) {
  const playwrightReport = join(reports, 'playwright.json');
  const status = run(
    'End-to-end tests (Playwright: Chromium, then Electron where it can run; real core and keychain)',
    keyring,
    ['npx', 'playwright', 'test', '--reporter=list,json'],
    { env: { ...process.env, PLAYWRIGHT_JSON_OUTPUT_NAME: playwrightReport } },
  );
  const report = readJson(playwrightReport);
  if (report?.stats) {
    totals.passed += (report.stats.expected ?? 0) + (report.stats.flaky ?? 0);
    totals.failed += report.stats.unexpected ?? 0;
    totals.skipped += report.stats.skipped ?? 0;
  }
  if (status !== 0 || !report) failed = true;
}

rmSync(reports, { recursive: true, force: true });
console.log(`\ntests: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(failed || totals.failed > 0 ? 1 : 0);
