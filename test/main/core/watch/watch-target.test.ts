import { describe, expect, it } from 'vitest';
import type { NewServer } from '../../../../src-main/core/registry/server-registry';
import { useSeededServer } from '../fixtures';
import { useServices } from '../service-fixtures';

const shared = useSeededServer({ name: 'Box Target' });
const { start } = useServices(shared);

function fields(name: string): NewServer {
  return {
    name,
    baseUrl: `https://${name.toLowerCase().replace(/\s+/g, '-')}.example`,
    environment: null,
    authKind: 'api_key',
    username: null,
    pinnedFingerprint: null,
    expectedFingerprint: null,
  };
}

describe('ServerWatchTarget', () => {
  it('lists the saved servers; one is watched once marked, and its event id only goes forward', async () => {
    const { services, registry } = await start();
    const target = services.watchTarget;
    const fresh = await registry.add(fields('Box Fresh'));
    const seen = await registry.add(fields('Box Seen'));
    await registry.update(seen.id, { lastEventId: 5 });

    const before = target.watchList();
    await target.markWatched(fresh.id, 9);
    await target.markWatched(fresh.id, 20);
    await target.recordLastEventId(fresh.id, 7);
    const afterBackwards = registry.get(fresh.id)?.lastEventId;
    await target.recordLastEventId(fresh.id, 12);

    expect(before).toEqual([
      { id: fresh.id, lastEventId: 0, watched: false },
      // A file from before `watchedFrom` existed: a server with events seen was watched.
      { id: seen.id, lastEventId: 5, watched: true },
    ]);
    expect(afterBackwards).toBe(9);
    expect(target.watchList()[0]).toEqual({ id: fresh.id, lastEventId: 12, watched: true });
    expect(target.nameOf(fresh.id)).toBe('Box Fresh');
    expect(target.nameOf('gone')).toBeNull();
  });

  it('signals list changes (saved changes, clients replaced or allowed to sign in), not statuses', async () => {
    const { services, registry } = await start();
    let signals = 0;
    const stop = services.watchTarget.onListChanged(() => {
      signals += 1;
    });
    const server = await registry.add(fields('Box Signal'));
    const afterAdd = signals;

    services.statuses.set(server.id, 'unreachable', 'down');
    services.statuses.noteMassLogout(server.id);
    const afterStatuses = signals;
    const client = services.pool.newClient(
      { baseUrl: server.baseUrl, pinnedFingerprint: null },
      { kind: 'api_key', apiKey: 'qbk_signal' },
    );
    await services.pool.adopt(server.id, client);
    services.pool.allowSignIn(server.id);
    await services.pool.drop(server.id);
    const afterClients = signals;
    stop();
    await registry.update(server.id, { name: 'Box Quiet' });

    expect(afterAdd).toBe(1);
    expect(afterStatuses).toBe(1);
    expect(afterClients).toBe(4);
    expect(signals).toBe(4);
  });

  it('follows a feed that started again from zero, keeping the state and saying why', async () => {
    const { services, registry } = await start();
    const server = await registry.add(fields('Box Rebuilt'));
    await registry.update(server.id, { lastEventId: 40 });
    services.statuses.set(server.id, 'connected', null);

    await services.watchTarget.restartFeed(server.id);

    expect(registry.get(server.id)?.lastEventId).toBe(0);
    expect(services.statuses.status(server.id)).toMatchObject({ state: 'connected' });
    expect(services.statuses.status(server.id).message).toMatch(/started again/);
  });

  it('saves the last event ids of a storm in a few writes, and does not hold the feed for the disk', async () => {
    const { services, registry } = await start();
    const target = services.watchTarget;
    const servers = await Promise.all(
      ['Box S1', 'Box S2', 'Box S3'].map((n) => registry.add(fields(n))),
    );
    let writes = 0;
    const stop = registry.onChange(() => {
      writes += 1;
    });

    // A feed hands over each event's id and goes on: a slow disk does not slow the events.
    const recorded: Promise<void>[] = [];
    for (let id = 1; id <= 10; id++) {
      for (const server of servers) recorded.push(target.recordLastEventId(server.id, id));
    }
    await Promise.all(recorded);
    const listed = target.watchList().map((entry) => entry.lastEventId);
    await target.flush();
    stop();

    expect(listed).toEqual([10, 10, 10]);
    expect(servers.map((server) => registry.get(server.id)?.lastEventId)).toEqual([10, 10, 10]);
    expect(writes).toBeLessThanOrEqual(2);
  });

  it('a feed that starts again from zero is not put back by an id not saved yet', async () => {
    const { services, registry } = await start();
    const target = services.watchTarget;
    const server = await registry.add(fields('Box Reset'));
    await target.recordLastEventId(server.id, 30);
    await target.recordLastEventId(server.id, 31);
    await target.restartFeed(server.id);
    await target.flush();

    expect(registry.get(server.id)?.lastEventId).toBe(0);
    expect(target.watchList()[0]?.lastEventId).toBe(0);
  });
});
