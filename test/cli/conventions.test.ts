/**
 * The conventions of a command-line tool, with the real qbsc binary: `qbsc completion bash`
 * sourced in a real bash and asked for completions (commands, options, server, profile and
 * field names), `qbsc version` / `--version`, and the man page qbsc.1 the package build
 * writes from the same command definitions, rendered by man or groff where they are.
 */

import { spawnSync } from 'node:child_process';
import { mkdir, readFile, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { buildProgram } from '../../src-cli/main';
import { commandsOf } from '../../src-cli/man-page';
import { Runner } from '../../src-cli/program';
import { DEFAULT_SETTINGS } from '../../src-shared/settings';
import { createKeytarStore } from '../../src-main/core/registry/credential-store';
import { MAN_PAGE, PACKAGE_DIR } from '../../scripts/build-qbsc.mjs';
import { removeAll, startCore, tempDir } from '../main/core/fixtures';
import { useFleet } from '../main/core/fleet-fixtures';
import { parsed, qbsc } from './run-qbsc';

vi.setConfig({ testTimeout: 120_000 });

const fleet = useFleet({ 'Box A': DEFAULT_SETTINGS });
let dataDir: string;
let binDir: string;

beforeAll(async () => {
  dataDir = await tempDir('qb-cli-conventions-');
  const { core } = await startCore({ dataDir, credentialStore: createKeytarStore() });
  const a = fleet.member('Box A');
  for (const name of ['Box A', 'Box B', 'Stage']) {
    const added = await core.handlers['servers:add']({
      name,
      baseUrl: a.server.url,
      environment: null,
      credentials: { kind: 'api_key', apiKey: a.secrets.writeKey },
    });
    expect(added.ok, JSON.stringify(added)).toBe(true);
  }
  const created = await core.handlers['profiles:create']({
    name: 'Hardened',
    from: { kind: 'settings', settings: DEFAULT_SETTINGS },
  });
  expect(created.ok, JSON.stringify(created)).toBe(true);
  await core.dispose();
  // `qbsc` on PATH, as an installed package puts it there.
  binDir = path.join(dataDir, 'bin');
  await mkdir(binDir);
  await symlink(path.join(PACKAGE_DIR, 'bin', 'qbsc.cjs'), path.join(binDir, 'qbsc'));
  return () => removeAll([dataDir]);
});

/** COMPREPLY after sourcing the bash script and completing `words` (the last being typed). */
function bashComplete(words: string[], env: NodeJS.ProcessEnv = {}): string[] {
  const quoted = words.map((word) => `'${word.replace(/'/g, "'\\''")}'`).join(' ');
  const script = [
    'source <(qbsc completion bash)',
    `COMP_WORDS=(${quoted})`,
    `COMP_CWORD=${words.length - 1}`,
    '_qbsc',
    'printf "%s\\n" "${COMPREPLY[@]}"',
  ].join('\n');
  const run = spawnSync('bash', ['-c', script], {
    encoding: 'utf8',
    env: {
      ...process.env,
      PATH: [binDir, path.dirname(process.execPath), process.env.PATH].join(path.delimiter),
      QBSC_DATA_DIR: dataDir,
      ...env,
    },
  });
  expect(run.status, run.stderr).toBe(0);
  return run.stdout.split('\n').filter((line) => line !== '');
}

describe('qbsc completion bash', () => {
  it('completes commands, subcommands and options', () => {
    expect(bashComplete(['qbsc', 'ser'])).toEqual(['servers']);
    expect(bashComplete(['qbsc', 'servers', ''])).toEqual([
      'list',
      'add',
      'set-credentials',
      'trust',
      'mute',
      'unmute',
      'remove',
      'test',
      'help',
    ]);
    expect(bashComplete(['qbsc', 'drift', ''])).toEqual([
      'show',
      'revert',
      'adopt',
      'accept',
      'help',
    ]);
    expect(bashComplete(['qbsc', 'events', '--json='])).toContain('--json=type');
    expect(bashComplete(['qbsc', 'servers', 'list', '--js'])).toEqual(['--json']);
    expect(bashComplete(['qbsc', '-o', ''])).toEqual(['table', 'wide', 'json', 'yaml']);
    // Hidden commands stay hidden.
    expect(bashComplete(['qbsc', '__'])).toEqual([]);
  });

  it('completes server and profile names from the data folder, quoted for the shell', () => {
    expect(bashComplete(['qbsc', 'settings', 'get', 'B'])).toEqual(['Box\\ A', 'Box\\ B']);
    expect(bashComplete(['qbsc', 'servers', 'test', 'Box A', 'St'])).toEqual(['Stage']);
    expect(bashComplete(['qbsc', 'fleet', 'drift', '--profile', ''])).toEqual(['Hardened']);
    // bash splits env:production at the colon; what it replaces is the part after it.
    expect(bashComplete(['qbsc', 'fleet', 'plan', '--to', 'env', ':', 'pro'])).toEqual([
      'production',
    ]);
  });

  it('completes the fields of settings set and of --json', () => {
    expect(bashComplete(['qbsc', 'settings', 'set', 'Box A', 'timeouts.id'])).toEqual([
      'timeouts.idleMinutes=',
    ]);
    expect(bashComplete(['qbsc', 'fleet', 'drift', '--json', 'na'])).toEqual(['name']);
    expect(bashComplete(['qbsc', 'servers', 'list', '--json', 'name,en'])).toEqual([
      'name,environment',
      'name,env',
    ]);
  });

  it('reads names without the keychain (no session bus at all)', () => {
    expect(
      bashComplete(['qbsc', 'settings', 'get', ''], {
        DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent',
      }),
    ).toEqual(['Box\\ A', 'Box\\ B', 'Stage']);
  });

  it('prints scripts for zsh and fish that ask the same hidden command', async () => {
    for (const shell of ['zsh', 'fish']) {
      const run = await qbsc(dataDir, ['completion', shell]);
      expect(run.code, run.stderr).toBe(0);
      expect(run.stdout).toContain('qbsc __complete --');
      const which = spawnSync('sh', ['-c', `command -v ${shell}`]);
      if (which.status !== 0) {
        console.log(`${shell} is not installed: its script's syntax is not checked here`);
        continue;
      }
      const file = path.join(dataDir, `completion.${shell}`);
      await writeFile(file, run.stdout);
      const check = spawnSync(shell, shell === 'zsh' ? ['-n', file] : ['--no-execute', file]);
      expect(check.status, String(check.stderr)).toBe(0);
    }
    expect((await qbsc(dataDir, ['completion', 'tcsh'])).code).toBe(64);
  });
});

describe('qbsc version', () => {
  it('prints the version, the Node version and the data folder, as text and JSON, and with --version', async () => {
    const version = JSON.parse(await readFile(path.join(PACKAGE_DIR, 'package.json'), 'utf8'))
      .version as string;
    const text = await qbsc(dataDir, ['version']);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toBe(`qbsc ${version}\nnode ${process.version}\ndata folder ${dataDir}\n`);
    expect(parsed(await qbsc(dataDir, ['--json', 'version']))).toEqual({
      version,
      node: process.version,
      dataDir,
    });
    const flag = await qbsc(dataDir, ['--version']);
    expect(flag.code).toBe(0);
    expect(flag.stdout).toBe(text.stdout);
  });
});

describe('the man page', () => {
  it('is written by the package build from the command definitions: every command is in it', async () => {
    const page = await readFile(MAN_PAGE, 'utf8');
    const manifest = JSON.parse(await readFile(path.join(PACKAGE_DIR, 'package.json'), 'utf8'));
    expect(manifest.man).toEqual(['./man/qbsc.1']);
    expect(manifest.files).toContain('man/qbsc.1');
    expect(page).toMatch(/^\.TH QBSC 1 /);
    const commands = commandsOf(buildProgram(new Runner('0.0.0')));
    expect(commands.length).toBeGreaterThan(20);
    for (const { path: words } of commands) {
      expect(page).toContain(`.SS "qbsc ${words.join(' ').replace(/-/g, '\\-')}`);
    }
    expect(page).not.toContain('__complete');
    expect(page).toMatch(/^\.B 77$/m);
  });

  it('renders with man -l or groff where they are installed', async () => {
    const man = spawnSync('man', ['-l', MAN_PAGE], {
      encoding: 'utf8',
      env: { ...process.env, MANWIDTH: '80', MANPAGER: 'cat', PAGER: 'cat' },
    });
    const groff = spawnSync('groff', ['-man', '-Tutf8', MAN_PAGE], { encoding: 'utf8' });
    if (man.error && groff.error) {
      console.log('neither man nor groff is installed: the page is not rendered here');
      return;
    }
    // Overstrikes (x, backspace, x) are how man shows bold; they are not text.
    // eslint-disable-next-line no-control-regex
    const rendered = (man.error ? groff.stdout : man.stdout).replace(/.\u0008/g, '');
    expect(rendered).toContain('qbsc fleet drift');
    expect(rendered).toContain('EXIT STATUS');
    expect(rendered).not.toMatch(/warning/i);
    if (!groff.error) {
      const warnings = spawnSync('groff', ['-man', '-Tutf8', '-ww', '-z', MAN_PAGE], {
        encoding: 'utf8',
      });
      expect(warnings.stderr).toBe('');
    }
  });
});
