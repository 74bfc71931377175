import { spawn } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { createServer, request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { hostname } from 'node:os';
import path from 'node:path';
import { getPassword } from 'keytar';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { ServerView } from '../../src-shared/domain';
import { KEYCHAIN_SERVICE } from '../../src-main/core/registry/credential-store';
import { REGISTRY_FILE } from '../../src-main/core/registry/server-registry';
import { useSeededServer } from '../main/core/fixtures';
import { parsed, qbsc, startQbsc, type QbscRun } from './run-qbsc';

// Two real qbsc processes on one data folder. Each run starts Node and tsx (seconds on a
// loaded machine): a generous bound, never a timed assertion.
vi.setConfig({ testTimeout: 120_000 });
const shared = useSeededServer({ name: 'Box A' });

/**
 * A loopback proxy in front of the reference server that holds every request until `count`
 * have come. A connection test waits for its first answer (health) before it asks anything
 * else, so `count` requests held come from `count` runs, each of which has opened the data
 * folder already (core reads the server list before the test): each writes after the others
 * have read.
 */
async function barrierProxy(
  target: string,
  count: number,
): Promise<{ url: string; close: () => Promise<void> }> {
  let held = 0;
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  const server = createServer((request, response) => {
    held += 1;
    if (held >= count) release();
    void released.then(() => {
      const upstream = httpRequest(
        new URL(request.url ?? '/', target),
        { method: request.method, headers: request.headers },
        (answer) => {
          response.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(response);
        },
      );
      upstream.on('error', () => response.destroy());
      request.pipe(upstream);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A process id that names no running process (a child that has exited). */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '']);
  await new Promise((resolve) => child.on('exit', resolve));
  if (child.pid === undefined) throw new Error('no pid');
  return child.pid;
}

async function listed(dataDir: string): Promise<ServerView[]> {
  return parsed<{ servers: ServerView[] }>(await qbsc(dataDir, ['servers', 'list', '--json']))
    .servers;
}

function addedId(run: QbscRun): string {
  expect(run.code, run.stderr).toBe(0);
  return parsed<{ server: ServerView }>(run).server.id;
}

let proxy: Awaited<ReturnType<typeof barrierProxy>>;

beforeAll(async () => {
  proxy = await barrierProxy(shared.server.url, 2);
});

afterAll(async () => {
  await proxy.close();
});

describe('qbsc runs that change the same data folder at once', () => {
  it('keeps both servers when two servers add runs write at the same time, each with its secret', async () => {
    const dataDir = await shared.tempDir('qb-cli-lock-');
    const add = (name: string, key: string) => {
      const session = startQbsc(dataDir, [
        '--json',
        'servers',
        'add',
        name,
        proxy.url,
        '--api-key-stdin',
      ]);
      session.child.stdin.end(key);
      return session.done;
    };

    const runs = await Promise.all([
      add('Box write', shared.secrets.writeKey),
      add('Box read', shared.secrets.readKey),
    ]);
    const ids = runs.map(addedId);
    const servers = await listed(dataDir);

    expect(servers.map((server) => server.name).sort()).toEqual(['Box read', 'Box write']);
    expect(servers.map((server) => server.id).sort()).toEqual([...ids].sort());
    for (const id of ids) expect(await getPassword(KEYCHAIN_SERVICE, id)).not.toBeNull();
  });

  it('stops with exit 76 naming the holder when a running process keeps the lock, adding nothing', async () => {
    const dataDir = await shared.tempDir('qb-cli-lock-');
    const holder = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 600000)']);
    await new Promise((resolve) => holder.once('spawn', resolve));
    const lock = path.join(dataDir, `${REGISTRY_FILE}.lock`);
    await writeFile(
      lock,
      JSON.stringify({ pid: holder.pid, host: hostname(), since: new Date().toISOString() }),
    );

    const run = await qbsc(
      dataDir,
      ['servers', 'add', 'Box A', shared.server.url, '--api-key-stdin'],
      shared.secrets.writeKey,
    ).finally(() => holder.kill());

    expect(run.code, run.stderr).toBe(76);
    expect(run.stderr).toContain(`is being changed by process ${holder.pid} on ${hostname()}`);
    expect(run.stderr).toContain(lock);
    expect(await listed(dataDir)).toEqual([]);
  });

  it('takes over a lock left by a process that is gone, and removes it after its write', async () => {
    const dataDir = await shared.tempDir('qb-cli-lock-');
    const lock = path.join(dataDir, `${REGISTRY_FILE}.lock`);
    await writeFile(
      lock,
      JSON.stringify({ pid: await deadPid(), host: hostname(), since: new Date().toISOString() }),
    );

    const run = await qbsc(
      dataDir,
      ['--json', 'servers', 'add', 'Box A', shared.server.url, '--api-key-stdin'],
      shared.secrets.writeKey,
    );
    const id = addedId(run);
    const file = JSON.parse(await readFile(path.join(dataDir, REGISTRY_FILE), 'utf8')) as {
      servers: { id: string }[];
    };

    expect(file.servers.map((server) => server.id)).toEqual([id]);
    await expect(readFile(lock)).rejects.toMatchObject({ code: 'ENOENT' });
  });
});
