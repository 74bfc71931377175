import { existsSync, readFileSync } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { findCredentials } from 'keytar';
import { describe, expect, it } from 'vitest';
import { startReferenceServer, totpCode } from '../../../../server/index';
import type { ServerView } from '../../../../src-shared/domain';
import type { ServerDraft } from '../../../../src-shared/ipc-contract';
import { PERMISSIONS } from '../../../../src-shared/quickbox';
import type { CredentialStore } from '../../../../src-main/core/registry/credential-store';
import {
  REGISTRY_BACKUP_FILE,
  REGISTRY_FILE,
} from '../../../../src-main/core/registry/server-registry';
import {
  isolatedKeychain,
  sendJson,
  startRawServer,
  startSeededServer,
  TOTP_SECRET,
  useSeededServer,
} from '../fixtures';
import {
  addAdmin,
  addPinned,
  adminDraft,
  call,
  startObservedServer,
  unwrap,
  useServices,
} from '../service-fixtures';

const shared = useSeededServer({ name: 'Box A' });
const { start, services } = useServices(shared);

describe('servers', () => {
  it('adds a server after testing it, and reports it connected', async () => {
    const { services: target, bus } = await start();
    const changes: ServerView[][] = [];
    bus.subscribe('servers:changed', ({ servers }) => changes.push(servers));

    const added = unwrap(await call(() => target.management.add(adminDraft(shared))));
    const listed = unwrap(await call(() => target.management.list()));

    expect(added.connection.summary).toBe('Connected');
    expect(added.server).toMatchObject({ name: 'Box A', authKind: 'account', username: 'admin' });
    expect(added.server.status.state).toBe('connected');
    expect(listed.servers.map((view) => view.id)).toEqual([added.server.id]);
    expect(listed.registryProblem).toBeNull();
    expect(changes.at(-1)?.[0]?.status.state).toBe('connected');
  });

  it('reports a viewer account as read-only with the missing permission', async () => {
    const target = await services();

    const added = unwrap(
      await call(() =>
        target.management.add(
          adminDraft(shared, {
            credentials: {
              kind: 'account',
              username: 'viewer',
              password: shared.secrets.viewerPassword,
            },
          }),
        ),
      ),
    );

    expect(added.connection).toMatchObject({
      canRead: true,
      canUpdate: false,
      missingPermissions: ['admin.settings.update'],
      summary: 'Connected, read-only (missing admin.settings.update)',
    });
    expect(added.server.status.state).toBe('read_only');
  });

  it('tests a draft without saving it, and refuses a wrong password', async () => {
    const target = await services();

    const report = unwrap(
      await call(() =>
        target.management.testDraft(
          adminDraft(shared, { credentials: { kind: 'api_key', apiKey: shared.secrets.readKey } }),
        ),
      ),
    );
    const wrong = await call(() =>
      target.management.add(
        adminDraft(shared, {
          credentials: { kind: 'account', username: 'admin', password: 'wrong password' },
        }),
      ),
    );
    const listed = unwrap(await call(() => target.management.list()));

    expect(report).toMatchObject({
      identity: { via: 'api_key', username: 'monitor', scopes: ['read'] },
    });
    expect(wrong).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    expect(listed.servers).toEqual([]);
  });

  it('asks for the one-time code of a TOTP account, then adds it with the code', async () => {
    const target = await services();
    const credentials = {
      kind: 'account' as const,
      username: 'otpadmin',
      password: shared.secrets.totpPassword,
    };

    const first = await call(() => target.management.add(adminDraft(shared, { credentials })));
    const second = await call(() =>
      target.management.add(
        adminDraft(shared, {
          credentials: { ...credentials, otp: totpCode(TOTP_SECRET, Date.now()) },
        }),
      ),
    );
    const settings = await call(() => target.settings.getSettings(unwrap(second).server.id));

    expect(first).toMatchObject({ ok: false, error: { code: 'otp_required' } });
    expect(unwrap(settings).canUpdate).toBe(true);
  });

  it('updates, reorders and removes servers (the secret goes with it)', async () => {
    const started = await start();
    const target = started.services;
    const a = await addAdmin(shared, target);
    const b = unwrap(
      await call(() =>
        target.management.add(
          adminDraft(shared, {
            name: 'Box B',
            credentials: { kind: 'api_key', apiKey: shared.secrets.writeKey },
          }),
        ),
      ),
    ).server;

    const renamed = unwrap(
      await call(() =>
        target.management.update({
          id: a.id,
          changes: { name: 'Box A1', environment: 'staging' },
        }),
      ),
    );
    const badCredentials = await call(() =>
      target.management.update({
        id: a.id,
        changes: { credentials: { kind: 'account', username: 'admin', password: 'nope' } },
      }),
    );
    const reordered = unwrap(await call(() => target.management.reorder([b.id, a.id])));
    const badOrder = await call(() => target.management.reorder([b.id]));
    const removed = await call(() => target.management.remove(a.id));
    const gone = await call(() => target.settings.getSettings(a.id));

    expect(renamed.server).toMatchObject({ name: 'Box A1', environment: 'staging' });
    expect(renamed.connection).toBeNull();
    expect(badCredentials).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    expect(await started.store.get(a.id)).toBeNull();
    expect(reordered.servers.map((view) => view.name)).toEqual(['Box B', 'Box A1']);
    expect(badOrder).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
    expect(removed).toEqual({ ok: true, value: { removed: true } });
    expect(gone).toMatchObject({ ok: false, error: { code: 'not_found', what: 'server' } });
  });

  it('keeps the account usable after the password is changed through update', async () => {
    const started = await start();
    const a = await addAdmin(shared, started.services, {
      credentials: { kind: 'api_key', apiKey: shared.secrets.readKey },
    });

    const updated = unwrap(
      await call(() =>
        started.services.management.update({
          id: a.id,
          changes: {
            credentials: {
              kind: 'account',
              username: 'admin',
              password: shared.secrets.adminPassword,
            },
          },
        }),
      ),
    );

    expect(updated.connection?.canUpdate).toBe(true);
    expect(updated.server).toMatchObject({ authKind: 'account', username: 'admin' });
    expect(JSON.parse((await started.store.get(a.id)) ?? 'null')).toEqual({
      kind: 'account',
      password: shared.secrets.adminPassword,
    });
  });

  it('marks a server unreachable when it goes away', async () => {
    const dead = await startSeededServer({ name: 'Box Gone' });
    shared.folders.push(dead.dataDir);
    const target = await services();
    const added = unwrap(
      await call(() =>
        target.management.add({
          name: 'Box Gone',
          baseUrl: dead.server.url,
          environment: null,
          credentials: { kind: 'api_key', apiKey: dead.secrets.writeKey },
        }),
      ),
    ).server;
    await dead.server.close();

    const tested = await call(() => target.management.test(added.id));
    const listed = unwrap(await call(() => target.management.list()));

    expect(tested).toMatchObject({ ok: false, error: { code: 'unreachable' } });
    expect(listed.servers[0]?.status.state).toBe('unreachable');
  });

  it('leaves no secret behind when the server is removed while an edit tests new credentials', async () => {
    const held: (() => void)[] = [];
    let hold = false;
    const raw = await startRawServer((request, response) => {
      if (request.url?.startsWith('/api/health'))
        return sendJson(response, 200, { status: 'ok', name: 'Raw', version: '1' });
      const answer = (): void =>
        sendJson(response, 200, {
          username: 'k',
          permissions: [...PERMISSIONS],
          via: 'api_key',
          scopes: ['read', 'write'],
        });
      if (hold) held.push(answer);
      else answer();
    });
    const started = await start();
    const view = await addAdmin(shared, started.services, {
      name: 'Raw',
      baseUrl: raw.url,
      credentials: { kind: 'api_key', apiKey: 'qbk_first' },
    });
    hold = true;
    const editing = call(() =>
      started.services.management.update({
        id: view.id,
        changes: { credentials: { kind: 'api_key', apiKey: 'qbk_second' } },
      }),
    );
    while (held.length === 0) await new Promise((resolve) => setTimeout(resolve, 10));

    const removed = await call(() => started.services.management.remove(view.id));
    for (const answer of held) answer();
    const edited = await editing;
    const secret = await started.store.get(view.id);
    await raw.close();

    expect(removed.ok).toBe(true);
    expect(edited).toMatchObject({ ok: false, error: { code: 'not_found', what: 'server' } });
    expect(secret).toBeNull();
  });

  it('stores the secret before the server is listed, and takes it back when the list cannot be written', async () => {
    const { store, service } = isolatedKeychain();
    const dataDir = await shared.tempDir();
    const registryFile = path.join(dataDir, REGISTRY_FILE);
    // The real keychain, noting at each save whether the server list names the account yet
    // (another qbsc run reading the list must find the secret of every server it names).
    const listedAtSave: boolean[] = [];
    const observed: CredentialStore = {
      set: async (account, secret) => {
        listedAtSave.push(
          existsSync(registryFile) && readFileSync(registryFile, 'utf8').includes(account),
        );
        await store.set(account, secret);
      },
      get: (account) => store.get(account),
      delete: (account) => store.delete(account),
    };
    const started = await start({ dataDir, credentialStore: observed });
    const first = await addAdmin(shared, started.services);
    // The backup's place taken by a folder: the next write of the list fails.
    await mkdir(path.join(dataDir, REGISTRY_BACKUP_FILE));

    const failed = await call(() =>
      started.services.management.add(adminDraft(shared, { name: 'Box B' })),
    );
    const accounts = (await findCredentials(service)).map((entry) => entry.account);

    expect(failed).toMatchObject({ ok: false, error: { code: 'registry_error' } });
    expect(listedAtSave).toEqual([false, false]);
    expect(accounts).toEqual([first.id]);
    expect(started.registry.list().map((server) => server.id)).toEqual([first.id]);
  });
});

describe('credentials are bound to their origin', () => {
  it('refuses a new address without new credentials, sending nothing to either host', async () => {
    const first = await startObservedServer(shared, 'Box Old');
    const second = await startObservedServer(shared, 'Box New');
    const started = await start();
    const view = await addAdmin(shared, started.services, {
      name: 'Box Old',
      baseUrl: first.server.url,
      credentials: { kind: 'account', username: 'admin', password: first.secrets.adminPassword },
    });
    const firstBefore = first.requests.length;
    const fileBefore = await readFile(path.join(started.dataDir, 'servers.json'), 'utf8');

    const refused = await call(() =>
      started.services.management.update({
        id: view.id,
        changes: { baseUrl: second.server.url, name: 'Box Moved' },
      }),
    );
    const fileAfter = await readFile(path.join(started.dataDir, 'servers.json'), 'utf8');
    const listed = unwrap(await call(() => started.services.management.list())).servers[0];
    const secondAfterRefusal = [...second.requests];
    const moved = unwrap(
      await call(() =>
        started.services.management.update({
          id: view.id,
          changes: {
            baseUrl: second.server.url,
            credentials: {
              kind: 'account',
              username: 'admin',
              password: second.secrets.adminPassword,
            },
          },
        }),
      ),
    );
    const settings = await call(() => started.services.settings.getSettings(view.id));
    await Promise.all([first.server.close(), second.server.close()]);

    expect(refused).toMatchObject({
      ok: false,
      error: { code: 'invalid_request', issues: [{ path: 'changes.credentials' }] },
    });
    expect(!refused.ok && refused.error.message).toMatch(/type .*again/i);
    expect(secondAfterRefusal).toEqual([]);
    expect(first.requests.length).toBe(firstBefore);
    expect(fileAfter).toBe(fileBefore);
    expect(listed).toMatchObject({ name: 'Box Old', baseUrl: first.server.url });
    expect(moved.server.baseUrl).toBe(second.server.url);
    expect(moved.connection?.summary).toBe('Connected');
    expect(settings.ok).toBe(true);
    expect(JSON.parse((await started.store.get(view.id)) ?? 'null')).toEqual({
      kind: 'account',
      password: second.secrets.adminPassword,
    });
  });

  it('drops the pin with the old address; the new one is pinned only as reviewed', async () => {
    const first = await startObservedServer(shared, 'Box Old', 'self-signed');
    const second = await startObservedServer(shared, 'Box New', 'self-signed');
    const started = await start();
    const view = await addPinned(shared, started.services, first);
    const credentials = { kind: 'api_key' as const, apiKey: second.secrets.writeKey };

    const unreviewed = await call(() =>
      started.services.management.update({
        id: view.id,
        changes: { baseUrl: second.server.url, credentials },
      }),
    );
    const oldPin = await call(() =>
      started.services.management.update({
        id: view.id,
        changes: {
          baseUrl: second.server.url,
          credentials,
          pinnedFingerprint: first.server.fingerprint256 ?? undefined,
        },
      }),
    );
    const pinSameOrigin = await call(() =>
      started.services.management.update({
        id: view.id,
        changes: { pinnedFingerprint: second.server.fingerprint256 ?? undefined },
      }),
    );
    const unchanged = unwrap(await call(() => started.services.management.list())).servers[0];
    const moved = unwrap(
      await call(() =>
        started.services.management.update({
          id: view.id,
          changes: {
            baseUrl: second.server.url,
            credentials,
            pinnedFingerprint: second.server.fingerprint256 ?? undefined,
          },
        }),
      ),
    );
    await Promise.all([first.server.close(), second.server.close()]);

    expect(unreviewed).toMatchObject({
      ok: false,
      error: {
        code: 'tls_untrusted',
        certificate: { fingerprint256: second.server.fingerprint256 },
      },
    });
    expect(oldPin).toMatchObject({ ok: false, error: { code: 'tls_pin_mismatch' } });
    expect(pinSameOrigin).toMatchObject({
      ok: false,
      error: { code: 'invalid_request', issues: [{ path: 'changes.pinnedFingerprint' }] },
    });
    expect(unchanged).toMatchObject({
      baseUrl: first.server.url,
      pinnedFingerprint: first.server.fingerprint256,
    });
    expect(moved.server).toMatchObject({
      baseUrl: second.server.url,
      pinnedFingerprint: second.server.fingerprint256,
    });
  });

  it('keeps the credentials and the pin for the same origin written differently', async () => {
    const own = await startObservedServer(shared, 'Box Same', 'self-signed');
    const started = await start();
    const view = await addPinned(shared, started.services, own);

    const updated = unwrap(
      await call(() =>
        started.services.management.update({
          id: view.id,
          changes: { baseUrl: `${own.server.url.toUpperCase().replace('HTTPS', 'https')}/` },
        }),
      ),
    );
    await own.server.close();

    expect(updated.server.pinnedFingerprint).toBe(own.server.fingerprint256);
  });
});

describe('certificates', () => {
  it('reports an untrusted certificate, pins what the server presents, and blocks a changed one', async () => {
    const tls = await startSeededServer({ name: 'Box TLS', tls: 'self-signed' });
    shared.folders.push(tls.dataDir);
    const target = await services();
    const draft: ServerDraft = {
      name: 'Box TLS',
      baseUrl: tls.server.url,
      environment: 'test',
      credentials: { kind: 'api_key', apiKey: tls.secrets.writeKey },
    };

    const untrusted = await call(() => target.management.add(draft));
    const fingerprint =
      !untrusted.ok && untrusted.error.code === 'tls_untrusted'
        ? untrusted.error.certificate?.fingerprint256
        : null;
    const added = unwrap(
      await call(() => target.management.add({ ...draft, pinnedFingerprint: fingerprint ?? null })),
    );
    await tls.server.close();
    const restarted = await startReferenceServer({
      dataDir: tls.dataDir,
      port: tls.server.port,
      tls: 'self-signed',
    });
    const changed = await call(() => target.management.test(added.server.id));
    const stateAfterChange = unwrap(await call(() => target.management.list())).servers[0]?.status
      .state;
    const wrongPin = await call(() =>
      target.management.pinCertificate(added.server.id, fingerprint ?? ''),
    );
    const repinned = unwrap(
      await call(() =>
        target.management.pinCertificate(added.server.id, restarted.fingerprint256 ?? ''),
      ),
    );
    const retested = unwrap(await call(() => target.management.test(added.server.id)));

    expect(untrusted).toMatchObject({ ok: false, error: { code: 'tls_untrusted' } });
    expect(fingerprint).toBe(tls.server.fingerprint256);
    expect(added.server.pinnedFingerprint).toBe(tls.server.fingerprint256);
    expect(changed).toMatchObject({
      ok: false,
      error: { code: 'tls_pin_mismatch', expectedFingerprint: fingerprint },
    });
    expect(stateAfterChange).toBe('certificate_changed');
    expect(wrongPin).toMatchObject({ ok: false, error: { code: 'tls_pin_mismatch' } });
    expect(repinned.server.pinnedFingerprint).toBe(restarted.fingerprint256);
    expect(retested.server.status.state).toBe('connected');
    await restarted.close();
  });
});
