import { afterEach, describe, expect, it } from 'vitest';
import { SecretVault } from '../../../../src-main/core/registry/credential-store';
import {
  DEFAULT_WATCHER_OPTIONS,
  EventWatcher,
} from '../../../../src-main/core/watch/event-watcher';
import { until, useSeededServer } from '../fixtures';
import { useServices } from '../service-fixtures';

const shared = useSeededServer({ name: 'Box First Watch' });
const { start } = useServices(shared);

const watchers: EventWatcher[] = [];
afterEach(async () => {
  await Promise.all(watchers.splice(0).map((watcher) => watcher.stop()));
});

describe('the first watch of many new servers', () => {
  it('saves the server list in a few batches, not once per server', async () => {
    const { services, registry, store, bus } = await start();
    const count = 40;
    const servers = await registry.addMany(
      Array.from({ length: count }, (_, index) => ({
        name: `Box New ${index}`,
        baseUrl: shared.server.url,
        environment: null,
        authKind: 'api_key' as const,
        username: null,
        pinnedFingerprint: null,
        expectedFingerprint: null,
      })),
    );
    const vault = new SecretVault(store);
    for (const server of servers) {
      await vault.save(server.id, { kind: 'api_key', apiKey: shared.secrets.readKey });
    }
    let writes = 0;
    const stop = registry.onChange(() => {
      writes += 1;
    });
    const logger = { info: () => undefined, warn: () => undefined, error: () => undefined };
    const watcher = new EventWatcher(services.watchTarget, bus, logger, DEFAULT_WATCHER_OPTIONS);
    watchers.push(watcher);

    watcher.start();
    await until(() => registry.list().every((server) => server.watchedFrom !== undefined));
    await watcher.stop();
    await services.watchTarget.flush();
    stop();

    expect(services.watchTarget.watchList().every((server) => server.watched)).toBe(true);
    // One write per server was 40 writes of the whole list, each one more file lock and fsync.
    expect(writes).toBeLessThanOrEqual(3);
  });
});
