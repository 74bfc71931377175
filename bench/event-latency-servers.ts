/**
 * The reference servers of the event-latency benchmark, in a process of their own so that
 * serving and firing a storm of mass logouts does not run on the measured core's event loop.
 * Driven by bench/event-latency.bench.ts over the IPC channel of `fork`: it starts N servers
 * (each seeded with another admin's API key), fires one invalidate-all on request, or fires
 * a storm (every server `perSecond` times a second for `seconds`) and reports how many each
 * server answered with 200.
 */

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startReferenceServer, type RunningReferenceServer } from '../server/index';
import { mapBounded } from '../src-main/core/support/bounded';
import { INVALIDATE_ALL_PHRASE } from '../src-shared/quickbox';

/** The other admin's key on every server ("write" may invalidate, "read" may watch). */
export const BENCH_API_KEY = 'qbk_bench_events_0123456789';

/** What the benchmark asks of this process. */
export type ServersRequest =
  | { type: 'start'; count: number }
  | { type: 'single'; index: number }
  | { type: 'storm'; perSecond: number; seconds: number }
  | { type: 'stop' };

/** What this process answers. */
export type ServersReply =
  | { type: 'ready'; urls: string[] }
  | { type: 'fired'; ok: boolean }
  | { type: 'storm-done'; okPerServer: number[]; failed: number; skipped: number; ms: number };

/** Requests in flight per server at most during a storm (a slower server skips a tick). */
const MAX_IN_FLIGHT = 4;

const servers: RunningReferenceServer[] = [];
const folders: string[] = [];

function reply(message: ServersReply): void {
  process.send?.(message);
}

async function invalidate(url: string): Promise<boolean> {
  try {
    const response = await fetch(`${url}/api/sessions/invalidate-all`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': BENCH_API_KEY },
      body: JSON.stringify({ confirm: INVALIDATE_ALL_PHRASE }),
    });
    await response.arrayBuffer();
    return response.status === 200;
  } catch {
    return false;
  }
}

async function start(count: number): Promise<void> {
  const started = await mapBounded(
    Array.from({ length: count }, (_, i) => i),
    8,
    async (i) => {
      const dataDir = await mkdtemp(join(tmpdir(), 'qb-bench-events-server-'));
      folders.push(dataDir);
      return startReferenceServer({
        dataDir,
        name: `Bench ${i + 1}`,
        seed: {
          users: [],
          apiKeys: [{ key: BENCH_API_KEY, label: 'other-admin', scopes: ['read', 'write'] }],
        },
      });
    },
  );
  servers.push(...started);
  reply({ type: 'ready', urls: servers.map((server) => server.url) });
}

/** Every server fires `perSecond` times a second, each on its own phase, for `seconds`. */
async function storm(perSecond: number, seconds: number): Promise<void> {
  const okPerServer = servers.map(() => 0);
  const inFlight = servers.map(() => 0);
  const pending = new Set<Promise<void>>();
  let failed = 0;
  let skipped = 0;
  const period = 1000 / perSecond;
  const began = performance.now();
  const timers = servers.map((server, i) => {
    const fire = (): void => {
      if ((inFlight[i] ?? 0) >= MAX_IN_FLIGHT) {
        skipped += 1;
        return;
      }
      inFlight[i] = (inFlight[i] ?? 0) + 1;
      const call = invalidate(server.url).then((ok) => {
        inFlight[i] = (inFlight[i] ?? 1) - 1;
        if (ok) okPerServer[i] = (okPerServer[i] ?? 0) + 1;
        else failed += 1;
        pending.delete(call);
      });
      pending.add(call);
    };
    // Spread the servers' phases over one period, as independent servers would be.
    const phase = (period * i) / servers.length;
    let interval: ReturnType<typeof setInterval> | null = null;
    const first = setTimeout(() => {
      fire();
      interval = setInterval(fire, period);
    }, phase);
    return () => {
      clearTimeout(first);
      if (interval) clearInterval(interval);
    };
  });
  await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
  for (const stop of timers) stop();
  await Promise.all([...pending]);
  reply({ type: 'storm-done', okPerServer, failed, skipped, ms: performance.now() - began });
}

async function stop(): Promise<void> {
  await Promise.all(servers.map((server) => server.close()));
  await Promise.all(folders.map((folder) => rm(folder, { recursive: true, force: true })));
  process.exit(0);
}

process.on('message', (message: ServersRequest) => {
  const work =
    message.type === 'start'
      ? start(message.count)
      : message.type === 'single'
        ? invalidate(servers[message.index]?.url ?? '').then((ok) => reply({ type: 'fired', ok }))
        : message.type === 'storm'
          ? storm(message.perSecond, message.seconds)
          : stop();
  work.catch((error: unknown) => {
    console.error('bench servers:', error instanceof Error ? error.message : error);
    process.exit(1);
  });
});
