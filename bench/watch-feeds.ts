/**
 * The fake servers of the `qbsc watch` benchmark (bench/watch.bench.ts forks it, so that the
 * watcher's process holds only the watcher): `--feeds N` event feeds on `--ports P` loopback
 * ports, several feeds per port, each at its own base path (`/f/<n>`). Each answers just what
 * the watcher asks of an API-key server: the JSON page of its feed and its SSE stream (a
 * comment every 15 s as the heartbeat). On request it fires a storm of mass logouts (each
 * event's `at` is the moment it is written, for the event-to-alert figure) and reports how
 * many streams are open.
 */

import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the parent asks. */
export type FeedsRequest =
  { type: 'count' } | { type: 'storm'; events: number; perSecond: number } | { type: 'stop' };

/** What this process says. */
export type FeedsMessage =
  | { type: 'ready'; urls: string[] }
  | { type: 'count'; streams: number }
  | { type: 'stormed'; fired: number };

function option(name: string, fallback: number): number {
  const index = process.argv.indexOf(name);
  const value = index === -1 ? Number.NaN : Number(process.argv[index + 1]);
  return Number.isFinite(value) && value > 0 ? value : fallback;
}

const FEEDS = option('--feeds', 5000);
const PORTS = option('--ports', 50);
const HEARTBEAT_MS = 15_000;

interface Feed {
  events: { id: number; type: string; at: string; actor: string; data: unknown }[];
  streams: Set<ServerResponse>;
}

const feeds: Feed[] = Array.from({ length: FEEDS }, () => ({ events: [], streams: new Set() }));
let open = 0;

function handle(feed: Feed, accept: string, url: URL, reply: ServerResponse): void {
  if (accept.includes('text/event-stream')) {
    reply.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store' });
    reply.write(': open\n\n');
    feed.streams.add(reply);
    open += 1;
    reply.on('close', () => {
      feed.streams.delete(reply);
      open -= 1;
    });
    return;
  }
  const after = Number(url.searchParams.get('after') ?? 0);
  const limit = Number(url.searchParams.get('limit') ?? 100);
  const events = feed.events.filter((event) => event.id > after).slice(0, limit);
  const lastId = events.at(-1)?.id ?? after;
  reply
    .writeHead(200, { 'content-type': 'application/json' })
    .end(JSON.stringify({ events, lastId }));
}

function fire(index: number): void {
  const feed = feeds[index] as Feed;
  const event = {
    id: feed.events.length + 1,
    type: 'sessions.invalidated_all',
    at: new Date().toISOString(),
    actor: 'bench',
    data: { invalidated: 3 },
  };
  feed.events.push(event);
  const frame = `id: ${event.id}\ndata: ${JSON.stringify(event)}\n\n`;
  for (const stream of feed.streams) stream.write(frame);
}

async function storm(events: number, perSecond: number): Promise<number> {
  const tickMs = 50;
  const perTick = Math.max(1, Math.round((perSecond * tickMs) / 1000));
  let fired = 0;
  while (fired < events) {
    for (let i = 0; i < perTick && fired < events; i += 1) {
      fire(Math.floor(Math.random() * FEEDS));
      fired += 1;
    }
    await new Promise((resolve) => setTimeout(resolve, tickMs));
  }
  return fired;
}

async function main(): Promise<void> {
  const servers: Server[] = [];
  const urls: string[] = [];
  const perPort = Math.ceil(FEEDS / PORTS);
  for (let port = 0; port < PORTS; port += 1) {
    const server = createServer((request, reply) => {
      const url = new URL(request.url ?? '/', 'http://x');
      const match = /^\/f\/(\d+)\/api\/sessions\/events$/.exec(url.pathname);
      const feed = match ? feeds[Number(match[1])] : undefined;
      if (!feed) {
        reply.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"not_found"}');
        return;
      }
      handle(feed, String(request.headers.accept ?? ''), url, reply);
    });
    server.keepAliveTimeout = 60_000;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    servers.push(server);
    const { port: bound } = server.address() as AddressInfo;
    for (let n = port * perPort; n < Math.min(FEEDS, (port + 1) * perPort); n += 1) {
      urls.push(`http://127.0.0.1:${bound}/f/${n}`);
    }
  }
  const heartbeat = setInterval(() => {
    for (const feed of feeds) for (const stream of feed.streams) stream.write(': hb\n\n');
  }, HEARTBEAT_MS);
  const stop = (): void => {
    clearInterval(heartbeat);
    for (const server of servers) server.closeAllConnections();
    process.exit(0);
  };
  process.on('message', (request: FeedsRequest) => {
    if (request.type === 'count')
      process.send?.({ type: 'count', streams: open } satisfies FeedsMessage);
    if (request.type === 'stop') stop();
    if (request.type === 'storm') {
      void storm(request.events, request.perSecond).then((fired) =>
        process.send?.({ type: 'stormed', fired } satisfies FeedsMessage),
      );
    }
  });
  process.on('disconnect', stop);
  process.on('SIGTERM', stop);
  process.send?.({ type: 'ready', urls } satisfies FeedsMessage);
}

void main();
