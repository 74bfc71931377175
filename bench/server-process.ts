/**
 * The reference server as the server benchmark runs it: the CLI in a child process of its
 * own (under tsx), so that its RSS is its own, with a fresh database seeded with twenty
 * accounts and one write key.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { SeedFile } from '../server/index';
import { DEFAULT_SETTINGS, pickSettings } from '../src-shared/settings';

/** The write key every bench server is seeded with. */
export const KEY = 'qbk_bench_write_0123456789';
/** The accounts every bench server is seeded with. */
export const USERS = Array.from({ length: 20 }, (_, i) => ({
  username: `user${i}`,
  password: `bench-password-${i}`,
  permissions: ['admin.sessions.read', 'admin.settings.update'],
}));

/** A reference server in its own process, and its database folder. */
export interface ServerProcess {
  child: ChildProcess;
  url: string;
  dataDir: string;
}

/** Starts the server CLI on a free port with a fresh database seeded with USERS and KEY. */
export async function startServer(): Promise<ServerProcess> {
  const dataDir = mkdtempSync(join(tmpdir(), 'qb-bench-'));
  const settings = pickSettings(DEFAULT_SETTINGS);
  settings.concurrency.maxSessionsPerUser = 100;
  const seed: SeedFile = {
    name: 'bench',
    users: USERS,
    apiKeys: [{ key: KEY, label: 'bench', scopes: ['read', 'write'] }],
    settings,
  };
  writeFileSync(join(dataDir, 'seed.json'), JSON.stringify(seed));
  // `node --import tsx` runs the CLI in this very process, so its pid is the server's.
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      'server/cli.ts',
      '--port',
      '0',
      '--data',
      join(dataDir, 'db'),
      '--seed',
      join(dataDir, 'seed.json'),
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on (\S+)/.exec(output);
      if (match?.[1]) resolve(match[1]);
    });
    child.on('exit', (code) => reject(new Error(`server exited with ${code}: ${output}`)));
  });
  return { child, url, dataDir: join(dataDir, 'db') };
}

/** Stops the server and removes its folder. */
export async function stopServer(server: ServerProcess): Promise<void> {
  const exited = new Promise((resolve) => server.child.on('exit', resolve));
  server.child.kill('SIGTERM');
  await exited;
  rmSync(join(server.dataDir, '..'), { recursive: true, force: true });
}

/** How long a call took, in ms. */
export async function timed(fn: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await fn();
  return performance.now() - start;
}

/** One API call with the bench's write key; throws on an error status. */
export async function call(
  server: ServerProcess,
  method: string,
  path: string,
  body?: unknown,
): Promise<unknown> {
  const response = await fetch(`${server.url}${path}`, {
    method,
    headers: {
      'x-api-key': KEY,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text}`);
  return text === '' ? undefined : JSON.parse(text);
}
