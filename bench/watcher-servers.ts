/**
 * The server side of the watcher benchmark (bench/watcher.bench.ts starts it as a child
 * process, so that the core's process holds only the core): `--count N` reference servers
 * on loopback, each with its own data folder and one read-only API key, the same random key
 * for all (a key is checked with one SHA-256, so registering 500 servers costs no scrypt
 * login and opens no session). It hands the addresses and the key to its parent over the
 * IPC channel (never on stdout, where a log would keep the key), and answers `count`
 * messages with how many event streams are open and on how many servers, counted from
 * Node's own `http.server.request.start` diagnostics channel (the server is not changed).
 * It stops its servers and removes their folders when the parent disconnects or on SIGTERM.
 */

import { randomBytes } from 'node:crypto';
import { subscribe } from 'node:diagnostics_channel';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startReferenceServer, type RunningReferenceServer } from '../server/index';
import { mapBounded } from '../src-main/core/bounded';

/** What the child says to its parent. */
export type ServersMessage =
  | { type: 'ready'; urls: string[]; apiKey: string; startMs: number }
  | { type: 'count'; streams: number; servers: number }
  | { type: 'failed'; message: string };

/** What the parent asks. */
export interface CountRequest {
  type: 'count';
}

function option(name: string, fallback: number): number {
  const index = process.argv.indexOf(name);
  const value = index === -1 ? Number.NaN : Number(process.argv[index + 1]);
  return Number.isFinite(value) && value > 0 ? value : fallback;
}

const COUNT = option('--count', 500);
const HEARTBEAT_MS = option('--heartbeat-ms', 15_000);
const STARTS_AT_ONCE = 8;

/** Open event streams, per local port (one port per server). */
const openStreams = new Map<number, number>();

subscribe('http.server.request.start', (message) => {
  const { request, response } = message as { request: IncomingMessage; response: ServerResponse };
  if (!request.url?.startsWith('/api/sessions/events')) return;
  if (!(request.headers.accept ?? '').includes('text/event-stream')) return;
  const port = request.socket.localPort ?? 0;
  openStreams.set(port, (openStreams.get(port) ?? 0) + 1);
  response.on('close', () => {
    const left = (openStreams.get(port) ?? 1) - 1;
    if (left === 0) openStreams.delete(port);
    else openStreams.set(port, left);
  });
});

function send(message: ServersMessage): void {
  process.send?.(message);
}

async function main(): Promise<void> {
  const started = Date.now();
  const root = await mkdtemp(join(tmpdir(), 'qb-bench-watcher-servers-'));
  const apiKey = `qbk_bench_${randomBytes(24).toString('hex')}`;
  let servers: RunningReferenceServer[] = [];
  let stopping: Promise<void> | null = null;
  const stop = () => {
    stopping ??= Promise.all(servers.map((server) => server.close()))
      .then(() => rm(root, { recursive: true, force: true }))
      .finally(() => process.exit(0));
    return stopping;
  };
  process.on('disconnect', () => void stop());
  process.on('SIGTERM', () => void stop());
  process.on('SIGINT', () => void stop());
  process.on('message', (request: CountRequest) => {
    if (request.type !== 'count') return;
    let streams = 0;
    for (const open of openStreams.values()) streams += open;
    send({ type: 'count', streams, servers: openStreams.size });
  });
  try {
    servers = await mapBounded(
      Array.from({ length: COUNT }, (_, i) => i),
      STARTS_AT_ONCE,
      async (i) =>
        startReferenceServer({
          dataDir: join(root, `server-${i + 1}`),
          name: `Watched ${i + 1}`,
          heartbeatMs: HEARTBEAT_MS,
          seed: { users: [], apiKeys: [{ key: apiKey, label: 'bench', scopes: ['read'] }] },
        }),
    );
  } catch (error) {
    send({ type: 'failed', message: error instanceof Error ? error.message : String(error) });
    await stop();
    return;
  }
  send({
    type: 'ready',
    urls: servers.map((server) => server.url),
    apiKey,
    startMs: Date.now() - started,
  });
}

void main();
