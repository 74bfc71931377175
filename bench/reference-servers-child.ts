/**
 * The servers of the benchmarks that measure the app alone (watcher, wake, fleet): started
 * by bench/reference-servers-process.ts as a child process, so that the benchmark's process
 * holds the core and nothing else. `--count N` reference servers on loopback, each with its
 * own data folder and one API key, the same random key for all (a key is checked with one
 * SHA-256, so registering 500 servers costs no scrypt login and opens no session); with
 * `--account`, also an admin account with a random password (the same for all), for a run
 * that includes the servers' password hashing. `--write` gives the key the write scope,
 * `--latency-ms` delays every answer, `--heartbeat-ms` sets the event streams' heartbeat,
 * `--proxied` puts each server behind a loopback proxy whose connections a `cut` request
 * ends at once (a forced stream drop), and a `fire` request makes another admin (the key)
 * invalidate all sessions or save the settings on one server; each is answered `fired`.
 * It hands the addresses and the secrets to its parent over the IPC channel (never on
 * stdout, where a log would keep them), and answers `count` messages with how many event
 * streams are open and on how many servers, counted from Node's own
 * `http.server.request.start` diagnostics channel (the server is not changed). It stops its
 * servers and removes their folders when the parent disconnects or on SIGTERM.
 */

import { randomBytes } from 'node:crypto';
import { subscribe } from 'node:diagnostics_channel';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startReferenceServer, type RunningReferenceServer } from '../server/index';
import { mapBounded } from '../src-main/core/bounded';
import { INVALIDATE_ALL_PHRASE } from '../src-shared/quickbox';
import { DEFAULT_SETTINGS, setField } from '../src-shared/settings';
import { startSleepingProxy, type SleepingProxy } from '../test/main/core/sleeping-proxy';
import {
  ACCOUNT_USERNAME,
  type ServersMessage,
  type ServersRequest,
} from './reference-servers-protocol';

function option(name: string, fallback: number): number {
  const index = process.argv.indexOf(name);
  const value = index === -1 ? Number.NaN : Number(process.argv[index + 1]);
  return Number.isFinite(value) && value >= 0 ? value : fallback;
}

const COUNT = option('--count', 500);
const HEARTBEAT_MS = option('--heartbeat-ms', 15_000);
const LATENCY_MS = option('--latency-ms', 0);
const WRITE = process.argv.includes('--write');
const ACCOUNT = process.argv.includes('--account');
const PROXIED = process.argv.includes('--proxied');
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

/** Another admin's change on one server, through its API with the key; whether it was 200. */
async function fire(url: string, apiKey: string, what: 'invalidate-all' | 'settings') {
  const headers = { 'x-api-key': apiKey, 'content-type': 'application/json' };
  try {
    if (what === 'invalidate-all') {
      const response = await fetch(`${url}/api/sessions/invalidate-all`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ confirm: INVALIDATE_ALL_PHRASE }),
      });
      await response.arrayBuffer();
      return response.status === 200;
    }
    const read = await fetch(`${url}/api/settings/sessions`, { headers });
    const current = (await read.json()) as typeof DEFAULT_SETTINGS;
    const idle = current.timeouts.idleMinutes === 30 ? 31 : 30;
    const saved = await fetch(`${url}/api/settings/sessions`, {
      method: 'PUT',
      headers: { ...headers, 'if-match': read.headers.get('etag') ?? '' },
      body: JSON.stringify(setField(current, 'timeouts.idleMinutes', idle)),
    });
    await saved.arrayBuffer();
    return saved.status === 200;
  } catch {
    return false;
  }
}

async function main(): Promise<void> {
  const started = Date.now();
  const root = await mkdtemp(join(tmpdir(), 'qb-bench-servers-'));
  const apiKey = `qbk_bench_${randomBytes(24).toString('hex')}`;
  const password = ACCOUNT ? `bench-${randomBytes(12).toString('hex')}` : null;
  // Room for every session the cold runs open (the contract's default allows 5 per user).
  const settings = setField(DEFAULT_SETTINGS, 'concurrency.maxSessionsPerUser', 100);
  let servers: RunningReferenceServer[] = [];
  let proxies: SleepingProxy[] = [];
  let stopping: Promise<void> | null = null;
  const stop = () => {
    stopping ??= Promise.all(proxies.map((proxy) => proxy.close()))
      .then(() => Promise.all(servers.map((server) => server.close())))
      .then(() => rm(root, { recursive: true, force: true }))
      .finally(() => process.exit(0));
    return stopping;
  };
  process.on('disconnect', () => void stop());
  process.on('SIGTERM', () => void stop());
  process.on('SIGINT', () => void stop());
  process.on('message', (request: ServersRequest) => {
    if (request.type === 'count') {
      let streams = 0;
      for (const open of openStreams.values()) streams += open;
      send({ type: 'count', streams, servers: openStreams.size });
    } else if (request.type === 'cut') {
      for (const proxy of proxies) proxy.cut();
      send({ type: 'fired', ok: true });
    } else {
      const server = servers[request.index];
      if (!server) send({ type: 'fired', ok: false });
      else void fire(server.url, apiKey, request.what).then((ok) => send({ type: 'fired', ok }));
    }
  });
  try {
    servers = await mapBounded(
      Array.from({ length: COUNT }, (_, i) => i),
      STARTS_AT_ONCE,
      async (i) =>
        startReferenceServer({
          dataDir: join(root, `server-${i + 1}`),
          name: `Bench ${i + 1}`,
          heartbeatMs: HEARTBEAT_MS,
          ...(LATENCY_MS > 0 ? { latencyMs: LATENCY_MS } : {}),
          seed: {
            users:
              password === null
                ? []
                : [
                    {
                      username: ACCOUNT_USERNAME,
                      password,
                      permissions: ['admin.sessions.read', 'admin.settings.update'],
                    },
                  ],
            apiKeys: [
              { key: apiKey, label: 'bench', scopes: WRITE ? ['read', 'write'] : ['read'] },
            ],
            settings,
          },
        }),
    );
    if (PROXIED)
      proxies = await Promise.all(servers.map((server) => startSleepingProxy(server.url)));
  } catch (error) {
    send({ type: 'failed', message: error instanceof Error ? error.message : String(error) });
    await stop();
    return;
  }
  send({
    type: 'ready',
    urls: PROXIED ? proxies.map((proxy) => proxy.url) : servers.map((server) => server.url),
    apiKey,
    password,
    startMs: Date.now() - started,
  });
}

// Only as a child with an IPC channel (bench/reference-servers-process.ts starts it so):
// imported by mistake, it would start its servers in the importer's process.
if (process.send) void main();
else {
  console.error('reference-servers-child.ts runs as a child process (startServersProcess)');
  process.exitCode = 1;
}
