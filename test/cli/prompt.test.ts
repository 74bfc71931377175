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

describe('qbsc servers add at a terminal', () => {
  it('asks for the password without echoing it', async () => {
    const dataDir = await shared.tempDir('qb-cli-pty-');
    const command = [
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
});
