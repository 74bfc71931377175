import { describe, expect, it } from 'vitest';
import { startSeededServer, useSeededServer } from '../fixtures';
import { addAdmin, call, unwrap, useServices } from '../service-fixtures';

const shared = useSeededServer({ name: 'Box A' });
const { start } = useServices(shared);

describe('one client per saved server', () => {
  it('makes no client for a server removed while a first call read its secret', async () => {
    const dataDir = await shared.tempDir();
    const first = await start({ dataDir });
    const view = await addAdmin(shared, first.services);
    await first.dispose();
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    let reading = false;
    const second = await start({
      dataDir,
      credentialStore: {
        set: (account, secret) => first.store.set(account, secret),
        delete: (account) => first.store.delete(account),
        get: async (account) => {
          const secret = await first.store.get(account);
          reading = true;
          await gate;
          return secret;
        },
      },
    });
    const reads = call(() => second.services.settings.getSettings(view.id));
    while (!reading) await new Promise((resolve) => setTimeout(resolve, 10));

    const removed = await call(() => second.services.management.remove(view.id));
    release();
    const read = await reads;

    expect(removed.ok).toBe(true);
    expect(read).toMatchObject({ ok: false, error: { code: 'not_found', what: 'server' } });
  });

  it('logs in once for a saved server that several first calls reach at the same time', async () => {
    const own = await startSeededServer({ name: 'Box Once' });
    shared.folders.push(own.dataDir);
    const first = await start();
    const view = await addAdmin(shared, first.services, {
      name: 'Box Once',
      baseUrl: own.server.url,
      credentials: { kind: 'account', username: 'admin', password: own.secrets.adminPassword },
    });
    await first.dispose();
    const reopened = await start({ dataDir: first.dataDir, credentialStore: first.store });

    const calls = await Promise.all([
      call(() => reopened.services.settings.getSettings(view.id)),
      call(() => reopened.services.sessions.summary(view.id)),
      call(() => reopened.services.sessions.listSessions({ serverId: view.id })),
    ]);
    const sessions = unwrap(
      await call(() =>
        reopened.services.sessions.listSessions({ serverId: view.id, username: 'admin' }),
      ),
    ).sessions;
    await own.server.close();

    expect(calls.every((call) => call.ok)).toBe(true);
    // The session of the add (never logged out), and one for all the calls of the new core.
    expect(sessions).toHaveLength(2);
  });
});
