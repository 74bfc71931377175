import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../../../src-main/core/composition-root';
import type { CredentialStore } from '../../../../src-main/core/registry/credential-store';
import { PROFILES_FILE } from '../../../../src-main/core/profiles/profile-store';
import type { EventMap } from '../../../../src-shared/ipc-contract';
import { DEFAULT_SETTINGS, setField, type SettingsField } from '../../../../src-shared/settings';
import { removeAll, startCore, tempDir, until } from '../fixtures';
import { changeBehindTheAppsBack, useFleet } from '../fleet-fixtures';

const NAMES = ['Alpha', 'Bravo', 'Charlie'] as const;
const fleet = useFleet({
  Alpha: DEFAULT_SETTINGS,
  Bravo: DEFAULT_SETTINGS,
  Charlie: DEFAULT_SETTINGS,
});
const WATCH = {
  mode: 'poll' as const,
  pollIntervalMs: 20,
  reconnectBaseMs: 20,
  reconnectMaxMs: 200,
};
const DAY = 24 * 60 * 60_000;

let now = Date.now();
let dataDir = '';
let store: CredentialStore;
let core: Core;
let drifts: EventMap['events:drift'][] = [];
const ids: Record<string, string> = {};
let profileId = '';

async function value<T>(result: Promise<{ ok: true; value: T } | { ok: false; error: unknown }>) {
  const answer = await result;
  if (!answer.ok) throw new Error(`call failed: ${JSON.stringify(answer.error)}`);
  return answer.value;
}

/** Starts (or restarts) the app on the data folder, recording its drift notifications. */
async function open(): Promise<void> {
  const started = await startCore({
    dataDir,
    ...(store ? { credentialStore: store } : {}),
    clock: () => now,
    watcher: WATCH,
  });
  core = started.core;
  store = started.store;
  drifts = [];
  core.subscribe('events:drift', (payload) => drifts.push(payload));
}

/** Starts watching and waits until every server's feed caught up (old events are not news). */
async function watch(): Promise<void> {
  core.startWatching();
  await until(async () => {
    const listed = await value(core.handlers['servers:list']({}));
    return listed.servers.every((server) => server.lastEventId > 0);
  });
}

/** Another admin (the server's write key, actor "automation") sets one field. */
function otherAdminSets(name: string, field: SettingsField, to: number | boolean | string) {
  return changeBehindTheAppsBack(fleet.member(name), (settings) => setField(settings, field, to));
}

async function driftOf(name: string) {
  const listed = await value(core.handlers['drift:list']({}));
  return listed.servers.find((server) => server.serverId === ids[name]);
}

beforeAll(async () => {
  // A change and its undo on each server first, so that every feed has old events to skip.
  for (const name of NAMES) {
    await otherAdminSets(name, 'timeouts.idleMinutes', 31);
    await otherAdminSets(name, 'timeouts.idleMinutes', DEFAULT_SETTINGS.timeouts.idleMinutes);
  }
  dataDir = await tempDir();
  await open();
  for (const name of NAMES) {
    const member = fleet.member(name);
    const added = await value(
      core.handlers['servers:add']({
        name,
        baseUrl: member.server.url,
        environment: name === 'Alpha' ? 'production' : 'staging',
        credentials: { kind: 'account', username: 'admin', password: member.secrets.adminPassword },
      }),
    );
    ids[name] = added.server.id;
  }
  const created = await value(
    core.handlers['profiles:create']({
      name: 'Standard',
      from: { kind: 'server', serverId: ids['Alpha'] },
    }),
  );
  profileId = created.profile.id;
  for (const name of NAMES) {
    await value(core.handlers['profiles:assign']({ serverId: ids[name], profileId }));
  }
  await watch();
});

afterAll(async () => {
  await core.dispose();
  await removeAll([dataDir]);
});

describe('drift from the assigned profile', () => {
  it('announces a change by another admin once, naming the server, profile, fields and actor', async () => {
    await otherAdminSets('Bravo', 'timeouts.idleMinutes', 20);

    await until(() => drifts.length === 1);
    expect(drifts[0]).toMatchObject({
      serverId: ids['Bravo'],
      serverName: 'Bravo',
      environment: 'staging',
      profileId,
      profileName: 'Standard',
      actor: 'automation',
      fields: [
        { field: 'timeouts.idleMinutes', from: DEFAULT_SETTINGS.timeouts.idleMinutes, to: 20 },
      ],
    });
    const bravo = await driftOf('Bravo');
    expect(bravo?.fields).toEqual([
      expect.objectContaining({ field: 'timeouts.idleMinutes', serverValue: 20, by: 'automation' }),
    ]);
    expect(bravo?.history).toHaveLength(1);
  });

  it('announces nothing for a change that keeps the server matching', async () => {
    drifts = [];
    // Charlie's checks run in event order: once the third change is announced, the second
    // (which made Charlie match again) has been checked too.
    await otherAdminSets('Charlie', 'timeouts.idleMinutes', 45);
    await until(() => drifts.length === 1);
    await otherAdminSets('Charlie', 'timeouts.idleMinutes', DEFAULT_SETTINGS.timeouts.idleMinutes);
    await otherAdminSets('Charlie', 'concurrency.maxSessionsPerUser', 7);

    await until(() => drifts.length === 2);
    expect(drifts.map((drift) => drift.fields.map((change) => change.field))).toEqual([
      ['timeouts.idleMinutes'],
      ['concurrency.maxSessionsPerUser'],
    ]);
    expect((await driftOf('Charlie'))?.fields.map((entry) => entry.field)).toEqual([
      'concurrency.maxSessionsPerUser',
    ]);
  });

  it('announces nothing for a field accepted as an exception until its date has passed', async () => {
    drifts = [];
    const acceptedUntil = new Date(now + DAY).toISOString();
    const accepted = await value(
      core.handlers['drift:accept']({
        serverId: ids['Charlie'],
        field: 'concurrency.maxSessionsPerUser',
        until: acceptedUntil,
      }),
    );
    expect(accepted.server.fields).toEqual([
      expect.objectContaining({
        field: 'concurrency.maxSessionsPerUser',
        acceptedUntil: acceptedUntil,
      }),
    ]);

    // Kept next to the assignment, so it holds across restarts.
    const file = JSON.parse(await readFile(path.join(dataDir, PROFILES_FILE), 'utf8')) as {
      exceptions: Record<string, Record<string, string>>;
    };
    expect(file.exceptions).toEqual({
      [ids['Charlie'] as string]: { 'concurrency.maxSessionsPerUser': acceptedUntil },
    });
    expect(accepted.server.history[0]?.verdicts).toEqual([
      expect.objectContaining({ kind: 'accepted', until: acceptedUntil }),
    ]);

    await otherAdminSets('Charlie', 'concurrency.maxSessionsPerUser', 8);
    await otherAdminSets('Charlie', 'timeouts.sessionMinutes', 600);
    await until(() => drifts.length === 1);
    expect(drifts[0]?.fields.map((change) => change.field)).toEqual(['timeouts.sessionMinutes']);

    now += DAY + 1;
    await otherAdminSets('Charlie', 'concurrency.maxSessionsPerUser', 9);
    await until(() => drifts.length === 2);
    expect(drifts[1]?.fields).toEqual([
      {
        field: 'concurrency.maxSessionsPerUser',
        from: DEFAULT_SETTINGS.concurrency.maxSessionsPerUser,
        to: 9,
      },
    ]);
  });

  it('refuses an exception dated in the past', async () => {
    const refused = await core.handlers['drift:accept']({
      serverId: ids['Charlie'],
      field: 'timeouts.idleMinutes',
      until: new Date(now - 1).toISOString(),
    });
    expect(refused.ok).toBe(false);
  });

  it("adopts a server's value into the profile, and the profile's other servers then show as drifted", async () => {
    const adopted = await value(
      core.handlers['drift:adopt']({ serverId: ids['Bravo'], field: 'timeouts.idleMinutes' }),
    );

    expect(adopted.profile.settings.timeouts.idleMinutes).toBe(20);
    const byName = Object.fromEntries(
      adopted.servers.map((server) => [
        NAMES.find((name) => ids[name] === server.serverId),
        server.fields.map((entry) => entry.field),
      ]),
    );
    expect(byName['Bravo']).toEqual([]);
    expect(byName['Alpha']).toEqual(['timeouts.idleMinutes']);
    expect(byName['Charlie']).toContain('timeouts.idleMinutes');
    const profiles = await value(core.handlers['profiles:list']({}));
    expect(profiles.profiles[0]?.settings.timeouts.idleMinutes).toBe(20);
    // Bravo's drift of that field is marked adopted in its history (not reverted).
    expect((await driftOf('Bravo'))?.history[0]?.verdicts).toEqual([
      expect.objectContaining({ field: 'timeouts.idleMinutes', kind: 'adopted', by: null }),
    ]);
  });

  it('reverts one drifted field through a plan of that field alone, leaving the others as they are', async () => {
    drifts = [];
    const serverId = ids['Charlie'] as string;
    const before = (await driftOf('Charlie'))?.fields.map((entry) => entry.field) ?? [];
    expect(before).toContain('timeouts.sessionMinutes');
    expect(before).toContain('timeouts.idleMinutes');

    const plan = await value(
      core.handlers['fleet:plan']({
        source: { kind: 'profile', profileId },
        sections: ['timeouts'],
        fields: ['timeouts.sessionMinutes'],
        targets: [serverId],
      }),
    );
    expect(plan.fields).toEqual(['timeouts.sessionMinutes']);
    expect(plan.targets[0]).toMatchObject({
      status: 'change',
      changes: [{ field: 'timeouts.sessionMinutes', from: 600 }],
    });
    const applied = await value(core.handlers['fleet:apply']({ planId: plan.id }));
    expect(applied.outcomes[0]?.kind).toBe('applied');

    // The app's own save comes back through the feed; drift:list waits for its check.
    await until(async () => {
      const fields = (await driftOf('Charlie'))?.fields.map((entry) => entry.field) ?? [];
      return !fields.includes('timeouts.sessionMinutes');
    });
    expect((await driftOf('Charlie'))?.fields.map((entry) => entry.field)).toEqual(
      before.filter((field) => field !== 'timeouts.sessionMinutes'),
    );
    expect(drifts).toEqual([]);
    const record = (await driftOf('Charlie'))?.history.find((entry) =>
      entry.fields.some((change) => change.field === 'timeouts.sessionMinutes'),
    );
    expect(record?.verdicts).toEqual([
      expect.objectContaining({ field: 'timeouts.sessionMinutes', kind: 'reverted', by: 'admin' }),
    ]);
  });

  it('refuses a plan whose fields are outside its sections', async () => {
    const refused = await core.handlers['fleet:plan']({
      source: { kind: 'profile', profileId },
      sections: ['concurrency'],
      fields: ['timeouts.idleMinutes'],
      targets: [ids['Charlie'] as string],
    });
    expect(refused.ok || refused.error.code).toBe('invalid_request');
  });

  it('removes an accepted exception when asked, and the field counts as drifted again', async () => {
    const until = new Date(now + DAY).toISOString();
    const serverId = ids['Charlie'] as string;
    await value(core.handlers['drift:accept']({ serverId, field: 'timeouts.idleMinutes', until }));
    const removed = await value(
      core.handlers['drift:accept']({ serverId, field: 'timeouts.idleMinutes', until: null }),
    );

    expect(
      removed.server.fields.find((entry) => entry.field === 'timeouts.idleMinutes'),
    ).toMatchObject({ acceptedUntil: null });
    const file = JSON.parse(await readFile(path.join(dataDir, PROFILES_FILE), 'utf8')) as {
      exceptions?: Record<string, Record<string, string>>;
    };
    expect(file.exceptions?.[serverId]?.['timeouts.idleMinutes']).toBeUndefined();
  });

  it('still shows each drifted server, its fields and its history after the app restarts', async () => {
    const before = await value(core.handlers['drift:list']({}));
    expect(before.servers.some((server) => server.fields.length > 0)).toBe(true);

    await core.dispose();
    await open();

    // Nothing has changed since and nothing was read again: this is what was kept.
    expect(await value(core.handlers['drift:list']({}))).toEqual(before);
    expect(drifts).toEqual([]);
  });

  it('announces nothing again after the app restarts, and what is new once', async () => {
    await core.dispose();
    await open();
    await watch();

    await otherAdminSets('Bravo', 'persistence.rememberMeDays', 3);
    await until(() => drifts.length === 1);
    expect(drifts[0]).toMatchObject({
      serverId: ids['Bravo'],
      fields: [{ field: 'persistence.rememberMeDays', to: 3 }],
    });
  });
});
