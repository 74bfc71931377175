/**
 * The Alertmanager sink in a storm, against a stand-in on loopback that records each POST
 * of `/api/v2/alerts` and answers slowly (as a loaded Alertmanager does): the notices sent
 * while a post is in flight go together in the next one, each notice's latest state only,
 * and every alert arrives once the sink is flushed.
 */

import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AlertmanagerSink, type PostableAlert } from '../../../src-cli/watch/alertmanager';
import { WatchMetrics } from '../../../src-cli/watch/metrics';
import type { Notice } from '../../../src-cli/watch/notice';
import { capturingLogger } from '../../main/core/fixtures';

const posts: PostableAlert[][] = [];
let server: Server;
let url: string;

beforeAll(async () => {
  server = createServer((request, reply) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    request.on('end', () => {
      if (request.method === 'POST' && request.url === '/api/v2/alerts') {
        posts.push(JSON.parse(body) as PostableAlert[]);
      }
      setTimeout(() => reply.writeHead(200, { 'content-type': 'application/json' }).end('{}'), 50);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => {
  server.closeAllConnections();
  server.close();
});

function massLogout(serverId: string, eventId: number): Notice {
  const at = new Date().toISOString();
  return {
    key: `${serverId}/mass_logout/${eventId}`,
    kind: 'mass_logout',
    status: 'firing',
    serverId,
    server: serverId,
    environment: null,
    summary: `Mass logout on ${serverId}`,
    who: 'root',
    count: 3,
    eventId,
    startsAt: at,
    endsAt: new Date(Date.now() + 3_600_000).toISOString(),
    seenAt: Date.now(),
  };
}

describe('AlertmanagerSink', () => {
  it('posts the notices of a storm together while a post is in flight, every one arriving', async () => {
    const { logger } = capturingLogger();
    const sink = new AlertmanagerSink([url], {
      logger,
      metrics: new WatchMetrics(),
      timeoutMs: 5_000,
    });
    posts.length = 0;

    for (let index = 0; index < 300; index += 1) {
      sink.send(massLogout(`feed-${index % 60}`, index));
      if (index % 100 === 99) await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const drift = { ...massLogout('feed-1', 0), key: 'feed-1/drift', kind: 'drift' as const };
    sink.send(drift);
    const resolvedAt = new Date().toISOString();
    sink.send({ ...drift, status: 'resolved', endsAt: resolvedAt });
    await sink.flush(Date.now() + 10_000);
    sink.close();

    const alerts = posts.flat();
    const massLogouts = new Set(
      alerts.filter((a) => a.labels['kind'] === 'mass_logout').map((a) => a.labels['event_id']),
    );
    const drifts = alerts.filter((alert) => alert.labels['kind'] === 'drift');
    expect(massLogouts.size).toBe(300);
    // One post per notice was 302 posts, each one more request (and connection) to open.
    expect(posts.length).toBeLessThanOrEqual(10);
    // The drift was resolved while a post was in flight: only its latest state goes out.
    expect(drifts.map((alert) => alert.endsAt)).toEqual([resolvedAt]);
  });
});
