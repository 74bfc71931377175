import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { startReferenceServer, totpCode, type RunningReferenceServer } from '../../../server/index';
import type { Core } from '../../../src-main/core/composition-root';
import type { ServerDraft, ServerView } from '../../../src-shared/ipc-contract';
import { PERMISSIONS } from '../../../src-shared/quickbox';
import { DEFAULT_SETTINGS } from '../../../src-shared/settings';
import {
  makeSecrets,
  seedFor,
  sendJson,
  startCore,
  startRawServer,
  startSeededServer,
  TOTP_SECRET,
  useSeededServer,
  type Secrets,
} from './fixtures';

const shared = useSeededServer({ name: 'Box A' });
const cores: Core[] = [];

afterEach(async () => {
  await Promise.all(cores.splice(0).map((core) => core.dispose()));
});

/** A core over a fresh data folder: disposed after the test, its folder removed after all. */
async function startTracked(): ReturnType<typeof startCore> {
  const started = await startCore({ dataDir: await shared.tempDir() });
  cores.push(started.core);
  return started;
}

async function core(): Promise<Core> {
  return (await startTracked()).core;
}

function adminDraft(overrides: Partial<ServerDraft> = {}): ServerDraft {
  return {
    name: 'Box A',
    baseUrl: shared.server.url,
    environment: 'production',
    credentials: { kind: 'account', username: 'admin', password: shared.secrets.adminPassword },
    ...overrides,
  };
}

function unwrap<T>(
  result: { ok: true; value: T } | { ok: false; error: { code: string; message: string } },
): T {
  if (!result.ok) throw new Error(`expected ok, got ${result.error.code}: ${result.error.message}`);
  return result.value;
}

/**
 * A seeded reference server whose every request is recorded (Fastify's own request log), to
 * see that nothing at all reached it.
 */
async function startObservedServer(
  name: string,
  tls?: 'self-signed',
): Promise<{ server: RunningReferenceServer; secrets: Secrets; requests: string[] }> {
  const secrets = makeSecrets();
  const dataDir = await shared.tempDir('qb-ref-');
  const requests: string[] = [];
  const logStream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n')) {
        if (!line.trim()) continue;
        const entry = JSON.parse(line) as { msg?: string; req?: { method: string; url: string } };
        if (entry.msg === 'incoming request' && entry.req) {
          requests.push(`${entry.req.method} ${entry.req.url}`);
        }
      }
      done();
    },
  });
  const server = await startReferenceServer({
    dataDir,
    port: 0,
    seed: seedFor(secrets, name),
    name,
    logger: true,
    logStream,
    ...(tls ? { tls } : {}),
  });
  return { server, secrets, requests };
}

/** Adds a self-signed server with its certificate pinned and its write key. */
async function addPinned(
  target: Core,
  tls: { server: RunningReferenceServer; secrets: Secrets },
): Promise<ServerView> {
  return addAdmin(target, {
    name: tls.server.name,
    baseUrl: tls.server.url,
    pinnedFingerprint: tls.server.fingerprint256,
    credentials: { kind: 'api_key', apiKey: tls.secrets.writeKey },
  });
}

async function addAdmin(target: Core, overrides: Partial<ServerDraft> = {}): Promise<ServerView> {
  return unwrap(await target.handlers['servers:add'](adminDraft(overrides))).server;
}

describe('servers', () => {
  it('adds a server after testing it, and reports it connected', async () => {
    const target = await core();
    const changes: ServerView[][] = [];
    target.subscribe('servers:changed', ({ servers }) => changes.push(servers));

    const added = unwrap(await target.handlers['servers:add'](adminDraft()));
    const listed = unwrap(await target.handlers['servers:list'](undefined));

    expect(added.connection.summary).toBe('Connected');
    expect(added.server).toMatchObject({ name: 'Box A', authKind: 'account', username: 'admin' });
    expect(added.server.status.state).toBe('connected');
    expect(listed.servers.map((view) => view.id)).toEqual([added.server.id]);
    expect(listed.registryProblem).toBeNull();
    expect(changes.at(-1)?.[0]?.status.state).toBe('connected');
  });

  it('reports a viewer account as read-only with the missing permission', async () => {
    const target = await core();

    const added = unwrap(
      await target.handlers['servers:add'](
        adminDraft({
          credentials: {
            kind: 'account',
            username: 'viewer',
            password: shared.secrets.viewerPassword,
          },
        }),
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
    const target = await core();

    const report = unwrap(
      await target.handlers['servers:test-draft'](
        adminDraft({ credentials: { kind: 'api_key', apiKey: shared.secrets.readKey } }),
      ),
    );
    const wrong = await target.handlers['servers:add'](
      adminDraft({
        credentials: { kind: 'account', username: 'admin', password: 'wrong password' },
      }),
    );
    const listed = unwrap(await target.handlers['servers:list'](undefined));

    expect(report).toMatchObject({
      identity: { via: 'api_key', username: 'monitor', scopes: ['read'] },
    });
    expect(wrong).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    expect(listed.servers).toEqual([]);
  });

  it('asks for the one-time code of a TOTP account, then adds it with the code', async () => {
    const target = await core();
    const credentials = {
      kind: 'account' as const,
      username: 'otpadmin',
      password: shared.secrets.totpPassword,
    };

    const first = await target.handlers['servers:add'](adminDraft({ credentials }));
    const second = await target.handlers['servers:add'](
      adminDraft({ credentials: { ...credentials, otp: totpCode(TOTP_SECRET, Date.now()) } }),
    );
    const settings = await target.handlers['settings:get']({ serverId: unwrap(second).server.id });

    expect(first).toMatchObject({ ok: false, error: { code: 'otp_required' } });
    expect(unwrap(settings).canUpdate).toBe(true);
  });

  it('updates, reorders and removes servers (the secret goes with it)', async () => {
    const started = await startTracked();
    const target = started.core;
    const a = await addAdmin(target);
    const b = unwrap(
      await target.handlers['servers:add'](
        adminDraft({
          name: 'Box B',
          credentials: { kind: 'api_key', apiKey: shared.secrets.writeKey },
        }),
      ),
    ).server;

    const renamed = unwrap(
      await target.handlers['servers:update']({
        id: a.id,
        changes: { name: 'Box A1', environment: 'staging' },
      }),
    );
    const badCredentials = await target.handlers['servers:update']({
      id: a.id,
      changes: { credentials: { kind: 'account', username: 'admin', password: 'nope' } },
    });
    const reordered = unwrap(await target.handlers['servers:reorder']({ ids: [b.id, a.id] }));
    const badOrder = await target.handlers['servers:reorder']({ ids: [b.id] });
    const removed = await target.handlers['servers:remove']({ id: a.id });
    const gone = await target.handlers['settings:get']({ serverId: a.id });

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
    const started = await startTracked();
    const a = await addAdmin(started.core, {
      credentials: { kind: 'api_key', apiKey: shared.secrets.readKey },
    });

    const updated = unwrap(
      await started.core.handlers['servers:update']({
        id: a.id,
        changes: {
          credentials: {
            kind: 'account',
            username: 'admin',
            password: shared.secrets.adminPassword,
          },
        },
      }),
    );

    expect(updated.connection?.canUpdate).toBe(true);
    expect(updated.server).toMatchObject({ authKind: 'account', username: 'admin' });
    expect(JSON.parse((await started.store.get(a.id)) ?? 'null')).toEqual({
      kind: 'account',
      password: shared.secrets.adminPassword,
    });
  });

  it('exports without secrets and imports back as servers without credentials', async () => {
    const source = await core();
    await addAdmin(source);
    const exported = unwrap(await source.handlers['servers:export'](undefined));
    const target = await core();

    const imported = unwrap(await target.handlers['servers:import']({ json: exported.json }));
    const again = unwrap(await target.handlers['servers:import']({ json: exported.json }));
    const notJson = await target.handlers['servers:import']({ json: '{not json' });
    const tested = await target.handlers['servers:test']({ id: imported.added[0]?.id ?? '' });
    const listed = unwrap(await target.handlers['servers:list'](undefined));
    const withCredentials = unwrap(
      await target.handlers['servers:update']({
        id: imported.added[0]?.id ?? '',
        changes: {
          credentials: {
            kind: 'account',
            username: 'admin',
            password: shared.secrets.adminPassword,
          },
        },
      }),
    );

    expect(exported.count).toBe(1);
    expect(withCredentials.server.status.state).toBe('connected');
    expect(withCredentials.connection?.summary).toBe('Connected');
    expect(exported.json).not.toContain(shared.secrets.adminPassword);
    expect(imported.added[0]).toMatchObject({ name: 'Box A', status: { state: 'no_credentials' } });
    expect(again.skipped).toEqual([
      { name: 'Box A', reason: 'already in the list (same address and user)' },
    ]);
    expect(notJson).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
    expect(tested).toMatchObject({ ok: false, error: { code: 'no_credentials' } });
    expect(listed.servers[0]?.status.state).toBe('no_credentials');
  });

  it('skips invalid entries of an import with the reason', async () => {
    const target = await core();
    const json = JSON.stringify({
      format: 'quickbox-session-companion/servers',
      version: 1,
      servers: [
        {
          name: 'Bad URL',
          baseUrl: 'ftp://x',
          environment: null,
          authKind: 'api_key',
          username: null,
          pinnedFingerprint: null,
        },
        {
          name: 'Good',
          baseUrl: 'https://good.example',
          environment: null,
          authKind: 'api_key',
          username: null,
          pinnedFingerprint: null,
        },
      ],
    });

    const imported = unwrap(await target.handlers['servers:import']({ json }));

    expect(imported.added.map((view) => view.name)).toEqual(['Good']);
    expect(imported.skipped[0]?.name).toBe('Bad URL');
  });

  it('marks a server unreachable when it goes away', async () => {
    const dead = await startSeededServer({ name: 'Box Gone' });
    shared.folders.push(dead.dataDir);
    const target = await core();
    const added = unwrap(
      await target.handlers['servers:add']({
        name: 'Box Gone',
        baseUrl: dead.server.url,
        environment: null,
        credentials: { kind: 'api_key', apiKey: dead.secrets.writeKey },
      }),
    ).server;
    await dead.server.close();

    const tested = await target.handlers['servers:test']({ id: added.id });
    const listed = unwrap(await target.handlers['servers:list'](undefined));

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
    const started = await startTracked();
    const view = await addAdmin(started.core, {
      name: 'Raw',
      baseUrl: raw.url,
      credentials: { kind: 'api_key', apiKey: 'qbk_first' },
    });
    hold = true;
    const editing = started.core.handlers['servers:update']({
      id: view.id,
      changes: { credentials: { kind: 'api_key', apiKey: 'qbk_second' } },
    });
    while (held.length === 0) await new Promise((resolve) => setTimeout(resolve, 10));

    const removed = await started.core.handlers['servers:remove']({ id: view.id });
    for (const answer of held) answer();
    const edited = await editing;
    const secret = await started.store.get(view.id);
    await raw.close();

    expect(removed.ok).toBe(true);
    expect(edited).toMatchObject({ ok: false, error: { code: 'not_found', what: 'server' } });
    expect(secret).toBeNull();
  });

  it('makes no client for a server removed while a first call read its secret', async () => {
    const dataDir = await shared.tempDir();
    const first = await startCore({ dataDir });
    const view = await addAdmin(first.core);
    await first.core.dispose();
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    let reading = false;
    const second = await startCore({
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
    cores.push(second.core);
    const reads = second.core.handlers['settings:get']({ serverId: view.id });
    while (!reading) await new Promise((resolve) => setTimeout(resolve, 10));

    const removed = await second.core.handlers['servers:remove']({ id: view.id });
    release();
    const read = await reads;

    expect(removed.ok).toBe(true);
    expect(read).toMatchObject({ ok: false, error: { code: 'not_found', what: 'server' } });
  });

  it('logs in once for a saved server that several first calls reach at the same time', async () => {
    const own = await startSeededServer({ name: 'Box Once' });
    shared.folders.push(own.dataDir);
    const first = await startTracked();
    const view = await addAdmin(first.core, {
      name: 'Box Once',
      baseUrl: own.server.url,
      credentials: { kind: 'account', username: 'admin', password: own.secrets.adminPassword },
    });
    await first.core.dispose();
    const reopened = await startCore({ dataDir: first.dataDir, credentialStore: first.store });
    cores.push(reopened.core);

    const calls = await Promise.all([
      reopened.core.handlers['settings:get']({ serverId: view.id }),
      reopened.core.handlers['sessions:summary']({ serverId: view.id }),
      reopened.core.handlers['sessions:list']({ serverId: view.id }),
    ]);
    const sessions = unwrap(
      await reopened.core.handlers['sessions:list']({ serverId: view.id, username: 'admin' }),
    ).sessions;
    await own.server.close();

    expect(calls.every((call) => call.ok)).toBe(true);
    // The session of the add (never logged out), and one for all the calls of the new core.
    expect(sessions).toHaveLength(2);
  });
});

describe('import never pins', () => {
  it('keeps an imported fingerprint as expected only; the first connection asks for review', async () => {
    const tls = await startSeededServer({ name: 'Box TLS', tls: 'self-signed' });
    shared.folders.push(tls.dataDir);
    const source = await core();
    const credentials = { kind: 'api_key' as const, apiKey: tls.secrets.writeKey };
    await addPinned(source, tls);
    const exported = unwrap(await source.handlers['servers:export'](undefined));
    const target = await core();

    const imported = unwrap(await target.handlers['servers:import']({ json: exported.json }));
    const id = imported.added[0]?.id ?? '';
    const firstConnection = await target.handlers['servers:update']({
      id,
      changes: { credentials },
    });
    const beforeReview = unwrap(await target.handlers['servers:list'](undefined)).servers[0];
    const pinned = unwrap(
      await target.handlers['servers:pin-certificate']({
        id,
        fingerprint: tls.server.fingerprint256 ?? '',
      }),
    );
    const connected = unwrap(
      await target.handlers['servers:update']({ id, changes: { credentials } }),
    );
    const reexported = unwrap(await target.handlers['servers:export'](undefined));
    await tls.server.close();

    expect(JSON.parse(exported.json)).toMatchObject({
      servers: [{ pinnedFingerprint: tls.server.fingerprint256 }],
    });
    expect(imported.added[0]).toMatchObject({
      pinnedFingerprint: null,
      expectedFingerprint: tls.server.fingerprint256,
    });
    expect(firstConnection).toMatchObject({
      ok: false,
      error: { code: 'tls_untrusted', certificate: { fingerprint256: tls.server.fingerprint256 } },
    });
    expect(beforeReview).toMatchObject({
      pinnedFingerprint: null,
      expectedFingerprint: tls.server.fingerprint256,
    });
    expect(pinned.server).toMatchObject({
      pinnedFingerprint: tls.server.fingerprint256,
      expectedFingerprint: null,
    });
    expect(connected.connection?.summary).toBe('Connected');
    expect((JSON.parse(reexported.json) as { servers: unknown }).servers).toEqual(
      (JSON.parse(exported.json) as { servers: unknown }).servers,
    );
  });

  it('passes an unreviewed expected fingerprint on in an export, still unpinned', async () => {
    const fingerprint = Array.from({ length: 32 }, () => 'AB').join(':');
    const json = JSON.stringify({
      format: 'quickbox-session-companion/servers',
      version: 1,
      servers: [
        {
          name: 'Far',
          baseUrl: 'https://far.example',
          environment: null,
          authKind: 'api_key',
          username: null,
          pinnedFingerprint: fingerprint.toLowerCase(),
        },
      ],
    });
    const first = await core();
    const second = await core();

    unwrap(await first.handlers['servers:import']({ json }));
    const exported = unwrap(await first.handlers['servers:export'](undefined));
    const again = unwrap(await second.handlers['servers:import']({ json: exported.json }));

    expect(again.added[0]).toMatchObject({
      pinnedFingerprint: null,
      expectedFingerprint: fingerprint,
    });
  });
});

describe('credentials are bound to their origin', () => {
  it('refuses a new address without new credentials, sending nothing to either host', async () => {
    const first = await startObservedServer('Box Old');
    const second = await startObservedServer('Box New');
    const started = await startTracked();
    const view = await addAdmin(started.core, {
      name: 'Box Old',
      baseUrl: first.server.url,
      credentials: { kind: 'account', username: 'admin', password: first.secrets.adminPassword },
    });
    const firstBefore = first.requests.length;
    const fileBefore = await readFile(path.join(started.dataDir, 'servers.json'), 'utf8');

    const refused = await started.core.handlers['servers:update']({
      id: view.id,
      changes: { baseUrl: second.server.url, name: 'Box Moved' },
    });
    const fileAfter = await readFile(path.join(started.dataDir, 'servers.json'), 'utf8');
    const listed = unwrap(await started.core.handlers['servers:list'](undefined)).servers[0];
    const secondAfterRefusal = [...second.requests];
    const moved = unwrap(
      await started.core.handlers['servers:update']({
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
    );
    const settings = await started.core.handlers['settings:get']({ serverId: view.id });
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
    const first = await startObservedServer('Box Old', 'self-signed');
    const second = await startObservedServer('Box New', 'self-signed');
    const started = await startTracked();
    const view = await addPinned(started.core, first);
    const credentials = { kind: 'api_key' as const, apiKey: second.secrets.writeKey };

    const unreviewed = await started.core.handlers['servers:update']({
      id: view.id,
      changes: { baseUrl: second.server.url, credentials },
    });
    const oldPin = await started.core.handlers['servers:update']({
      id: view.id,
      changes: {
        baseUrl: second.server.url,
        credentials,
        pinnedFingerprint: first.server.fingerprint256,
      },
    });
    const pinSameOrigin = await started.core.handlers['servers:update']({
      id: view.id,
      changes: { pinnedFingerprint: second.server.fingerprint256 },
    });
    const unchanged = unwrap(await started.core.handlers['servers:list'](undefined)).servers[0];
    const moved = unwrap(
      await started.core.handlers['servers:update']({
        id: view.id,
        changes: {
          baseUrl: second.server.url,
          credentials,
          pinnedFingerprint: second.server.fingerprint256,
        },
      }),
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
    const own = await startObservedServer('Box Same', 'self-signed');
    const started = await startTracked();
    const view = await addPinned(started.core, own);

    const updated = unwrap(
      await started.core.handlers['servers:update']({
        id: view.id,
        changes: { baseUrl: `${own.server.url.toUpperCase().replace('HTTPS', 'https')}/` },
      }),
    );
    await own.server.close();

    expect(updated.server.pinnedFingerprint).toBe(own.server.fingerprint256);
  });
});

describe('settings and sessions', () => {
  it('gets settings, saves a change with the active session count, and refuses a stale version', async () => {
    const target = await core();
    const view = await addAdmin(target);
    const got = unwrap(await target.handlers['settings:get']({ serverId: view.id }));
    const next = {
      ...DEFAULT_SETTINGS,
      timeouts: {
        ...got.settings.timeouts,
        idleMinutes: got.settings.timeouts.idleMinutes === 20 ? 25 : 20,
      },
    };

    const saved = unwrap(
      await target.handlers['settings:save']({
        serverId: view.id,
        settings: next,
        baseVersion: got.settings.version,
      }),
    );
    const stale = await target.handlers['settings:save']({
      serverId: view.id,
      settings: DEFAULT_SETTINGS,
      baseVersion: got.settings.version,
    });

    expect(got.canUpdate).toBe(true);
    expect(saved.changed).toContain('timeouts.idleMinutes');
    expect(saved.settings.version).toBe(got.settings.version + 1);
    expect(saved.activeSessions).toBeGreaterThanOrEqual(1);
    expect(stale).toMatchObject({
      ok: false,
      error: { code: 'version_conflict', current: { version: saved.settings.version } },
    });
  });

  it('refuses invalid settings with field errors without calling the server', async () => {
    const target = await core();
    const view = await addAdmin(target);
    const before = unwrap(await target.handlers['settings:get']({ serverId: view.id }));
    const invalid = {
      ...DEFAULT_SETTINGS,
      timeouts: { ...DEFAULT_SETTINGS.timeouts, idleMinutes: 2000 },
    };

    const result = await target.handlers['settings:save']({
      serverId: view.id,
      settings: invalid,
      baseVersion: 0,
    });
    const after = unwrap(await target.handlers['settings:get']({ serverId: view.id }));

    expect(result).toMatchObject({ ok: false, error: { code: 'invalid_settings' } });
    if (!result.ok && result.error.code === 'invalid_settings') {
      expect(result.error.errors.map((issue) => issue.field)).toContain('timeouts.idleMinutes');
    }
    // A call that reached the server with baseVersion 0 would have been a version conflict.
    expect(after.settings.version).toBe(before.settings.version);
  });

  it('reports forbidden for a viewer saving, with the permission', async () => {
    const target = await core();
    const view = await addAdmin(target, {
      credentials: { kind: 'account', username: 'viewer', password: shared.secrets.viewerPassword },
    });
    const got = unwrap(await target.handlers['settings:get']({ serverId: view.id }));

    const result = await target.handlers['settings:save']({
      serverId: view.id,
      settings: got.settings,
      baseVersion: got.settings.version,
    });

    expect(got.canUpdate).toBe(false);
    expect(result).toMatchObject({
      ok: false,
      error: { code: 'forbidden', permission: 'admin.settings.update' },
    });
  });

  it('lists sessions, revokes one, and answers not_found for an unknown one', async () => {
    const target = await core();
    const view = await addAdmin(target);
    const other = await core();
    await addAdmin(other);

    const page = unwrap(
      await target.handlers['sessions:list']({ serverId: view.id, username: 'admin', limit: 500 }),
    );
    const victim = page.sessions.find((session) => !session.current);
    const revoked = await target.handlers['sessions:revoke']({
      serverId: view.id,
      sessionId: victim?.id ?? 'none',
    });
    const again = await target.handlers['sessions:revoke']({
      serverId: view.id,
      sessionId: victim?.id ?? 'none',
    });
    const summary = unwrap(await target.handlers['sessions:summary']({ serverId: view.id }));
    const badCursor = await target.handlers['sessions:list']({ serverId: view.id, cursor: 'nope' });

    expect(page.sessions.some((session) => session.current)).toBe(true);
    expect(revoked).toEqual({ ok: true, value: { revoked: true } });
    expect(again).toMatchObject({ ok: false, error: { code: 'not_found', what: 'session' } });
    expect(summary.active).toBeGreaterThanOrEqual(1);
    expect(badCursor).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
  });

  it('invalidates all sessions only with the exact name, then logs back in', async () => {
    const target = await core();
    const view = await addAdmin(target);

    const mismatch = await target.handlers['sessions:invalidate-all']({
      serverId: view.id,
      typedName: 'box a',
    });
    const stillThere = unwrap(await target.handlers['sessions:summary']({ serverId: view.id }));
    const done = unwrap(
      await target.handlers['sessions:invalidate-all']({ serverId: view.id, typedName: 'Box A' }),
    );
    const after = unwrap(await target.handlers['sessions:summary']({ serverId: view.id }));

    expect(mismatch).toMatchObject({ ok: false, error: { code: 'confirmation_mismatch' } });
    expect(stillThere.active).toBeGreaterThanOrEqual(1);
    expect(done.invalidated).toBeGreaterThanOrEqual(1);
    expect(done.reconnected).toBe(true);
    expect(after.active).toBe(1);
  });
});

describe('certificates', () => {
  it('reports an untrusted certificate, pins what the server presents, and blocks a changed one', async () => {
    const tls = await startSeededServer({ name: 'Box TLS', tls: 'self-signed' });
    shared.folders.push(tls.dataDir);
    const target = await core();
    const draft: ServerDraft = {
      name: 'Box TLS',
      baseUrl: tls.server.url,
      environment: 'test',
      credentials: { kind: 'api_key', apiKey: tls.secrets.writeKey },
    };

    const untrusted = await target.handlers['servers:add'](draft);
    const fingerprint =
      !untrusted.ok && untrusted.error.code === 'tls_untrusted'
        ? untrusted.error.certificate?.fingerprint256
        : null;
    const added = unwrap(
      await target.handlers['servers:add']({ ...draft, pinnedFingerprint: fingerprint ?? null }),
    );
    await tls.server.close();
    const restarted = await startReferenceServer({
      dataDir: tls.dataDir,
      port: tls.server.port,
      tls: 'self-signed',
    });
    const changed = await target.handlers['servers:test']({ id: added.server.id });
    const stateAfterChange = unwrap(await target.handlers['servers:list'](undefined)).servers[0]
      ?.status.state;
    const wrongPin = await target.handlers['servers:pin-certificate']({
      id: added.server.id,
      fingerprint: fingerprint ?? '',
    });
    const repinned = unwrap(
      await target.handlers['servers:pin-certificate']({
        id: added.server.id,
        fingerprint: restarted.fingerprint256 ?? '',
      }),
    );
    const retested = unwrap(await target.handlers['servers:test']({ id: added.server.id }));

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
