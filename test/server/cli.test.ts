import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SERVER_OPTIONS } from '../../server/cli-options';
import { settingsWith, testSeed } from './harness';

const folders: string[] = [];
const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

function tempDir(): string {
  const folder = mkdtempSync(join(tmpdir(), 'qb-cli-test-'));
  folders.push(folder);
  return folder;
}

interface Cli {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

/** Runs `npm run server -- <args>` the way the npm script does (scripts/run-ts.mjs). */
function runCli(args: string[]): Cli {
  const child = spawn(process.execPath, ['scripts/run-ts.mjs', 'server/cli.ts', '--', ...args], {
    cwd: process.cwd(),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, output: () => output, exited };
}

async function listening(cli: Cli): Promise<string> {
  for (;;) {
    const match = /listening on (\S+)/.exec(cli.output());
    if (match?.[1]) return match[1];
    if (cli.child.exitCode !== null) throw new Error(`server exited: ${cli.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('npm run server', () => {
  it('serves a seed file under its --name and stops cleanly on SIGTERM', async () => {
    const dataDir = tempDir();
    const seedFile = join(dataDir, 'seed.json');
    writeFileSync(seedFile, JSON.stringify(testSeed()));
    const cli = runCli([
      '--host',
      '127.0.0.1',
      '--port',
      '0',
      '--data',
      join(dataDir, 'db'),
      '--seed',
      seedFile,
      '--name',
      'Box C',
    ]);
    const url = await listening(cli);
    const health = await (await fetch(`${url}/api/health`)).json();
    expect(health).toMatchObject({ status: 'ok', name: 'Box C' });
    const login = await fetch(`${url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: 'admin-password-1' }),
    });
    expect(login.status).toBe(200);
    cli.child.kill('SIGTERM');
    expect(await cli.exited).toBe(0);
  });

  it('creates a demo set once and prints its credentials, which work', async () => {
    const dataDir = tempDir();
    const first = runCli(['--port', '0', '--data', dataDir]);
    const url = await listening(first);
    const match = /user admin \/ (\S+)/.exec(first.output());
    expect(match?.[1]).toBeDefined();
    const login = await fetch(`${url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: match?.[1] }),
    });
    expect(login.status).toBe(200);
    first.child.kill('SIGINT');
    expect(await first.exited).toBe(0);

    const second = runCli(['--port', '0', '--data', dataDir]);
    await listening(second);
    expect(second.output()).not.toContain('user admin');
    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);
  });

  it('prints the certificate fingerprint with --tls-self-signed', async () => {
    const cli = runCli(['--port', '0', '--data', tempDir(), '--tls-self-signed', '--latency', '5']);
    const url = await listening(cli);
    expect(url).toMatch(/^https:\/\//);
    expect(cli.output()).toMatch(/fingerprint SHA-256 ([0-9A-F]{2}:){31}[0-9A-F]{2}\n/);
    cli.child.kill('SIGTERM');
    expect(await cli.exited).toBe(0);
  });

  it('refuses a seed whose settings are invalid', async () => {
    const dataDir = tempDir();
    const seedFile = join(dataDir, 'seed.json');
    const seed = {
      ...testSeed(),
      settings: settingsWith((s) => (s.persistence.cookie.path = 'no-slash')),
    };
    writeFileSync(seedFile, JSON.stringify(seed));
    const cli = runCli(['--port', '0', '--data', join(dataDir, 'db'), '--seed', seedFile]);
    expect(await cli.exited).toBe(1);
    expect(cli.output()).toContain('persistence.cookie.path');
  });
});

describe('npm run server -- --help', () => {
  it('prints every flag the parser accepts, with what it does, and exits 0 without starting', async () => {
    for (const help of ['--help', '-h']) {
      const cli = runCli([help]);
      expect(await cli.exited).toBe(0);
      const output = cli.output();
      expect(output).not.toMatch(/listening on https?:/);
      expect(output).toContain('usage: npm run server --');
      for (const [name, option] of Object.entries(SERVER_OPTIONS)) {
        const line = output
          .split('\n')
          .find((l) => new RegExp(`--${name}\\b`).test(l) && l.startsWith('  '));
        expect(line, `--${name} in the help`).toBeDefined();
        expect(line).toContain(option.help);
      }
      expect(output).toContain('docs/session-api.md');
    }
  });

  it('still refuses an unknown flag, with the usage', async () => {
    const cli = runCli(['--data', tempDir(), '--colour']);
    expect(await cli.exited).toBe(2);
    expect(cli.output()).toContain("Unknown option '--colour'");
    expect(cli.output()).toContain('usage: npm run server --');
    expect(cli.output()).not.toMatch(/listening on https?:/);
  });
});
