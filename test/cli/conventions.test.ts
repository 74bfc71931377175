/**
 * The conventions of a command-line tool, with the real qbsc binary: `qbsc completion bash`
 * sourced in a real bash and asked for completions (commands, options, server, profile and
 * field names), the zsh script in an interactive zsh driven through a pseudo-terminal (a tab
 * typed, the command line read back), the fish script asked with `complete -C`, `qbsc version`
 * / `--version`, and the man page qbsc.1 the package build writes from the same command
 * definitions, rendered by man or groff where they are. Where zsh or fish is not installed,
 * its test says so and is skipped (CI installs both: .ci/run).
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

  it('is refused for a shell it has no script for (64)', async () => {
    expect((await qbsc(dataDir, ['completion', 'tcsh'])).code).toBe(64);
  });
});

/** Whether `shell` is installed; when not, says so (its tests are skipped). */
function installed(shell: string): boolean {
  const found = spawnSync('sh', ['-c', `command -v ${shell}`]).status === 0;
  if (!found) console.log(`${shell} is not installed: its completion tests are skipped`);
  return found;
}

/** The environment of a shell that has qbsc on PATH and the test's data folder. */
function shellEnv(): NodeJS.ProcessEnv {
  return {
    ...process.env,
    PATH: [binDir, path.dirname(process.execPath), process.env.PATH].join(path.delimiter),
    QBSC_DATA_DIR: dataDir,
  };
}

/**
 * Drives an interactive zsh in a pseudo-terminal (zsh/zpty), with compinit and the script
 * loaded: types each line and a tab, then a key bound to a widget that writes the command
 * line, as completion left it, to a file. Prints each such line between > and <.
 */
const ZSH_DRIVER = `zmodload zsh/zpty
out=$1; shift
for line in "$@"; do
  rm -f $out
  zpty qz 'zsh -f -i'
  zpty -w qz 'PS1="> "; autoload -Uz compinit; compinit -u -D; source <(qbsc completion zsh)'
  zpty -w qz "dump() { print -r -- \\"\\$BUFFER\\" > \${(q)out}; }; zle -N dump; bindkey '^X^D' dump"
  zpty -w qz "print RE''ADY"
  zpty -r qz seen '*READY*'
  zpty -w -n qz "$line"$'\\t\\x18\\x04'
  for i in {1..600}; do [[ -s $out ]] && break; sleep 0.05; done
  zpty -d qz
  print -r -- ">$(<$out)<"
done
`;

/** The command lines an interactive zsh shows after a tab at the end of each of `lines`. */
async function zshComplete(lines: string[]): Promise<string[]> {
  const driver = path.join(dataDir, 'drive.zsh');
  await writeFile(driver, ZSH_DRIVER);
  const run = spawnSync('zsh', ['-f', driver, path.join(dataDir, 'line.txt'), ...lines], {
    encoding: 'utf8',
    env: shellEnv(),
    timeout: 100_000,
  });
  expect(run.status, run.stderr).toBe(0);
  return [...run.stdout.matchAll(/^>(.*)<$/gm)].map((match) => match[1] ?? '');
}

describe('qbsc completion zsh, in an interactive zsh', () => {
  it.skipIf(!installed('zsh'))(
    'completes commands, names, fields and values, a space after a whole word only, and files where qbsc has nothing',
    async () => {
      await writeFile(path.join(dataDir, 'complete-me.json'), '{}');
      expect(
        await zshComplete([
          'qbsc ser',
          'qbsc settings get St',
          'qbsc settings get Box',
          'qbsc settings set Box\\ A timeouts.id',
          'qbsc fleet plan --to env:pro',
          `qbsc import ${dataDir}/complete-m`,
        ]),
      ).toEqual([
        'qbsc servers ',
        'qbsc settings get Stage ',
        'qbsc settings get Box\\ ',
        'qbsc settings set Box\\ A timeouts.idleMinutes=',
        'qbsc fleet plan --to env:production ',
        `qbsc import ${dataDir}/complete-me.json `,
      ]);
    },
  );
});

/** What fish offers for each of `lines` (complete -C), the script loaded. */
function fishComplete(lines: string[]): string[][] {
  const script = [
    'qbsc completion fish | source',
    ...lines.map((line) => `echo '>'; complete -C ${JSON.stringify(line)}`),
  ].join('\n');
  const run = spawnSync('fish', ['--no-config', '-c', script], {
    encoding: 'utf8',
    env: shellEnv(),
  });
  expect(run.status, run.stderr).toBe(0);
  return run.stdout
    .split('>\n')
    .slice(1)
    .map((block) => block.split('\n').filter((line) => line !== ''));
}

describe('qbsc completion fish, in fish', () => {
  it.skipIf(!installed('fish'))(
    'completes commands, names, fields and values, and files where qbsc has nothing',
    async () => {
      await writeFile(path.join(dataDir, 'complete-me.json'), '{}');
      expect(
        fishComplete([
          'qbsc ser',
          'qbsc servers li',
          'qbsc settings get B',
          'qbsc fleet drift --profile ',
          'qbsc settings set Stage timeouts.id',
          'qbsc events --json=ty',
          'qbsc -o y',
          `qbsc import ${dataDir}/complete-m`,
        ]),
      ).toEqual([
        ['servers'],
        ['list'],
        ['Box A', 'Box B'],
        ['Hardened'],
        ['timeouts.idleMinutes='],
        ['--json=type'],
        ['yaml'],
        [`${dataDir}/complete-me.json`],
      ]);
    },
  );
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
