/**
 * The watcher's HTTP endpoints: `/livez` (the process answers), `/readyz` (the config is
 * loaded and every server has been tried once) and `/metrics` (Prometheus). Nothing else, and
 * nothing that takes input: it is read-only.
 */

import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { WatchMetrics } from './metrics';

/** What the endpoints read. */
export interface Health {
  ready(): boolean;
  metrics: WatchMetrics;
}

/** Starts the endpoints on host:port; resolves with the server and the address bound. */
export async function startHttp(
  host: string,
  port: number,
  health: Health,
): Promise<{ server: Server; url: string }> {
  const server = createServer((request, reply) => {
    const path = (request.url ?? '/').split('?')[0];
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      reply.writeHead(405, { allow: 'GET, HEAD' }).end();
      return;
    }
    if (path === '/livez') {
      reply.writeHead(200, { 'content-type': 'text/plain' }).end('ok\n');
    } else if (path === '/readyz') {
      const ready = health.ready();
      reply
        .writeHead(ready ? 200 : 503, { 'content-type': 'text/plain' })
        .end(ready ? 'ready\n' : 'not ready\n');
    } else if (path === '/metrics') {
      health.metrics.exposition().then(
        ({ text, contentType }) => reply.writeHead(200, { 'content-type': contentType }).end(text),
        () => reply.writeHead(500).end(),
      );
    } else {
      reply.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
    }
  });
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const shown = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return { server, url: `http://${shown}:${address.port}` };
}
