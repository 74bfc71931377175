#!/usr/bin/env node
// Builds qbsc for its own npm package (packages/qbsc): bin/qbsc.cjs and everything it
// requires (src-cli, the core, commander, zod, undici, ...) bundled by esbuild into one
// JavaScript file, packages/qbsc/dist/qbsc.cjs, that plain Node runs with no TypeScript
// compiler. keytar stays outside: it is native, built for the Node that installs the package,
// and the package's one dependency. The test helper test/cli/run-qbsc.ts builds through here
// too, so the CLI tests run what ships.
//
// It writes the manual page qbsc.1 too (package.json "man"), from the built bundle's own
// command definitions.
//
// `node scripts/build-qbsc.mjs` builds; `--pack <folder>` (`npm run pack:qbsc`: dist/) then
// packs the package's tarball into that folder with `npm pack`.
import { spawnSync } from 'node:child_process';
import { renameSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSync } from 'esbuild';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
export const PACKAGE_DIR = join(ROOT, 'packages', 'qbsc');
export const BUNDLE = join(PACKAGE_DIR, 'dist', 'qbsc.cjs');
/** The manual page installed with the package (package.json "man"). */
export const MAN_PAGE = join(PACKAGE_DIR, 'man', 'qbsc.1');

function manifest(path) {
  return JSON.parse(readFileSync(path, 'utf8'));
}

/** What in packages/qbsc/package.json differs from the app's package.json; empty when nothing. */
export function manifestProblems() {
  const app = manifest(join(ROOT, 'package.json'));
  const cli = manifest(join(PACKAGE_DIR, 'package.json'));
  const problems = [];
  if (cli.version !== app.version)
    problems.push(`version ${cli.version} is not the app's ${app.version}`);
  const dependencies = Object.keys(cli.dependencies ?? {});
  if (dependencies.join() !== 'keytar')
    problems.push(`dependencies are ${dependencies.join(', ') || 'none'}, not keytar alone`);
  if (cli.dependencies?.keytar !== app.dependencies.keytar)
    problems.push(`keytar ${cli.dependencies?.keytar} is not the app's ${app.dependencies.keytar}`);
  return problems;
}

/** Builds the bundle (written whole or not at all); its size and the files that went in. */
export function buildQbsc() {
  const problems = manifestProblems();
  if (problems.length > 0) throw new Error(`packages/qbsc/package.json: ${problems.join('; ')}`);
  const result = buildSync({
    absWorkingDir: ROOT,
    entryPoints: ['bin/qbsc.cjs'],
    outfile: BUNDLE,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node24',
    minify: true,
    external: ['keytar'],
    define: { QBSC_BUNDLED: 'true' },
    metafile: true,
    write: false,
    logLevel: 'silent',
  });
  const [output] = result.outputFiles;
  mkdirSync(dirname(BUNDLE), { recursive: true });
  // Test files build in parallel: each writes its own file and renames it over the bundle,
  // so a qbsc starting meanwhile reads a whole bundle, never a half-written one.
  const partial = `${BUNDLE}.${process.pid}.tmp`;
  writeFileSync(partial, output.contents);
  renameSync(partial, BUNDLE);
  writeManPage();
  return {
    bundle: BUNDLE,
    bytes: output.contents.length,
    inputs: Object.keys(result.metafile.inputs),
    manPage: MAN_PAGE,
  };
}

/**
 * Writes qbsc.1 from the command definitions of the bundle just built (its hidden `__man`
 * command), so the page lists exactly the commands and options the package runs.
 */
function writeManPage() {
  const run = spawnSync(process.execPath, [BUNDLE, '__man'], {
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
  });
  if (run.status !== 0) throw new Error(`qbsc __man failed (exit ${run.status}):\n${run.stderr}`);
  mkdirSync(dirname(MAN_PAGE), { recursive: true });
  const partial = `${MAN_PAGE}.${process.pid}.tmp`;
  writeFileSync(partial, run.stdout);
  renameSync(partial, MAN_PAGE);
}

/** Packs packages/qbsc into `folder` (made if missing) with this npm; the tarball's path. */
export function packQbsc(folder) {
  mkdirSync(folder, { recursive: true });
  const args = ['pack', PACKAGE_DIR, '--pack-destination', folder, '--json'];
  // Under `npm run` the npm that runs us; else `npm` from PATH (a .cmd on Windows: a shell).
  const npm = process.env.npm_execpath
    ? spawnSync(process.execPath, [process.env.npm_execpath, ...args], { encoding: 'utf8' })
    : spawnSync('npm', args, { encoding: 'utf8', shell: process.platform === 'win32' });
  if (npm.status !== 0) throw new Error(`npm pack failed (exit ${npm.status}):\n${npm.stderr}`);
  const [packed] = JSON.parse(npm.stdout);
  return join(folder, packed.filename);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { bundle, bytes } = buildQbsc();
  console.log(`built ${relative(ROOT, bundle)} (${Math.round(bytes / 1024)} KiB)`);
  const at = process.argv.indexOf('--pack');
  if (at > 0) {
    const tarball = packQbsc(process.argv[at + 1] ?? 'dist');
    console.log(
      `packed ${relative(process.cwd(), tarball)} (${Math.round(statSync(tarball).size / 1024)} KiB)`,
    );
  }
}
