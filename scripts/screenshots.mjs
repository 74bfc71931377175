#!/usr/bin/env node
// `npm run screenshots`: refreshes docs/screenshots from the end-to-end suite's output. The
// Chromium scenarios save a light and a dark PNG of each view they check (`screenshots()` in
// test/e2e/harness/people.ts, into test-results/screenshots); this copies the chosen ones.
//
//   npm run screenshots              copy from the last e2e run
//   npm run screenshots -- --run     build, run the Chromium e2e suite, then copy
//   --from <dir>, --to <dir>         other folders (defaults: test-results/screenshots, docs/screenshots)
//
// It copies nothing unless every chosen file is there and is a PNG, and names each one
// that is not.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, openSync, readSync, closeSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const root = join(import.meta.dirname, '..');

/**
 * The screenshots docs/screenshots keeps: the README's (its screenshot section), the fleet
 * view, and the states the docs describe. A name is a scenario's `screenshots(page, name)`.
 */
export const CHOSEN = [
  'timeouts-light.png',
  'timeouts-dark.png',
  'persistence-dark.png',
  'concurrency-light.png',
  'add-server-dialog-light.png',
  'invalidate-all-dialog-light.png',
  'after-invalidate-all-light.png',
  'conflict-light.png',
  'certificate-changed-dialog-dark.png',
  'save-bar-dark.png',
  'read-only-light.png',
  'mass-logout-light.png',
  'fleet-table-light.png',
  'fleet-table-dark.png',
  'fleet-plan-light.png',
  'fleet-table-de-light.png',
  'fleet-table-zh-CN-light.png',
];

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** Whether `path` starts as a PNG does. */
function isPng(path) {
  const head = Buffer.alloc(PNG_SIGNATURE.length);
  const fd = openSync(path, 'r');
  try {
    readSync(fd, head, 0, head.length, 0);
  } finally {
    closeSync(fd);
  }
  return head.equals(PNG_SIGNATURE);
}

/** What is wrong with the chosen files in `from`, one line each; empty when nothing. */
export function problems(from, chosen = CHOSEN) {
  return chosen.flatMap((name) => {
    const path = join(from, name);
    if (!existsSync(path)) return [`${name}: missing`];
    return isPng(path) ? [] : [`${name}: not a PNG`];
  });
}

function option(args, name, fallback) {
  const at = args.indexOf(name);
  if (at === -1) return fallback;
  const value = args[at + 1];
  if (value === undefined || value.startsWith('--')) {
    console.error(`screenshots: ${name} needs a folder`);
    process.exit(2);
  }
  return resolve(value);
}

function run(title, command, commandArgs, env) {
  console.log(`\n=== ${title}`);
  const result = spawnSync(command, commandArgs, { cwd: root, stdio: 'inherit', env });
  if (result.error) throw result.error;
  if (result.status !== 0) {
    console.error(`\nscreenshots: ${title} failed (exit ${result.status}); nothing was copied.`);
    process.exit(result.status ?? 1);
  }
}

function main(args) {
  const known = new Set(['--run', '--from', '--to']);
  const unknown = args.filter((arg) => arg.startsWith('--') && !known.has(arg));
  if (unknown.length > 0) {
    console.error(`screenshots: unknown option ${unknown.join(', ')} (known: --run, --from, --to)`);
    process.exit(2);
  }
  const from = option(args, '--from', join(root, 'test-results', 'screenshots'));
  const to = option(args, '--to', join(root, 'docs', 'screenshots'));
  if (args.includes('--run')) {
    run('Build', 'npx', ['electron-vite', 'build'], process.env);
    run(
      'End-to-end tests (Playwright, Chromium), which save the screenshots',
      join(root, 'scripts', 'with-keyring.sh'),
      ['npx', 'playwright', 'test', '--project=chromium'],
      { ...process.env, QB_SCREENSHOT_DIR: from },
    );
  }
  const wrong = problems(from);
  if (wrong.length > 0) {
    console.error(
      `screenshots: ${wrong.length} of ${CHOSEN.length} chosen screenshots are not usable in ${from}:`,
    );
    for (const line of wrong) console.error(`  - ${line}`);
    console.error(
      'They are saved by the Chromium e2e suite: run `npm run screenshots -- --run` (or the suite, then this). Nothing was copied.',
    );
    process.exit(1);
  }
  mkdirSync(to, { recursive: true });
  for (const name of CHOSEN) copyFileSync(join(from, name), join(to, name));
  console.log(
    `screenshots: copied ${CHOSEN.length} screenshots into ${relative(process.cwd(), to) || '.'}`,
  );
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  main(process.argv.slice(2));
}
