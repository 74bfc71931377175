import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROFILES_FILE } from '../../../../src-main/core/profiles/profile-store';
import { requestSchemas } from '../../../../src-shared/ipc-contract';
import { DEFAULT_SETTINGS, setField } from '../../../../src-shared/settings';
import { useSeededServer } from '../fixtures';
import { addAdmin, call, unwrap, useServices } from '../service-fixtures';

const shared = useSeededServer({ name: 'Box A' });
const { start } = useServices(shared);

describe('profiles', () => {
  it("creates a profile from a server's current settings, with the panels' advice", async () => {
    const { services } = await start();
    const view = await addAdmin(shared, services);
    const current = unwrap(await call(() => services.settings.getSettings(view.id))).settings;

    const created = unwrap(
      await call(() =>
        services.profiles.create({ name: 'From A', from: { kind: 'server', serverId: view.id } }),
      ),
    );

    expect(created.profile.settings).toEqual({
      timeouts: current.timeouts,
      persistence: current.persistence,
      concurrency: current.concurrency,
    });
    expect(services.profiles.list().profiles).toEqual([created.profile]);
  });

  it('refuses invalid settings with every error and saves nothing; valid ones come with advice', async () => {
    const { services, dataDir } = await start();
    const invalid = setField(DEFAULT_SETTINGS, 'timeouts.idleMinutes', 5000);
    const advised = setField(DEFAULT_SETTINGS, 'concurrency.maxSessionsPerUser', 1);

    const refused = await call(() =>
      services.profiles.create({ name: 'Bad', from: { kind: 'settings', settings: invalid } }),
    );
    const accepted = unwrap(
      await call(() =>
        services.profiles.create({ name: 'Single', from: { kind: 'settings', settings: advised } }),
      ),
    );

    expect(refused).toMatchObject({
      ok: false,
      error: { code: 'invalid_settings', errors: [{ field: 'timeouts.idleMinutes' }] },
    });
    expect(accepted.advice.map((issue) => issue.code)).toEqual(['single_device']);
    expect(services.profiles.list().profiles.map((each) => each.name)).toEqual(['Single']);
    const file = JSON.parse(await readFile(path.join(dataDir, PROFILES_FILE), 'utf8')) as {
      profiles: { name: string }[];
    };
    expect(file.profiles.map((each) => each.name)).toEqual(['Single']);
  });

  it('renames, duplicates and refuses a name that is taken (whatever its case)', async () => {
    const { services } = await start();
    const from = { kind: 'settings' as const, settings: DEFAULT_SETTINGS };
    const base = unwrap(await call(() => services.profiles.create({ name: 'Base', from })));
    unwrap(await call(() => services.profiles.create({ name: 'Other', from })));

    const renamed = unwrap(
      await call(() => services.profiles.rename({ id: base.profile.id, name: 'Prod' })),
    );
    const first = unwrap(await call(() => services.profiles.duplicate({ id: base.profile.id })));
    const second = unwrap(await call(() => services.profiles.duplicate({ id: base.profile.id })));
    const taken = await call(() =>
      services.profiles.rename({ id: base.profile.id, name: 'other ' }),
    );

    expect(renamed.profile).toMatchObject({ id: base.profile.id, name: 'Prod' });
    expect(first.profile.name).toBe('Prod copy');
    expect(second.profile.name).toBe('Prod copy 2');
    expect(second.profile.settings).toEqual(base.profile.settings);
    expect(taken).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
    expect(services.profiles.list().profiles.map((each) => each.name)).toEqual([
      'Other',
      'Prod',
      'Prod copy',
      'Prod copy 2',
    ]);
  });

  it('assigns at most one profile per server, and deleting a profile unassigns its servers', async () => {
    const { services } = await start();
    const view = await addAdmin(shared, services);
    const from = { kind: 'settings' as const, settings: DEFAULT_SETTINGS };
    const one = unwrap(await call(() => services.profiles.create({ name: 'One', from })));
    const two = unwrap(await call(() => services.profiles.create({ name: 'Two', from })));

    await call(() => services.profiles.assign({ serverId: view.id, profileId: one.profile.id }));
    const reassigned = unwrap(
      await call(() => services.profiles.assign({ serverId: view.id, profileId: two.profile.id })),
    );
    const unknownServer = await call(() =>
      services.profiles.assign({ serverId: 'nope', profileId: two.profile.id }),
    );
    const unknownProfile = await call(() =>
      services.profiles.assign({ serverId: view.id, profileId: 'nope' }),
    );
    const deleted = unwrap(await call(() => services.profiles.delete({ id: two.profile.id })));

    expect(reassigned.assignments).toEqual({ [view.id]: two.profile.id });
    expect(unknownServer).toMatchObject({
      ok: false,
      error: { code: 'not_found', what: 'server' },
    });
    expect(unknownProfile).toMatchObject({
      ok: false,
      error: { code: 'not_found', what: 'profile' },
    });
    expect(deleted.unassigned).toEqual([view.id]);
    expect(services.profiles.list().assignments).toEqual({});
  });

  it('assigns a profile to several servers in one request, refused as a whole, and bounded', async () => {
    const { services } = await start();
    const view = await addAdmin(shared, services);
    const from = { kind: 'settings' as const, settings: DEFAULT_SETTINGS };
    const one = unwrap(await call(() => services.profiles.create({ name: 'One', from })));

    const refused = await call(() =>
      services.profiles.assignMany({ serverIds: [view.id, 'nope'], profileId: one.profile.id }),
    );
    expect(refused).toMatchObject({ ok: false, error: { code: 'not_found', what: 'server' } });
    expect(services.profiles.list().assignments).toEqual({});
    const assigned = unwrap(
      await call(() =>
        services.profiles.assignMany({ serverIds: [view.id, view.id], profileId: one.profile.id }),
      ),
    );
    expect(assigned.assignments).toEqual({ [view.id]: one.profile.id });
    const none = unwrap(
      await call(() => services.profiles.assignMany({ serverIds: [view.id], profileId: null })),
    );
    expect(none.assignments).toEqual({});
    const schema = requestSchemas['profiles:assign-many'];
    const ids = (n: number) => Array.from({ length: n }, (_, i) => `server-${i}`);
    expect(schema.safeParse({ serverIds: ids(1000), profileId: null }).success).toBe(true);
    expect(schema.safeParse({ serverIds: ids(1001), profileId: null }).success).toBe(false);
    expect(schema.safeParse({ serverIds: [], profileId: null }).success).toBe(false);
    expect(schema.safeParse({ serverIds: 'a', profileId: null }).success).toBe(false);
  });

  it("forgets a removed server's assignment", async () => {
    const { services, profiles } = await start();
    const view = await addAdmin(shared, services);
    const created = unwrap(
      await call(() =>
        services.profiles.create({
          name: 'One',
          from: { kind: 'settings', settings: DEFAULT_SETTINGS },
        }),
      ),
    );
    await call(() =>
      services.profiles.assign({ serverId: view.id, profileId: created.profile.id }),
    );

    await services.management.remove(view.id);
    await profiles.flush();

    expect(profiles.read().assignments).toEqual({});
  });
});
