import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { SIGN_OUT_CONCURRENCY } from '../../../../src-main/core/registry/client-pool';
import { useSeededServer } from '../fixtures';
import { useServices } from '../service-fixtures';

const shared = useSeededServer({ name: 'Box A' });
const { start } = useServices(shared);

/**
 * A loopback server that signs any account in and holds each sign-out a while, counting how
 * many are open at once.
 */
async function signOutCounter(): Promise<{
  url: string;
  logouts: () => number;
  mostAtOnce: () => number;
  close: () => Promise<void>;
}> {
  let open = 0;
  let most = 0;
  let logouts = 0;
  const server = createServer((request, reply) => {
    const json = (body: unknown): void => {
      reply.writeHead(200, { 'content-type': 'application/json' });
      reply.end(JSON.stringify(body));
    };
    const path = (request.url ?? '/').replace(/^\/b\/\d+/, '');
    request.resume();
    if (path === '/api/auth/login') {
      json({
        token: 'token',
        expiresAt: '2099-01-01T00:00:00.000Z',
        user: { username: 'admin', permissions: [] },
      });
    } else if (path === '/api/auth/me') {
      json({ username: 'admin', permissions: [], via: 'session' });
    } else if (path === '/api/auth/logout') {
      logouts += 1;
      open += 1;
      most = Math.max(most, open);
      setTimeout(() => {
        open -= 1;
        reply.writeHead(204).end();
      }, 40);
    } else {
      reply.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    logouts: () => logouts,
    mostAtOnce: () => most,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()));
});

describe('ClientPool.signOutAll', () => {
  it('signs every client out, a bounded number at a time', async () => {
    const counter = await signOutCounter();
    closers.push(counter.close);
    const { services } = await start();
    const count = SIGN_OUT_CONCURRENCY * 2 + 10;
    for (let n = 0; n < count; n += 1) {
      const client = services.pool.newClient(
        { baseUrl: `${counter.url}/b/${n}`, pinnedFingerprint: null },
        { kind: 'account', username: 'admin', password: 'secret' },
      );
      await client.me();
      await services.pool.adopt(`server-${n}`, client);
    }

    await services.pool.signOutAll();

    expect(counter.logouts()).toBe(count);
    expect(counter.mostAtOnce()).toBeGreaterThan(1);
    expect(counter.mostAtOnce()).toBeLessThanOrEqual(SIGN_OUT_CONCURRENCY);
  });
});
