import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  REGISTRY_BACKUP_FILE,
  REGISTRY_FILE,
} from '../../../src-main/core/registry/server-registry';
import {
  EVENT_CHANNELS,
  REQUEST_CHANNELS,
  type RequestChannel,
  type ResponseOf,
  type Result,
} from '../../../src-shared/ipc-contract';
import { DEFAULT_SETTINGS } from '../../../src-shared/settings';
import {
  captureBearerTokens,
  FAST_LIMITS,
  startCore,
  startRawServer,
  STALL_TIMEOUTS,
  useSeededServer,
} from './fixtures';

const shared = useSeededServer({ name: 'Box Secret' });

describe('createCore', () => {
  it('has a handler for every request channel of the contract', async () => {
    const { core } = await startCore({ dataDir: await shared.tempDir() });

    expect(Object.keys(core.handlers).sort()).toEqual([...REQUEST_CHANNELS].sort());
    await core.dispose();
  });

  it('reports a corrupt registry through servers:list and keeps the servers of the backup', async () => {
    const dataDir = await shared.tempDir();
    const { core: first } = await startCore({ dataDir });
    for (const name of ['One', 'Two']) {
      await first.handlers['servers:add']({
        name,
        baseUrl: shared.server.url,
        environment: null,
        credentials: { kind: 'api_key', apiKey: shared.secrets.readKey },
      });
    }
    await first.dispose();
    await writeFile(path.join(dataDir, REGISTRY_FILE), '{"format":1,"serv');

    const { core: second } = await startCore({ dataDir });
    const listed = await second.handlers['servers:list'](undefined);

    expect(listed.ok && listed.value.registryProblem).toMatchObject({
      code: 'registry_corrupt',
      restoredFromBackup: true,
    });
    expect(listed.ok && listed.value.servers.map((view) => view.name)).toEqual(['One']);
    await second.dispose();
  });

  it('reports a missing registry whose backup is corrupt through servers:list, and keeps that backup', async () => {
    const dataDir = await shared.tempDir();
    const { core: first } = await startCore({ dataDir });
    await first.handlers['servers:add']({
      name: 'One',
      baseUrl: shared.server.url,
      environment: null,
      credentials: { kind: 'api_key', apiKey: shared.secrets.readKey },
    });
    await first.dispose();
    await rm(path.join(dataDir, REGISTRY_FILE));
    await writeFile(path.join(dataDir, REGISTRY_BACKUP_FILE), '{"format":1,"serv');

    const { core: second } = await startCore({ dataDir });
    const listed = await second.handlers['servers:list'](undefined);
    const movedTo = (listed.ok && listed.value.registryProblem?.movedTo) || '';
    for (const name of ['Two', 'Three']) {
      await second.handlers['servers:add']({
        name,
        baseUrl: shared.server.url,
        environment: null,
        credentials: { kind: 'api_key', apiKey: shared.secrets.readKey },
      });
    }

    expect(listed.ok && listed.value.registryProblem).toMatchObject({
      code: 'registry_corrupt',
      restoredFromBackup: false,
    });
    expect(path.basename(movedTo)).toMatch(/^servers\.json\.bak\.corrupt-/);
    expect(await readFile(movedTo, 'utf8')).toBe('{"format":1,"serv');
    expect(listed.ok && listed.value.servers).toEqual([]);
    await second.dispose();
  });
});

describe('timeouts from CoreOptions', () => {
  it('reports timeout for a server that stalls, within the configured header timeout', async () => {
    const raw = await startRawServer(() => undefined);
    const { core } = await startCore({
      dataDir: await shared.tempDir(),
      clientLimits: { ...FAST_LIMITS, ...STALL_TIMEOUTS, retries: 0 },
    });

    const result = await core.handlers['servers:test-draft']({
      name: 'Stall',
      baseUrl: raw.url,
      environment: null,
      credentials: { kind: 'api_key', apiKey: 'qbk_stall' },
    });

    expect(result).toMatchObject({ ok: false, error: { code: 'timeout', phase: 'headers' } });
    expect(raw.requests()).toBe(1);
    await core.dispose();
    await raw.close();
  });
});

describe('secrets stay secret', () => {
  it('after add, test, save, invalidate-all and remove, no file, log line, response or event holds a secret', async () => {
    const dataDir = await shared.tempDir();
    const { core, lines } = await startCore({ dataDir });
    const { tokens, stop } = captureBearerTokens();
    const captured: string[] = [];
    for (const channel of EVENT_CHANNELS)
      core.subscribe(channel, (payload) => captured.push(JSON.stringify(payload)));
    const call = async <C extends RequestChannel>(
      channel: C,
      payload: unknown,
    ): Promise<Result<ResponseOf<C>>> => {
      const result = await core.handlers[channel](payload);
      captured.push(JSON.stringify(result));
      return result;
    };

    const account = await call('servers:add', {
      name: 'Box Secret',
      baseUrl: shared.server.url,
      environment: 'production',
      credentials: { kind: 'account', username: 'admin', password: shared.secrets.adminPassword },
    });
    const keyServer = await call('servers:add', {
      name: 'Box Key',
      baseUrl: shared.server.url,
      environment: 'test',
      credentials: { kind: 'api_key', apiKey: shared.secrets.writeKey },
    });
    const id = account.ok ? account.value.server.id : '';
    const keyId = keyServer.ok ? keyServer.value.server.id : '';
    await call('servers:test', { id });
    await call('servers:test', { id: keyId });
    await call('servers:update', {
      id,
      changes: {
        credentials: { kind: 'account', username: 'admin', password: shared.secrets.adminPassword },
      },
    });
    await call('servers:test-draft', {
      name: 'x',
      baseUrl: shared.server.url,
      environment: null,
      credentials: { kind: 'account', username: 'viewer', password: shared.secrets.viewerPassword },
    });
    await call('servers:add', {
      name: 'Box Wrong',
      baseUrl: shared.server.url,
      environment: null,
      credentials: { kind: 'account', username: 'otpadmin', password: shared.secrets.totpPassword },
    });
    const got = await call('settings:get', { serverId: id });
    const version =
      got.ok && 'settings' in got.value ? (got.value.settings as { version: number }).version : 0;
    await call('settings:save', {
      serverId: id,
      settings: { ...DEFAULT_SETTINGS, concurrency: { maxSessionsPerUser: 3 } },
      baseVersion: version,
    });
    await call('settings:save', { serverId: id, settings: DEFAULT_SETTINGS, baseVersion: version });
    await call('sessions:list', { serverId: id });
    await call('sessions:invalidate-all', { serverId: id, typedName: 'Box Secret' });
    await call('sessions:summary', { serverId: id });
    await call('servers:export', undefined);
    const registryDuring = await readFile(path.join(dataDir, REGISTRY_FILE), 'utf8');
    await call('servers:remove', { id });
    await call('servers:remove', { id: keyId });
    await core.dispose();
    stop();
    const files = [
      registryDuring,
      await readFile(path.join(dataDir, REGISTRY_FILE), 'utf8'),
      await readFile(path.join(dataDir, REGISTRY_BACKUP_FILE), 'utf8'),
    ];

    const forbidden = [
      shared.secrets.adminPassword,
      shared.secrets.viewerPassword,
      shared.secrets.totpPassword,
      shared.secrets.writeKey,
      ...tokens,
    ];
    const everything = [...files, ...lines, ...captured];
    expect(tokens.size).toBeGreaterThanOrEqual(2);
    expect(captured.length).toBeGreaterThan(15);
    expect(lines.length).toBeGreaterThan(3);
    for (const secret of forbidden) {
      for (const text of everything)
        expect(text.includes(secret), `a secret leaked into: ${text.slice(0, 120)}`).toBe(false);
    }
  });
});
