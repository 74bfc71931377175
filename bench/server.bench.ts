/**
 * Benchmark of the reference server (`npm run bench:server`): logins per second, how
 * listing, counting and invalidating sessions, and the server's memory, grow with the
 * number of active sessions, and what event streams that never read cost in memory.
 * Prints figures (medians of several runs); asserts nothing.
 * `npm run bench:server -- --stalled-streams` runs only the last part.
 *
 * The server runs as a child process (the CLI, under tsx) so that its RSS is its own; bulk
 * sessions are inserted straight into its database by `insertBulkSessions` (WAL allows a
 * second connection while it runs).
 */
import { spawn } from 'node:child_process';
import { connect } from 'node:net';
import type { Socket } from 'node:net';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { insertBulkEvents, insertBulkSessions } from '../server/bulk-sessions';
import type { SeedFile } from '../server/index';
import { DEFAULT_SETTINGS, pickSettings } from '../src-shared/settings';
import { median } from './stats';

const KEY = 'qbk_bench_write_0123456789';
const USERS = Array.from({ length: 20 }, (_, i) => ({
  username: `user${i}`,
  password: `bench-password-${i}`,
  permissions: ['admin.sessions.read', 'admin.settings.update'],
}));
const SIZES = [0, 10_000, 50_000, 100_000];
const LOGIN_RUNS = 5;
const LOGINS_PER_RUN = 100;
const LOGIN_CONCURRENCY = 8;
const PAGE_RUNS = 30;
const INVALIDATE_RUNS = 5;
// The figure of issue 8: 40 streams that never read, replaying 30,000 events each.
const STALLED_STREAMS = 40;
const STALLED_EVENTS = 30_000;

interface ServerProcess {
  child: ChildProcess;
  url: string;
  dataDir: string;
}

function memoryOf(pid: number): { rssMb: number; peakMb: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)?.[1] ?? 0);
  return { rssMb: kb('VmRSS') / 1024, peakMb: kb('VmHWM') / 1024 };
}

async function startServer(): Promise<ServerProcess> {
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

async function stopServer(server: ServerProcess): Promise<void> {
  const exited = new Promise((resolve) => server.child.on('exit', resolve));
  server.child.kill('SIGTERM');
  await exited;
  rmSync(join(server.dataDir, '..'), { recursive: true, force: true });
}

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await fn();
  return performance.now() - start;
}

async function call(
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

async function benchLogins(): Promise<void> {
  const server = await startServer();
  try {
    const rates: number[] = [];
    const latencies: number[] = [];
    for (let run = 0; run < LOGIN_RUNS; run += 1) {
      let next = 0;
      const worker = async () => {
        while (next < LOGINS_PER_RUN) {
          const user = USERS[next % USERS.length];
          next += 1;
          latencies.push(
            await timed(async () => {
              const response = await fetch(`${server.url}/api/auth/login`, {
                method: 'POST',
                headers: { 'content-type': 'application/json' },
                body: JSON.stringify({ username: user?.username, password: user?.password }),
              });
              if (response.status !== 200) throw new Error(`login answered ${response.status}`);
              await response.arrayBuffer();
            }),
          );
        }
      };
      const elapsed = await timed(() =>
        Promise.all(Array.from({ length: LOGIN_CONCURRENCY }, worker)),
      );
      rates.push((LOGINS_PER_RUN / elapsed) * 1000);
    }
    console.log(
      `logins: ${median(rates).toFixed(1)} per second (median of ${LOGIN_RUNS} runs of ${LOGINS_PER_RUN}, ` +
        `${LOGIN_CONCURRENCY} in flight; runs ${rates.map((r) => r.toFixed(1)).join(', ')}); ` +
        `median login latency ${median(latencies).toFixed(1)} ms (scrypt N=2^14)`,
    );
  } finally {
    await stopServer(server);
  }
}

interface SizeFigures {
  sessions: number;
  firstPageMs: number;
  middlePageMs: number;
  page500Ms: number;
  summaryMs: number;
  invalidateMs: number;
  rssMb: number;
  peakMb: number;
}

async function benchSize(sessions: number): Promise<SizeFigures> {
  const server = await startServer();
  try {
    const fill = () =>
      insertBulkSessions(server.dataDir, {
        count: sessions,
        usernames: USERS.map((u) => u.username),
        createdAt: Date.now() - 60_000,
        lifetimeMs: 24 * 3600_000,
      });
    fill();
    const page = (query: string) => call(server, 'GET', `/api/sessions${query}`);
    for (let i = 0; i < 5; i += 1) await page('?limit=100');
    const firstPage: number[] = [];
    for (let i = 0; i < PAGE_RUNS; i += 1) firstPage.push(await timed(() => page('?limit=100')));
    // A cursor from the middle of the list: page through with 500s to reach it.
    let cursor: string | undefined;
    for (let seen = 0; seen < sessions / 2; seen += 500) {
      const answer = (await page(`?limit=500${cursor ? `&cursor=${cursor}` : ''}`)) as {
        nextCursor?: string;
      };
      cursor = answer.nextCursor;
      if (!cursor) break;
    }
    const middlePage: number[] = [];
    for (let i = 0; i < PAGE_RUNS; i += 1) {
      middlePage.push(await timed(() => page(`?limit=100${cursor ? `&cursor=${cursor}` : ''}`)));
    }
    const page500: number[] = [];
    for (let i = 0; i < PAGE_RUNS; i += 1) page500.push(await timed(() => page('?limit=500')));
    const summary: number[] = [];
    for (let i = 0; i < 10; i += 1)
      summary.push(await timed(() => call(server, 'GET', '/api/sessions/summary')));
    const memory = memoryOf(server.child.pid ?? 0);
    const invalidate: number[] = [];
    for (let run = 0; run < INVALIDATE_RUNS; run += 1) {
      if (run > 0) fill();
      let count = -1;
      invalidate.push(
        await timed(async () => {
          const answer = (await call(server, 'POST', '/api/sessions/invalidate-all', {
            confirm: 'INVALIDATE ALL SESSIONS',
          })) as { invalidated: number };
          count = answer.invalidated;
        }),
      );
      if (count !== sessions)
        throw new Error(`invalidate-all ended ${count} sessions, expected ${sessions}`);
    }
    return {
      sessions,
      firstPageMs: median(firstPage),
      middlePageMs: median(middlePage),
      page500Ms: median(page500),
      summaryMs: median(summary),
      invalidateMs: median(invalidate),
      rssMb: memory.rssMb,
      peakMb: memoryOf(server.child.pid ?? 0).peakMb,
    };
  } finally {
    await stopServer(server);
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Waits until the process's RSS has stayed within 2 MB for 2 s (at most 30 s); returns it. */
async function settledRss(pid: number): Promise<number> {
  let last = memoryOf(pid).rssMb;
  let stableSince = performance.now();
  const deadline = performance.now() + 30_000;
  while (performance.now() < deadline) {
    await sleep(250);
    const now = memoryOf(pid).rssMb;
    if (Math.abs(now - last) > 2) {
      last = now;
      stableSince = performance.now();
    } else if (performance.now() - stableSince >= 2_000) {
      return now;
    }
  }
  return memoryOf(pid).rssMb;
}

/**
 * An event stream replaying everything (`Last-Event-ID: 0`) whose reader never reads: a raw
 * socket that sends the request and never consumes a byte of the answer.
 */
function stalledStream(url: URL): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect(Number(url.port), url.hostname, () => {
      socket.pause();
      socket.write(
        `GET /api/sessions/events HTTP/1.1\r\nHost: ${url.host}\r\nAccept: text/event-stream\r\n` +
          `X-API-Key: ${KEY}\r\nLast-Event-ID: 0\r\n\r\n`,
      );
      resolve(socket);
    });
    socket.on('error', reject);
  });
}

async function benchStalledStreams(): Promise<void> {
  const server = await startServer();
  try {
    insertBulkEvents(server.dataDir, STALLED_EVENTS, Date.now() - 3_600_000);
    const pid = server.child.pid ?? 0;
    await call(server, 'GET', '/api/sessions/events?after=0&limit=1');
    const before = await settledRss(pid);
    const url = new URL(server.url);
    const sockets = await Promise.all(
      Array.from({ length: STALLED_STREAMS }, () => stalledStream(url)),
    );
    const open = await settledRss(pid);
    const health = await timed(() => call(server, 'GET', '/api/health'));
    const peak = memoryOf(pid).peakMb;
    for (const socket of sockets) socket.destroy();
    const after = await settledRss(pid);
    console.log(
      `\n${STALLED_STREAMS} event streams that never read, Last-Event-ID: 0, ${STALLED_EVENTS.toLocaleString('en-US')} events: ` +
        `RSS ${before.toFixed(1)} MB before, ${open.toFixed(1)} MB with the streams open ` +
        `(+${(open - before).toFixed(1)} MB; peak ${peak.toFixed(1)} MB), ${after.toFixed(1)} MB after they closed; ` +
        `health answered in ${health.toFixed(1)} ms meanwhile (target: the streams add under 50 MB)`,
    );
  } finally {
    await stopServer(server);
  }
}

async function main(): Promise<void> {
  const started = performance.now();
  console.log(`reference server benchmark (Node ${process.version})`);
  if (process.argv.includes('--stalled-streams')) {
    await benchStalledStreams();
    return;
  }
  await benchLogins();
  const rows: SizeFigures[] = [];
  for (const size of SIZES) rows.push(await benchSize(size));
  const columns = [
    'active sessions',
    'list 1st page (100) ms',
    'list mid page (100) ms',
    'list page of 500 ms',
    'summary ms',
    'invalidate-all ms',
    'RSS MB',
    'peak RSS MB',
  ];
  console.log(
    `\nmedians: ${PAGE_RUNS} runs per page figure, 10 for summary, ${INVALIDATE_RUNS} for invalidate-all`,
  );
  console.log(columns.join(' | '));
  for (const row of rows) {
    console.log(
      [
        row.sessions.toLocaleString('en-US'),
        row.firstPageMs.toFixed(2),
        row.middlePageMs.toFixed(2),
        row.page500Ms.toFixed(2),
        row.summaryMs.toFixed(2),
        row.invalidateMs.toFixed(1),
        row.rssMb.toFixed(1),
        row.peakMb.toFixed(1),
      ].join(' | '),
    );
  }
  console.log(`\ntargets: invalidate-all of 100,000 < 500 ms; one list page with 100,000 < 20 ms`);
  await benchStalledStreams();
  console.log(`total ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
