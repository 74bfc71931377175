/**
 * After `npm run dist` (the CI workflow's package jobs): checks the unpacked app in dist/
 * for this system. It reads the fuses back from the packaged binary and compares them with
 * ELECTRON_FUSES, then starts the app with a throw-away `--user-data-dir`, waits for the
 * shell's start-up line on its output, and quits it. On Linux run it under Xvfb.
 * Usage: node scripts/run-ts.mjs scripts/check-packaged.ts [distDir]
 */

import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FuseV1Options, getCurrentFuseWire } from '@electron/fuses';
import packageJson from '../package.json';
import { STARTED_MESSAGE } from '../src-main/shell/started-message';
import { ELECTRON_FUSES } from './after-pack';

/** The unpacked app's binary (for the fuses) and executable (to start), or null if absent. */
export function unpackedApp(
  distDir: string,
  platform: NodeJS.Platform = process.platform,
  arch: string = process.arch,
): { fuseTarget: string; executable: string } | null {
  const product = packageJson.productName;
  const alone = (path: string) => ({ fuseTarget: path, executable: path });
  const candidates =
    platform === 'darwin'
      ? [`mac-${arch}`, 'mac', 'mac-universal'].map((dir) => {
          const bundle = join(distDir, dir, `${product}.app`);
          return { fuseTarget: bundle, executable: join(bundle, 'Contents/MacOS', product) };
        })
      : platform === 'win32'
        ? [alone(join(distDir, 'win-unpacked', `${product}.exe`))]
        : [alone(join(distDir, 'linux-unpacked', packageJson.name))];
  return candidates.find((candidate) => existsSync(candidate.fuseTarget)) ?? null;
}

/** The fuses whose state in the binary differs from ELECTRON_FUSES, one line each. */
export async function fuseMismatches(fuseTarget: string): Promise<string[]> {
  const wire = await getCurrentFuseWire(fuseTarget);
  const wrong: string[] = [];
  for (const [name, on] of Object.entries(ELECTRON_FUSES)) {
    const state = wire[FuseV1Options[name as keyof typeof FuseV1Options]];
    const want = on ? '1'.charCodeAt(0) : '0'.charCodeAt(0);
    if (state !== want) wrong.push(`${name}: wanted ${on ? 'on' : 'off'}, found ${String(state)}`);
  }
  return wrong;
}

/**
 * Starts `executable` with `args`, resolves once a line of its output holds STARTED_MESSAGE
 * (then stops it), rejects if it exits first or `timeoutMs` passes. Its output is relayed.
 */
export function startAndQuit(executable: string, args: string[], timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(executable, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let settled = false;
    const finish = (error: Error | null) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (error) reject(error);
      else resolve();
      if (child.exitCode === null) child.kill();
    };
    const timer = setTimeout(
      () => finish(new Error(`no "${STARTED_MESSAGE}" line within ${timeoutMs} ms`)),
      timeoutMs,
    );
    const watch = (chunk: Buffer) => {
      process.stdout.write(chunk);
      if (chunk.toString('utf8').includes(STARTED_MESSAGE)) finish(null);
    };
    child.stdout.on('data', watch);
    child.stderr.on('data', watch);
    child.on('error', (error) => finish(error));
    child.on('exit', (code, signal) =>
      finish(new Error(`the app exited (${code ?? signal}) before "${STARTED_MESSAGE}"`)),
    );
  });
}

async function main(): Promise<void> {
  const distDir = process.argv[2] ?? join(import.meta.dirname, '..', 'dist');
  const app = unpackedApp(distDir);
  if (!app) throw new Error(`no unpacked app for ${process.platform} in ${distDir}`);
  const wrong = await fuseMismatches(app.fuseTarget);
  if (wrong.length > 0) throw new Error(`fuses not as decided:\n${wrong.join('\n')}`);
  console.log(`fuses of ${app.fuseTarget}: as decided`);
  const userData = mkdtempSync(join(tmpdir(), 'qbsc-packaged-'));
  try {
    await startAndQuit(app.executable, [`--user-data-dir=${userData}`], 120_000);
    console.log(`${app.executable} started ("${STARTED_MESSAGE}") and was quit`);
  } finally {
    rmSync(userData, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.filename === process.argv[1]) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  });
}
