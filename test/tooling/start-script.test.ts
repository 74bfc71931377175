import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

// `npm start` (scripts/start.mjs) runs electron-vite with this Node and electron-vite's own
// JS entry, not through `npx`: on Windows `npx` is `npx.cmd`, which spawn cannot start
// without a shell. Shown here with a PATH that holds Node and nothing else (no npx).
const ROOT = join(__dirname, '..', '..');
const bare = mkdtempSync(join(tmpdir(), 'qb-start-'));
symlinkSync(process.execPath, join(bare, process.platform === 'win32' ? 'node.exe' : 'node'));

afterAll(() => rmSync(bare, { recursive: true, force: true }));

describe('npm start', () => {
  it('starts electron-vite with no npx on the PATH', () => {
    const run = spawnSync(process.execPath, [join(ROOT, 'scripts/start.mjs'), '--help'], {
      cwd: ROOT,
      encoding: 'utf8',
      // ELECTRON_EXEC_PATH: a binary "is there" (this Node), so nothing is fetched.
      env: { ...process.env, PATH: bare, ELECTRON_EXEC_PATH: process.execPath },
    });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toContain('electron-vite');
    expect(run.stdout).toContain('preview');
  });
});
