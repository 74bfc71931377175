/**
 * Benchmark of the reference server (`npm run bench:server`): logins per second, how
 * listing, counting and invalidating sessions, and the server's memory, grow with the
 * number of active sessions, and what event streams that never read cost in memory.
 * Prints figures (medians of several runs); asserts nothing.
 * `npm run bench:server -- --stalled-streams` runs only the last part; `-- --quick` a smaller
 * version of everything (10,000 sessions only, fewer runs; no targets then, they are for
 * 100,000).
 *
 * The server runs as a child process (the CLI, under tsx) so that its RSS is its own; bulk
 * sessions are inserted straight into its database by `insertBulkSessions` (WAL allows a
 * second connection while it runs).
 */
import { connect } from 'node:net';
import type { Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import { insertBulkEvents, insertBulkSessions } from '../server/bulk-sessions';
import { reportFigures, type BenchFigure } from './figures';
import { memoryOf, settledRss } from './process-stats';
import { call, KEY, startServer, stopServer, timed, USERS } from './server-process';
import { median } from './stats';

const QUICK = process.argv.includes('--quick');
const SIZES = QUICK ? [10_000] : [0, 10_000, 50_000, 100_000];
const LOGIN_RUNS = QUICK ? 2 : 5;
const LOGINS_PER_RUN = QUICK ? 8 : 100;
const LOGIN_CONCURRENCY = 8;
const PAGE_RUNS = QUICK ? 10 : 30;
const INVALIDATE_RUNS = QUICK ? 2 : 5;
// The stalled-stream figure: 40 streams that never read, replaying 30,000 events each.
const STALLED_STREAMS = QUICK ? 10 : 40;
const STALLED_EVENTS = QUICK ? 5_000 : 30_000;
/** The targets, for 100,000 active sessions (and the 40 stalled streams). */
const TARGETS = { invalidateMs: 500, firstPageMs: 20, stalledMb: 50 };
const COMMAND = `npm run bench:server${QUICK ? ' -- --quick' : ''}`;
/** The figures of this run, printed together at the end. */
const figures: BenchFigure[] = [];

/** A figure of this benchmark; its target only applies to the full run. */
function figure(id: string, label: string, value: number, unit: string, below?: number): void {
  const target = QUICK || below === undefined ? null : below;
  figures.push({
    id: `server.${id}`,
    label,
    value,
    unit,
    target: target === null ? null : `< ${target}`,
    met: target === null ? null : value < target,
    command: COMMAND,
  });
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
    figure(
      'logins-per-s',
      `reference server: logins per second (scrypt N=2^14, ${LOGIN_CONCURRENCY} in flight)`,
      Number(median(rates).toFixed(1)),
      'per s',
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
        `health answered in ${health.toFixed(1)} ms meanwhile (target: the streams add under ${TARGETS.stalledMb} MB)`,
    );
    figure(
      `stalled-streams.rss-growth.${STALLED_STREAMS}`,
      `reference server: RSS added by ${STALLED_STREAMS} event streams that never read, replaying ${STALLED_EVENTS.toLocaleString('en-US')} events`,
      Number((open - before).toFixed(1)),
      'MB',
      TARGETS.stalledMb,
    );
  } finally {
    await stopServer(server);
  }
}

async function main(): Promise<void> {
  const started = performance.now();
  console.log(`reference server benchmark (Node ${process.version}${QUICK ? ', quick' : ''})`);
  if (process.argv.includes('--stalled-streams')) {
    await benchStalledStreams();
    reportFigures(figures);
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
  console.log(
    `\ntargets: invalidate-all of 100,000 < ${TARGETS.invalidateMs} ms; one list page with 100,000 < ${TARGETS.firstPageMs} ms`,
  );
  const largest = rows[rows.length - 1];
  if (largest) {
    const n = largest.sessions.toLocaleString('en-US');
    figure(
      `list-first-page.${largest.sessions}`,
      `reference server: first list page (100) with ${n} active sessions`,
      Number(largest.firstPageMs.toFixed(2)),
      'ms',
      TARGETS.firstPageMs,
    );
    figure(
      `list-middle-page.${largest.sessions}`,
      `reference server: a list page (100) from the middle of ${n} active sessions`,
      Number(largest.middlePageMs.toFixed(2)),
      'ms',
      TARGETS.firstPageMs,
    );
    figure(
      `summary.${largest.sessions}`,
      `reference server: sessions summary with ${n} active sessions`,
      Number(largest.summaryMs.toFixed(2)),
      'ms',
    );
    figure(
      `invalidate-all.${largest.sessions}`,
      `reference server: invalidate-all of ${n} active sessions`,
      Number(largest.invalidateMs.toFixed(1)),
      'ms',
      TARGETS.invalidateMs,
    );
    figure(
      `rss.${largest.sessions}`,
      `reference server: RSS with ${n} active sessions`,
      Number(largest.rssMb.toFixed(1)),
      'MB',
    );
  }
  await benchStalledStreams();
  reportFigures(figures);
  console.log(`command: ${COMMAND}; total ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
