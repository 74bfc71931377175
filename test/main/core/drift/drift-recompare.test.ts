import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../../../src-main/core/composition-root';
import type { EventMap } from '../../../../src-shared/ipc-contract';
import { DEFAULT_SETTINGS, setField } from '../../../../src-shared/settings';
import { removeAll, startCore, until } from '../fixtures';
import { changeBehindTheAppsBack, useFleet } from '../fleet-fixtures';

// drift:list right after a profile is assigned or edited: the profile's servers are
// compared again at once (as after adopt), without a notification.
const fleet = useFleet({
  Echo: setField(DEFAULT_SETTINGS, 'timeouts.idleMinutes', 45),
  Foxtrot: DEFAULT_SETTINGS,
});

let dataDir = '';
let core: Core;
const drifts: EventMap['events:drift'][] = [];
const ids: Record<string, string> = {};
let profileId = '';

async function value<T>(result: Promise<{ ok: true; value: T } | { ok: false; error: unknown }>) {
  const answer = await result;
  if (!answer.ok) throw new Error(`call failed: ${JSON.stringify(answer.error)}`);
  return answer.value;
}

/** The drifted fields of each listed server, by name. */
async function driftedFields(): Promise<Record<string, string[]>> {
  const listed = await value(core.handlers['drift:list']({}));
  return Object.fromEntries(
    listed.servers.map((server) => [
      Object.keys(ids).find((name) => ids[name] === server.serverId),
      server.fields.map((entry) => entry.field),
    ]),
  );
}

beforeAll(async () => {
  const started = await startCore({
    watcher: { mode: 'poll', pollIntervalMs: 20, reconnectBaseMs: 20, reconnectMaxMs: 200 },
  });
  core = started.core;
  dataDir = started.dataDir;
  core.subscribe('events:drift', (payload) => drifts.push(payload));
  for (const name of ['Echo', 'Foxtrot']) {
    const member = fleet.member(name);
    const added = await value(
      core.handlers['servers:add']({
        name,
        baseUrl: member.server.url,
        environment: 'production',
        credentials: { kind: 'account', username: 'admin', password: member.secrets.adminPassword },
      }),
    );
    ids[name] = added.server.id;
  }
  const created = await value(
    core.handlers['profiles:create']({
      name: 'Strict',
      from: { kind: 'settings', settings: DEFAULT_SETTINGS },
    }),
  );
  profileId = created.profile.id;
});

afterAll(async () => {
  await core.dispose();
  await removeAll([dataDir]);
});

describe('drift after an assignment or a profile edit', () => {
  it('lists a server that differs from the profile it was just assigned, credited to nobody', async () => {
    await value(core.handlers['profiles:assign']({ serverId: ids['Echo'] as string, profileId }));
    await value(
      core.handlers['profiles:assign']({ serverId: ids['Foxtrot'] as string, profileId }),
    );

    expect(await driftedFields()).toEqual({ Echo: ['timeouts.idleMinutes'], Foxtrot: [] });
    const listed = await value(core.handlers['drift:list']({}));
    expect(listed.servers.find((server) => server.serverId === ids['Echo'])?.fields).toEqual([
      expect.objectContaining({
        field: 'timeouts.idleMinutes',
        profileValue: DEFAULT_SETTINGS.timeouts.idleMinutes,
        serverValue: 45,
        by: null,
      }),
    ]);
    expect(drifts).toEqual([]);
  });

  it("compares every server of a profile again when the profile's settings are edited", async () => {
    await value(
      core.handlers['profiles:update']({
        id: profileId,
        settings: setField(
          setField(DEFAULT_SETTINGS, 'concurrency.maxSessionsPerUser', 9),
          'timeouts.idleMinutes',
          45,
        ),
      }),
    );

    expect(await driftedFields()).toEqual({
      Echo: ['concurrency.maxSessionsPerUser'],
      Foxtrot: ['timeouts.idleMinutes', 'concurrency.maxSessionsPerUser'],
    });
    expect(drifts).toEqual([]);
  });

  it("marks a drift the profile's edit took over as adopted, not reverted", async () => {
    core.startWatching();
    await changeBehindTheAppsBack(fleet.member('Foxtrot'), (settings) =>
      setField(settings, 'persistence.rememberMeDays', 3),
    );
    await until(() => drifts.length === 1);
    const { profile } = await value(core.handlers['profiles:list']({})).then((listed) => ({
      profile: listed.profiles.find((entry) => entry.id === profileId),
    }));

    await value(
      core.handlers['profiles:update']({
        id: profileId,
        settings: setField(profile?.settings ?? DEFAULT_SETTINGS, 'persistence.rememberMeDays', 3),
      }),
    );

    const listed = await value(core.handlers['drift:list']({}));
    const foxtrot = listed.servers.find((server) => server.serverId === ids['Foxtrot']);
    expect(foxtrot?.fields.map((entry) => entry.field)).not.toContain('persistence.rememberMeDays');
    expect(foxtrot?.history[0]?.verdicts).toEqual([
      expect.objectContaining({ field: 'persistence.rememberMeDays', kind: 'adopted', by: null }),
    ]);
    expect(drifts).toHaveLength(1);
  });

  it('forgets the drift of a server that follows no profile any more', async () => {
    await value(
      core.handlers['profiles:assign']({ serverId: ids['Echo'] as string, profileId: null }),
    );

    expect(await driftedFields()).toEqual({
      Foxtrot: ['timeouts.idleMinutes', 'concurrency.maxSessionsPerUser'],
    });
  });
});
