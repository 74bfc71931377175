/**
 * A real Alertmanager (Debian's prometheus-alertmanager) for a test: its own config and
 * storage in a temporary folder, on a free loopback port, clustering off. Tests that need it
 * skip, saying why, when it is not installed.
 */

import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { waitFor } from './harness';

const BINARY = 'prometheus-alertmanager';

/** Whether the binary is there (and why not, when not). */
export const alertmanagerMissing: string | null =
  spawnSync(BINARY, ['--version'], { encoding: 'utf8' }).status === 0
    ? null
    : `${BINARY} is not installed (apt install prometheus-alertmanager)`;

/** A free loopback port (bound then released). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** An alert as Alertmanager's API v2 lists it. */
export interface GettableAlert {
  labels: Record<string, string>;
  annotations: Record<string, string>;
  startsAt: string;
  endsAt: string;
  status: { state: string };
  fingerprint: string;
}

/** A running Alertmanager. */
export interface RunningAlertmanager {
  url: string;
  alerts(): Promise<GettableAlert[]>;
  groups(): Promise<{ labels: Record<string, string>; alerts: GettableAlert[] }[]>;
  close(): Promise<void>;
}

const CONFIG = `route:
  receiver: blackhole
  group_by: [alertname, server]
  group_wait: 1s
  group_interval: 1s
receivers:
  - name: blackhole
`;

/** Starts an Alertmanager on loopback; resolves once it says it is ready. */
export async function startAlertmanager(): Promise<RunningAlertmanager> {
  const folder = await mkdtemp(path.join(tmpdir(), 'qb-alertmanager-'));
  await writeFile(path.join(folder, 'alertmanager.yml'), CONFIG);
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  let log = '';
  const child: ChildProcess = spawn(
    BINARY,
    [
      `--config.file=${path.join(folder, 'alertmanager.yml')}`,
      `--storage.path=${folder}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--cluster.listen-address=',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  child.stdout?.on('data', (chunk: Buffer) => (log += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (log += chunk.toString()));
  await waitFor(
    async () => {
      if (child.exitCode !== null) throw new Error(`alertmanager ended:\n${log}`);
      return fetch(`${url}/-/ready`).then(
        (reply) => reply.ok,
        () => false,
      );
    },
    'alertmanager ready',
    30_000,
  );
  const json = async <T>(pathname: string): Promise<T> => {
    const reply = await fetch(`${url}${pathname}`);
    if (!reply.ok) throw new Error(`alertmanager ${pathname}: ${reply.status}`);
    return (await reply.json()) as T;
  };
  return {
    url,
    alerts: () => json('/api/v2/alerts?active=true&silenced=true&inhibited=true&unprocessed=true'),
    groups: () => json('/api/v2/alerts/groups'),
    async close() {
      child.kill('SIGTERM');
      await new Promise((resolve) =>
        child.exitCode !== null ? resolve(null) : child.once('exit', resolve),
      );
      await rm(folder, { recursive: true, force: true });
    },
  };
}
