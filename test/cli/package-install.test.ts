import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildQbsc, packQbsc } from '../../scripts/build-qbsc.mjs';
import { useSeededServer } from '../main/core/fixtures';

// qbsc as someone without the repository gets it: `npm pack` of packages/qbsc, then
// `npm install -g` of the tarball into a throw-away prefix, run from a folder outside the
// repository with nothing of it on the module path. npm fetches keytar and its helpers from
// the registry (or its cache) and compiles keytar against this Node's headers: a minute or
// more on a loaded machine, so the bounds are generous (never a timed assertion).
vi.setConfig({ testTimeout: 300_000, hookTimeout: 600_000 });
const ROOT = path.join(__dirname, '..', '..');
const shared = useSeededServer({ name: 'Box A' });
let work: string;
let prefix: string;
let tarball: string;

/** The environment of a shell that has never seen the repository. */
function outsideEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', ...extra };
  for (const name of Object.keys(env)) {
    if (name === 'NODE_PATH' || name === 'NODE_OPTIONS' || name.startsWith('npm_'))
      delete env[name];
    else if (name !== 'PATH' && env[name]?.includes(ROOT)) delete env[name];
  }
  // The installed bin first, then this Node; no folder of the repository (node_modules/.bin).
  const dirs = (process.env.PATH ?? '')
    .split(path.delimiter)
    .filter((dir) => !dir.startsWith(ROOT));
  env.PATH = [path.join(prefix, 'bin'), path.dirname(process.execPath), ...dirs].join(
    path.delimiter,
  );
  return env;
}

function npm(args: readonly string[], env: NodeJS.ProcessEnv) {
  return spawnSync('npm', args, { cwd: work, env, encoding: 'utf8', timeout: 540_000 });
}

/** Runs the installed qbsc (from PATH, in the temp folder) with `input` on stdin. */
function installed(args: readonly string[], input = '') {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
    const child = spawn('qbsc', args, { cwd: work, env: outsideEnv() });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input);
  });
}

beforeAll(async () => {
  work = await shared.tempDir('qb-cli-install-');
  prefix = path.join(work, 'prefix');
  buildQbsc();
  tarball = packQbsc(work);
  // keytar from source, not a prebuilt binary from GitHub (the registry is the one network
  // this needs), against the headers next to this Node where they are (else node-gyp's own).
  const nodeDir = path.dirname(path.dirname(process.execPath));
  const headers = existsSync(path.join(nodeDir, 'include', 'node', 'node.h'));
  const install = npm(
    ['install', '-g', '--prefix', prefix, '--prefer-offline', '--no-audit', '--no-fund'].concat([
      '--allow-scripts=keytar',
      tarball,
    ]),
    outsideEnv({
      npm_config_build_from_source: 'true',
      ...(headers ? { npm_config_nodedir: nodeDir } : {}),
    }),
  );
  expect(install.status, `${install.stdout}\n${install.stderr}`).toBe(0);
});

afterAll(() => {
  if (tarball)
    console.log(`qbsc tarball: ${path.basename(tarball)}, ${statSync(tarball).size} bytes`);
});

describe('the qbsc npm package, installed globally from its tarball', () => {
  it('holds the launcher, the bundle and the man page (linked into share/man), and keytar as its one dependency, inside the prefix', () => {
    const home = path.join(prefix, 'lib', 'node_modules', 'qbsc');
    expect(readdirSync(home).sort()).toEqual([
      'README.md',
      'bin',
      'dist',
      'man',
      'node_modules',
      'package.json',
    ]);
    // npm links the package's "man" page where man looks for it.
    expect(existsSync(path.join(prefix, 'share', 'man', 'man1', 'qbsc.1'))).toBe(true);
    const keytar = spawnSync(
      process.execPath,
      ['-p', `require.resolve('keytar', { paths: [${JSON.stringify(home)}] })`],
      { cwd: work, env: outsideEnv(), encoding: 'utf8' },
    );
    expect(keytar.stdout.trim().startsWith(home)).toBe(true);
    expect(existsSync(path.join(home, 'node_modules', 'tsx'))).toBe(false);
  });

  it('prints its help from the installed bin, outside the repository', async () => {
    const help = await installed(['--help']);
    expect(help.code, help.stderr).toBe(0);
    expect(help.stdout).toMatch(/^Usage: qbsc \[options\] \[command\]/);
    expect(help.stdout).toContain('servers');
    const version = await installed(['--version']);
    expect(version.stdout.split('\n')[0]).toBe(
      `qbsc ${(await import('../../packages/qbsc/package.json')).default.version}`,
    );
  });

  it('adds a reference server (password on stdin, secret in the keychain) and reads its settings', async () => {
    const dataDir = await shared.tempDir('qb-cli-installed-data-');
    const add = await installed(
      ['--data-dir', dataDir, 'servers', 'add', 'Box A', shared.server.url].concat([
        '--username',
        'admin',
        '--password-stdin',
      ]),
      `${shared.secrets.adminPassword}\n`,
    );
    expect(add.code, add.stderr).toBe(0);
    expect(add.stdout).toMatch(/^Added Box A \(.+\): Connected\.$/m);
    const get = await installed(['--data-dir', dataDir, '--json', 'settings', 'get', 'Box A']);
    expect(get.code, get.stderr).toBe(0);
    const json = JSON.parse(get.stdout) as { settings: { timeouts: { idleMinutes: number } } };
    expect(json.settings.timeouts.idleMinutes).toBe(30);
    // The password went to the keychain: no file of the data folder holds it.
    for (const file of readdirSync(dataDir, { recursive: true, encoding: 'utf8' })) {
      const full = path.join(dataDir, file);
      if (statSync(full).isFile())
        expect(readFileSync(full, 'utf8')).not.toContain(shared.secrets.adminPassword);
    }
  });
});
