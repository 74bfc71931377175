import { spawn } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { useSeededServer } from '../main/core/fixtures';

vi.setConfig({ testTimeout: 120_000 });

const shared = useSeededServer({ name: 'Box P' });
const BIN = path.resolve(__dirname, '../../bin/qbsc.cjs');

function quoted(word: string): string {
  return `'${word.replaceAll("'", "'\\''")}'`;
}

/** `qbsc servers add Box P <url> --username admin` on a pseudo-terminal, as a person runs it. */
async function addAtTerminal(): Promise<string> {
  const dataDir = await shared.tempDir('qb-cli-pty-');
  return [
    process.execPath,
    BIN,
    '--data-dir',
    dataDir,
    'servers',
    'add',
    'Box P',
    shared.server.url,
    '--username',
    'admin',
  ]
    .map(quoted)
    .join(' ');
}

describe('qbsc servers add at a terminal', () => {
  it('asks for the password without echoing it', async () => {
    const command = await addAtTerminal();
    // util-linux `script` runs the command on a pseudo-terminal, as a person's shell would.
    const child = spawn('script', ['-qec', command, '/dev/null'], { env: process.env });
    let output = '';
    let typed = false;
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
      // Typed once the prompt is up: typed before it, the terminal itself would echo it.
      if (!typed && output.includes('Password for admin: ')) {
        typed = true;
        child.stdin.write(`${shared.secrets.adminPassword}\r`);
      }
    });
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(code, output).toBe(0);
    expect(output).toMatch(/Added Box P \(.+\): Connected\./);
    expect(output).not.toContain(shared.secrets.adminPassword);
  });

  it('stops at Ctrl-C at the password prompt with 130, as at a question', async () => {
    const child = spawn('script', ['-qec', await addAtTerminal(), '/dev/null'], {
      env: process.env,
    });
    let output = '';
    let typed = false;
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
      if (!typed && output.includes('Password for admin: ')) {
        typed = true;
        child.stdin.write('\x03');
      }
    });
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(output).not.toContain('unexpected failure');
    expect(code, output).toBe(130);
    expect(output).toContain('nothing was done');
  });
});
