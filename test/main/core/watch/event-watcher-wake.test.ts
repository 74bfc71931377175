import { afterAll, describe, expect, it } from 'vitest';
import type { Core } from '../../../../src-main/core/composition-root';
import { QuickBoxClient } from '../../../../src-main/core/client/quickbox-client';
import { DEFAULT_SETTINGS } from '../../../../src-shared/settings';
import {
  capturingLogger,
  FAST_LIMITS,
  fastLimits,
  recorder,
  startCore,
  until,
  useSeededServer,
} from '../fixtures';
import { startSleepingProxy, type SleepingProxy } from '../sleeping-proxy';

const shared = useSeededServer({ name: 'Box Wake' });
const proxies: SleepingProxy[] = [];
afterAll(async () => {
  await Promise.all(proxies.map((proxy) => proxy.close()));
});

/** Another admin changes a setting on the shared server (an event every feed must see). */
async function otherAdminSaves(maxSessions: number): Promise<number> {
  const client = new QuickBoxClient(
    { baseUrl: shared.server.url, pinnedFingerprint: null },
    { kind: 'api_key', apiKey: shared.secrets.writeKey },
    fastLimits(),
    capturingLogger().logger,
  );
  try {
    const current = await client.getSettings();
    const saved = await client.saveSettings(
      { ...DEFAULT_SETTINGS, concurrency: { maxSessionsPerUser: maxSessions } },
      current.version,
    );
    return saved.version;
  } finally {
    await client.close();
  }
}

async function states(core: Core): Promise<string[]> {
  const listed = await core.handlers['servers:list'](undefined);
  return listed.ok ? listed.value.servers.map((server) => server.status.state) : [];
}

async function lastEventIds(core: Core): Promise<number[]> {
  const listed = await core.handlers['servers:list'](undefined);
  return listed.ok ? listed.value.servers.map((server) => server.lastEventId) : [];
}

/** How many times each server delivered the settings change that made `version`. */
function deliveries(seen: ReturnType<typeof recorder>, ids: string[], version: number): number[] {
  return ids.map(
    (id) =>
      seen.events.filter(
        (entry) =>
          entry.serverId === id &&
          entry.event.type === 'settings.updated' &&
          entry.event.data.version === version,
      ).length,
  );
}

describe('waking from sleep', () => {
  it('reconnects every stream at once after a sleep left dead sockets, and misses or doubles nothing', async () => {
    const SERVERS = 3;
    for (let i = 0; i < SERVERS; i += 1) proxies.push(await startSleepingProxy(shared.server.url));
    // A long backoff and the stream's 45 s quiet timeout: without the wake entry the feeds
    // would still be waiting on their dead sockets when the test's timeout ends it.
    const { core } = await startCore({
      dataDir: await shared.tempDir(),
      watcher: { mode: 'sse', reconnectBaseMs: 60_000, reconnectMaxMs: 60_000 },
    });
    const seen = recorder(core);
    const ids: string[] = [];
    for (const [index, proxy] of proxies.entries()) {
      const added = await core.handlers['servers:add']({
        name: `Box Wake ${index}`,
        baseUrl: proxy.url,
        environment: null,
        credentials: { kind: 'api_key', apiKey: shared.secrets.readKey },
      });
      if (!added.ok) throw new Error(added.error.message);
      ids.push(added.value.server.id);
    }
    await otherAdminSaves(2);
    core.startWatching();
    await until(async () => (await lastEventIds(core)).every((id) => id > 0));
    const before = await otherAdminSaves(3);
    await until(() => deliveries(seen, ids, before).every((count) => count === 1));

    for (const proxy of proxies) proxy.sleep();
    const meanwhile = await otherAdminSaves(4);
    const connectionsAsleep = proxies.map((proxy) => proxy.connections());
    for (const proxy of proxies) proxy.wake();
    core.reconnectAll();
    await until(() => deliveries(seen, ids, meanwhile).every((count) => count >= 1));
    const after = await otherAdminSaves(5);
    await until(() => deliveries(seen, ids, after).every((count) => count >= 1));
    await core.dispose();

    expect(deliveries(seen, ids, meanwhile)).toEqual([1, 1, 1]);
    expect(deliveries(seen, ids, after)).toEqual([1, 1, 1]);
    expect(deliveries(seen, ids, before)).toEqual([1, 1, 1]);
    // Each feed came back over a new connection (the dead ones hear nothing).
    proxies.forEach((proxy, index) =>
      expect(proxy.connections()).toBeGreaterThan(connectionsAsleep[index] ?? Infinity),
    );
  }, 15_000);

  it('leaves the backoff of a wake that came before the network at once when the network is back', async () => {
    const sleepers = [
      await startSleepingProxy(shared.server.url),
      await startSleepingProxy(shared.server.url),
    ];
    proxies.push(...sleepers);
    const { core } = await startCore({
      dataDir: await shared.tempDir(),
      // A short headers timeout: the attempts made while the network is still down fail soon.
      clientLimits: { ...FAST_LIMITS, headersMs: 1_500 },
      watcher: { mode: 'sse', reconnectBaseMs: 60_000, reconnectMaxMs: 60_000 },
    });
    const seen = recorder(core);
    const ids: string[] = [];
    for (const [index, proxy] of sleepers.entries()) {
      const added = await core.handlers['servers:add']({
        name: `Box Early ${index}`,
        baseUrl: proxy.url,
        environment: null,
        credentials: { kind: 'api_key', apiKey: shared.secrets.readKey },
      });
      if (!added.ok) throw new Error(added.error.message);
      ids.push(added.value.server.id);
    }
    await otherAdminSaves(2);
    core.startWatching();
    await until(async () => (await lastEventIds(core)).every((id) => id > 0));
    const before = await otherAdminSaves(3);
    await until(() => deliveries(seen, ids, before).every((count) => count === 1));

    // Resumed, but the Wi-Fi is still joining: the new attempts hear nothing and fail.
    for (const proxy of sleepers) proxy.sleep();
    core.reconnectAll();
    await until(async () => (await states(core)).every((state) => state === 'unreachable'));
    const failedStates = await states(core);
    const meanwhile = await otherAdminSaves(4);
    // The network is back (online again): the feeds leave their 60 s backoff now.
    for (const proxy of sleepers) proxy.wake();
    core.reconnectAll();
    await until(() => deliveries(seen, ids, meanwhile).every((count) => count >= 1));
    const after = await otherAdminSaves(5);
    await until(() => deliveries(seen, ids, after).every((count) => count >= 1));
    const finalStates = await states(core);
    await core.dispose();

    expect(failedStates).toEqual(['unreachable', 'unreachable']);
    expect(deliveries(seen, ids, meanwhile)).toEqual([1, 1]);
    expect(deliveries(seen, ids, after)).toEqual([1, 1]);
    // A read-only key's server is healthy as read_only.
    expect(finalStates).toEqual(['read_only', 'read_only']);
  }, 20_000);
});
