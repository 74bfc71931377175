import { afterEach, describe, expect, it } from 'vitest';
import { SecretVault } from '../../../../src-main/core/registry/credential-store';
import type { SessionSettings } from '../../../../src-shared/settings';
import { DEFAULT_SETTINGS, setField } from '../../../../src-shared/settings';
import { removeAll, sendJson, startRawServer, tempDir } from '../fixtures';
import { call, startServices, unwrap, type StartedServices } from '../service-fixtures';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((cleanup) => cleanup()));
});

/**
 * A server that takes a save but keeps its own idea of one value: what it answers to the
 * PUT is what was sent, what it reads back afterwards has the idle timeout it prefers.
 */
async function stubbornServer(): Promise<{ url: string; puts: () => number }> {
  let document = {
    ...setField(DEFAULT_SETTINGS, 'timeouts.idleMinutes', 20),
    version: 4,
    updatedAt: '2026-11-28T12:00:00.000Z',
    updatedBy: 'admin',
  };
  let puts = 0;
  const raw = await startRawServer((request, response) => {
    const url = request.url ?? '';
    if (url === '/api/auth/me') {
      sendJson(response, 200, {
        username: 'key:stubborn',
        permissions: ['admin.sessions.read', 'admin.settings.update'],
        via: 'api_key',
        scopes: ['read', 'write'],
      });
      return;
    }
    if (url === '/api/sessions/summary') {
      sendJson(response, 200, { active: 0, byUser: [] });
      return;
    }
    if (url === '/api/settings/sessions' && request.method === 'GET') {
      sendJson(response, 200, document);
      return;
    }
    if (url === '/api/settings/sessions' && request.method === 'PUT') {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      request.on('end', () => {
        puts += 1;
        const sent = JSON.parse(body) as SessionSettings;
        const answered = {
          ...sent,
          version: document.version + 1,
          updatedAt: document.updatedAt,
          updatedBy: 'key:stubborn',
        };
        document = {
          ...setField(sent, 'timeouts.idleMinutes', 31),
          version: answered.version,
          updatedAt: answered.updatedAt,
          updatedBy: answered.updatedBy,
        };
        sendJson(response, 200, answered);
      });
      return;
    }
    sendJson(response, 404, { error: 'not_found', message: 'no such route' });
  });
  cleanups.push(raw.close);
  return { url: raw.url, puts: () => puts };
}

async function services(): Promise<StartedServices> {
  const dataDir = await tempDir();
  const started = await startServices({ dataDir });
  cleanups.push(async () => {
    await started.dispose();
    await removeAll([dataDir]);
  });
  return started;
}

/** Services with the stubborn server saved (its write key in the keychain). */
async function withStubborn(): Promise<{ core: StartedServices['services']; id: string }> {
  const server = await stubbornServer();
  const { services: core, registry, store } = await services();
  const stored = await registry.add({
    name: 'Stubborn',
    baseUrl: server.url,
    environment: 'test',
    authKind: 'api_key',
    username: null,
    pinnedFingerprint: null,
    expectedFingerprint: null,
  });
  await new SecretVault(store).save(stored.id, { kind: 'api_key', apiKey: 'qbk_write_stubborn' });
  return { core, id: stored.id };
}

describe('a panel save, reading back as an apply does', () => {
  it('returns the settings read back and says which values differ from the ones sent', async () => {
    const { core, id } = await withStubborn();
    const got = unwrap(await call(() => core.settings.getSettings(id)));
    const saved = unwrap(
      await call(() =>
        core.settings.saveSettings({
          serverId: id,
          settings: setField(DEFAULT_SETTINGS, 'timeouts.idleMinutes', 25),
          baseVersion: got.settings.version,
        }),
      ),
    );

    expect(saved.settings).toMatchObject({ version: 5, timeouts: { idleMinutes: 31 } });
    expect(saved.changed).toEqual(['timeouts.idleMinutes']);
    expect(saved.unverified).toMatchObject({
      mismatched: [{ field: 'timeouts.idleMinutes', from: 25, to: 31 }],
    });
  });
});

describe('apply, reading back', () => {
  it('reports verify_failed, not applied, when the values read back differ from the ones sent', async () => {
    const server = await stubbornServer();
    const { services: core, registry, store } = await services();
    const stored = await registry.add({
      name: 'Stubborn',
      baseUrl: server.url,
      environment: 'test',
      authKind: 'api_key',
      username: null,
      pinnedFingerprint: null,
      expectedFingerprint: null,
    });
    await new SecretVault(store).save(stored.id, { kind: 'api_key', apiKey: 'qbk_write_stubborn' });
    const profile = unwrap(
      await call(() =>
        core.profiles.create({
          name: 'Default',
          from: { kind: 'settings', settings: DEFAULT_SETTINGS },
        }),
      ),
    ).profile;

    const plan = unwrap(
      await call(() =>
        core.planner.plan({
          source: { kind: 'profile', profileId: profile.id },
          sections: ['timeouts'],
          targets: [stored.id],
        }),
      ),
    );
    const report = unwrap(await call(() => core.applier.apply({ planId: plan.id })));

    expect(plan.targets).toMatchObject([{ status: 'change', version: 4 }]);
    expect(server.puts()).toBe(1);
    expect(report.outcomes).toMatchObject([
      {
        name: 'Stubborn',
        kind: 'verify_failed',
        version: 5,
        mismatched: [{ field: 'timeouts.idleMinutes', from: 30, to: 31 }],
      },
    ]);
  });
});
