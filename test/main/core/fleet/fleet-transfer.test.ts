import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FLEET_FORMAT } from '../../../../src-main/core/fleet/fleet-file';
import { DEFAULT_SETTINGS, setField } from '../../../../src-shared/settings';
import { useSeededServer } from '../fixtures';
import { addAdmin, call, unwrap, useServices } from '../service-fixtures';

const shared = useSeededServer({ name: 'Box A' });
const { start } = useServices(shared);
const STRICT = setField(DEFAULT_SETTINGS, 'timeouts.idleMinutes', 15);

async function exportedFleet(): Promise<string> {
  const { services } = await start();
  const view = await addAdmin(shared, services);
  const strict = unwrap(
    await call(() =>
      services.profiles.create({ name: 'Strict', from: { kind: 'settings', settings: STRICT } }),
    ),
  );
  await call(() =>
    services.profiles.create({
      name: 'Default',
      from: { kind: 'settings', settings: DEFAULT_SETTINGS },
    }),
  );
  await call(() => services.profiles.assign({ serverId: view.id, profileId: strict.profile.id }));
  const exported = unwrap(await call(() => services.fleetTransfer.export()));
  expect(exported).toMatchObject({ servers: 1, profiles: 2, assignments: 1 });
  return exported.json;
}

describe('the fleet file', () => {
  it('exports servers without a secret, profiles and assignments, and imports them after a preview that changes nothing', async () => {
    const json = await exportedFleet();
    const { services, dataDir, registry } = await start();

    const preview = unwrap(await call(() => services.fleetTransfer.preview(json)));
    const filesAfterPreview = await readdir(dataDir);
    const applied = unwrap(await call(() => services.fleetTransfer.apply(json)));
    const [server] = registry.list();

    expect(json).not.toContain(shared.secrets.adminPassword);
    expect(JSON.parse(json)).toMatchObject({ format: FLEET_FORMAT, version: 1 });
    expect(preview).toEqual({
      servers: {
        add: [{ name: 'Box A', baseUrl: shared.server.url, environment: 'production' }],
        existing: [],
        refused: [],
      },
      profiles: { add: [{ name: 'Default' }, { name: 'Strict' }], replace: [], refused: [] },
      assignments: { set: [{ server: 'Box A', profile: 'Strict', previous: null }], refused: [] },
    });
    expect(filesAfterPreview).toEqual([]);
    expect(applied.added).toHaveLength(1);
    expect(applied.added[0]?.status.state).toBe('no_credentials');
    const listed = services.profiles.list();
    const strict = listed.profiles.find((profile) => profile.name === 'Strict');
    expect(strict?.settings).toEqual(STRICT);
    expect(listed.assignments).toEqual({ [server?.id as string]: strict?.id });
  });

  it('previews what it replaces and what it refuses, and why', async () => {
    const json = await exportedFleet();
    const { services } = await start();
    await addAdmin(shared, services);
    await call(() =>
      services.profiles.create({
        name: 'strict',
        from: { kind: 'settings', settings: DEFAULT_SETTINGS },
      }),
    );
    const file = JSON.parse(json) as Record<string, unknown[]>;
    file['servers']?.push({ name: 'Broken', baseUrl: 'ftp://nope' });
    file['profiles']?.push({ name: 'Bad', settings: setField(STRICT, 'timeouts.idleMinutes', 0) });
    file['assignments']?.push({ baseUrl: shared.server.url, username: 'admin', profile: 'Ghost' });

    const preview = unwrap(await call(() => services.fleetTransfer.preview(JSON.stringify(file))));

    expect(preview.servers.existing).toEqual([{ name: 'Box A', baseUrl: shared.server.url }]);
    expect(preview.servers.refused).toEqual([
      { name: 'Broken', reason: expect.stringContaining('not valid') },
    ]);
    expect(preview.profiles.replace).toEqual([
      { name: 'strict', changes: [{ field: 'timeouts.idleMinutes', from: 30, to: 15 }] },
    ]);
    expect(preview.profiles.refused).toEqual([
      { name: 'Bad', reason: expect.stringContaining('Idle timeout') },
    ]);
    expect(preview.assignments.refused).toEqual([
      { server: 'Box A', profile: 'Ghost', reason: expect.stringContaining('no profile') },
    ]);
  });

  const refusals: [string, (json: string) => string, string][] = [
    ['malformed', (json) => json.slice(0, json.length / 2), 'not valid JSON'],
    [
      'oversized',
      (json) => json.replace('{', `{"padding":"${'x'.repeat(5 * 1024 * 1024)}",`),
      '5 MiB',
    ],
    ['future-version', (json) => json.replace('"version": 1', '"version": 2'), 'newer version'],
    ['foreign', () => JSON.stringify({ format: 'other', version: 1 }), 'not a fleet file'],
  ];
  for (const [label, spoil, message] of refusals) {
    it(`refuses a ${label} file with a clear message, and changes nothing`, async () => {
      const json = spoil(await exportedFleet());
      const { services, dataDir, registry } = await start();
      await call(() =>
        services.profiles.create({
          name: 'Mine',
          from: { kind: 'settings', settings: DEFAULT_SETTINGS },
        }),
      );
      const before = await readFile(path.join(dataDir, 'profiles.json'), 'utf8');

      const previewed = await call(() => services.fleetTransfer.preview(json));
      const applied = await call(() => services.fleetTransfer.apply(json));

      for (const result of [previewed, applied]) {
        expect(result).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
        expect(result.ok ? '' : result.error.message).toContain(message);
        expect(result.ok ? '' : result.error.message).toContain('Nothing was imported');
      }
      expect(registry.list()).toEqual([]);
      expect(await readFile(path.join(dataDir, 'profiles.json'), 'utf8')).toBe(before);
      expect((await readdir(dataDir)).sort()).toEqual(['profiles.json']);
    });
  }
});
