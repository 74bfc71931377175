import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../../../src-main/core/composition-root';
import type { CredentialStore } from '../../../../src-main/core/registry/credential-store';
import { REGISTRY_FILE } from '../../../../src-main/core/registry/server-registry';
import type { EventMap } from '../../../../src-shared/ipc-contract';
import {
  DEFAULT_SETTINGS,
  pickSettings,
  setField,
  type SettingsField,
} from '../../../../src-shared/settings';
import { removeAll, startCore, startSeededServer, tempDir, until } from '../fixtures';
import { changeBehindTheAppsBack, useFleet } from '../fleet-fixtures';

// Who gets the credit for a drift, and what is announced: the app's own saves never, a
// field that already differed is not blamed on whoever changed another, and nothing twice
// when events come again after a restart.
const fleet = useFleet({ Bravo: DEFAULT_SETTINGS, Delta: DEFAULT_SETTINGS });
const WATCH = {
  mode: 'poll' as const,
  pollIntervalMs: 20,
  reconnectBaseMs: 20,
  reconnectMaxMs: 200,
};

let dataDir = '';
let store: CredentialStore;
let core: Core;
let drifts: EventMap['events:drift'][] = [];
let events: EventMap['events:server-event'][] = [];
const ids: Record<string, string> = {};
let profileId = '';

async function value<T>(result: Promise<{ ok: true; value: T } | { ok: false; error: unknown }>) {
  const answer = await result;
  if (!answer.ok) throw new Error(`call failed: ${JSON.stringify(answer.error)}`);
  return answer.value;
}

/** Starts (or restarts) the app on the data folder, recording what it emits. */
async function open(): Promise<void> {
  const started = await startCore({
    dataDir,
    ...(store ? { credentialStore: store } : {}),
    watcher: WATCH,
  });
  core = started.core;
  store = started.store;
  drifts = [];
  events = [];
  core.subscribe('events:drift', (payload) => drifts.push(payload));
  core.subscribe('events:server-event', (payload) => events.push(payload));
}

/** Starts watching and waits until every server's feed caught up (old events are not news). */
async function watch(): Promise<void> {
  core.startWatching();
  await until(async () => {
    const listed = await value(core.handlers['servers:list']({}));
    return listed.servers.every((server) => server.lastEventId > 0);
  });
}

async function restart(): Promise<void> {
  await core.dispose();
  await open();
}

/** Another admin (the server's write key, actor "automation") sets one field. */
function otherAdminSets(name: string, field: SettingsField, to: number | boolean | string) {
  return changeBehindTheAppsBack(fleet.member(name), (settings) => setField(settings, field, to));
}

/** Who each drifted field of a server is credited to, by field. */
async function creditsOf(name: string): Promise<Record<string, string | null>> {
  const listed = await value(core.handlers['drift:list']({}));
  const server = listed.servers.find((entry) => entry.serverId === ids[name]);
  return Object.fromEntries((server?.fields ?? []).map((entry) => [entry.field, entry.by]));
}

/** Saves one field of a server through the app (the settings panel's save). */
async function saveThroughTheApp(name: string, field: SettingsField, to: number) {
  const serverId = ids[name] as string;
  const current = await value(core.handlers['settings:get']({ serverId }));
  await value(
    core.handlers['settings:save']({
      serverId,
      settings: setField(pickSettings(current.settings), field, to),
      baseVersion: current.settings.version,
    }),
  );
}

/** Applies one field of the profile to a server through a fleet plan (a drift's revert). */
async function revertThroughTheApp(name: string, field: SettingsField) {
  const plan = await value(
    core.handlers['fleet:plan']({
      source: { kind: 'profile', profileId },
      sections: [field.split('.')[0] as 'timeouts'],
      fields: [field],
      targets: [ids[name] as string],
    }),
  );
  const applied = await value(core.handlers['fleet:apply']({ planId: plan.id }));
  expect(applied.outcomes[0]?.kind).toBe('applied');
}

beforeAll(async () => {
  dataDir = await tempDir();
  await open();
  for (const name of ['Bravo', 'Delta']) {
    const member = fleet.member(name);
    const added = await value(
      core.handlers['servers:add']({
        name,
        baseUrl: member.server.url,
        environment: 'staging',
        credentials: { kind: 'account', username: 'admin', password: member.secrets.adminPassword },
      }),
    );
    ids[name] = added.server.id;
  }
  const created = await value(
    core.handlers['profiles:create']({
      name: 'Standard',
      from: { kind: 'settings', settings: DEFAULT_SETTINGS },
    }),
  );
  profileId = created.profile.id;
  await value(core.handlers['profiles:assign']({ serverId: ids['Bravo'] as string, profileId }));
  // A change and its undo on each server first: the first watch catches up past them.
  for (const name of ['Bravo', 'Delta']) {
    await otherAdminSets(name, 'timeouts.idleMinutes', 31);
    await otherAdminSets(name, 'timeouts.idleMinutes', DEFAULT_SETTINGS.timeouts.idleMinutes);
  }
  await watch();
});

afterAll(async () => {
  await core.dispose();
  await removeAll([dataDir]);
});

describe('drift credit', () => {
  it("announces nothing for changes saved through the app (a save, a fleet apply), and lists them by the app's account", async () => {
    await saveThroughTheApp('Bravo', 'timeouts.idleMinutes', 25);
    const loose = await value(
      core.handlers['profiles:create']({
        name: 'Loose',
        from: {
          kind: 'settings',
          settings: setField(DEFAULT_SETTINGS, 'concurrency.maxSessionsPerUser', 9),
        },
      }),
    );
    const plan = await value(
      core.handlers['fleet:plan']({
        source: { kind: 'profile', profileId: loose.profile.id },
        sections: ['concurrency'],
        targets: [ids['Bravo'] as string],
      }),
    );
    await value(core.handlers['fleet:apply']({ planId: plan.id }));
    // Another admin's change after them: once it is announced, the app's two were checked.
    await otherAdminSets('Bravo', 'persistence.rememberMeDays', 3);

    await until(() => drifts.some((drift) => drift.actor === 'automation'));
    expect(drifts).toEqual([
      expect.objectContaining({
        serverId: ids['Bravo'],
        actor: 'automation',
        fields: [
          {
            field: 'persistence.rememberMeDays',
            from: DEFAULT_SETTINGS.persistence.rememberMeDays,
            to: 3,
          },
        ],
      }),
    ]);
    expect(await creditsOf('Bravo')).toEqual({
      'timeouts.idleMinutes': 'admin',
      'concurrency.maxSessionsPerUser': 'admin',
      'persistence.rememberMeDays': 'automation',
    });
  });

  it('does not credit a field that already differed to whoever changed another field', async () => {
    const deltaId = ids['Delta'] as string;
    const seen = events.length;
    // Delta follows no profile yet when this is changed.
    await otherAdminSets('Delta', 'timeouts.sessionMinutes', 600);
    await until(() => events.slice(seen).some((entry) => entry.serverId === deltaId));
    await value(core.handlers['profiles:assign']({ serverId: deltaId, profileId }));
    drifts = [];

    await otherAdminSets('Delta', 'timeouts.idleMinutes', 20);

    await until(() => drifts.some((drift) => drift.serverId === deltaId));
    expect(await creditsOf('Delta')).toEqual({
      'timeouts.sessionMinutes': null,
      'timeouts.idleMinutes': 'automation',
    });
    expect(
      drifts.filter((drift) => drift.serverId === deltaId).map((drift) => drift.fields),
    ).toEqual([[expect.objectContaining({ field: 'timeouts.idleMinutes', to: 20 })]]);
  });

  it("after a restart, announces neither the app's own revert nor its undoing twice: the other admin's change once", async () => {
    drifts = [];
    await otherAdminSets('Bravo', 'timeouts.sessionMinutes', 600);
    await until(() => drifts.length === 1);

    // The app reverts while it is not watching, another admin changes the field again, and
    // the app is restarted: both events come in from the feed after the restart.
    await restart();
    await revertThroughTheApp('Bravo', 'timeouts.sessionMinutes');
    await saveThroughTheApp('Bravo', 'timeouts.idleMinutes', 27);
    await otherAdminSets('Bravo', 'timeouts.sessionMinutes', 700);
    await restart();
    await watch();
    await otherAdminSets('Bravo', 'persistence.rememberMeDays', 4);

    await until(() => drifts.some((drift) => drift.fields[0]?.to === 4));
    await value(core.handlers['drift:list']({}));
    expect(drifts.map((drift) => [drift.actor, drift.fields.map((change) => change.to)])).toEqual([
      ['automation', [700]],
      ['automation', [4]],
    ]);
    expect(await creditsOf('Bravo')).toMatchObject({
      'timeouts.sessionMinutes': 'automation',
      'timeouts.idleMinutes': 'admin',
    });
  });

  it('announces nothing again when events already checked come again (the server list restored from an older backup)', async () => {
    const before = (await value(core.handlers['drift:list']({}))).servers.find(
      (server) => server.serverId === ids['Bravo'],
    );
    const oldest = Math.min(...(before?.history ?? []).map((record) => record.eventId));
    await core.dispose();
    const file = path.join(dataDir, REGISTRY_FILE);
    const registry = JSON.parse(await readFile(file, 'utf8')) as {
      servers: { id: string; lastEventId: number }[];
    };
    for (const server of registry.servers) {
      if (server.id === ids['Bravo']) server.lastEventId = oldest - 1;
    }
    await writeFile(file, JSON.stringify(registry));
    await open();
    await watch();
    await otherAdminSets('Bravo', 'concurrency.maxSessionsPerUser', 11);

    await until(() => drifts.length > 0);
    await value(core.handlers['drift:list']({}));
    expect(drifts.map((drift) => drift.fields.map((change) => [change.field, change.to]))).toEqual([
      [['concurrency.maxSessionsPerUser', 11]],
    ]);
    const after = (await value(core.handlers['drift:list']({}))).servers.find(
      (server) => server.serverId === ids['Bravo'],
    );
    expect(after?.history.length).toBe((before?.history.length ?? 0) + 1);
  });

  it('follows a server whose database was rebuilt: its new events are checked, though their ids are old', async () => {
    const box = await startSeededServer({ name: 'Box Rebuilt' });
    const started = await startCore({ watcher: { ...WATCH, mode: 'sse' } });
    const notices: EventMap['events:drift'][] = [];
    started.core.subscribe('events:drift', (payload) => notices.push(payload));
    const handlers = started.core.handlers;
    const added = await value(
      handlers['servers:add']({
        name: 'Box Rebuilt',
        baseUrl: box.server.url,
        environment: null,
        credentials: { kind: 'account', username: 'admin', password: box.secrets.adminPassword },
      }),
    );
    const serverId = added.server.id;
    const standard = await value(
      handlers['profiles:create']({
        name: 'Standard',
        from: { kind: 'settings', settings: DEFAULT_SETTINGS },
      }),
    );
    await value(handlers['profiles:assign']({ serverId, profileId: standard.profile.id }));
    const sets = (server: typeof box.server, field: SettingsField, to: number) =>
      changeBehindTheAppsBack({ server, secrets: box.secrets }, (settings) =>
        setField(settings, field, to),
      );
    // Two events before the first watch, which catches up past them.
    await sets(box.server, 'timeouts.idleMinutes', 31);
    await sets(box.server, 'timeouts.idleMinutes', DEFAULT_SETTINGS.timeouts.idleMinutes);
    started.core.startWatching();
    await until(async () => {
      const listed = await value(handlers['servers:list']({}));
      return listed.servers[0]?.lastEventId === 2;
    });
    for (const [index, days] of [3, 4, 5, 6].entries()) {
      await sets(box.server, 'persistence.rememberMeDays', days);
      await until(() => notices.length === index + 1);
    }
    const state = async () => (await value(handlers['servers:list']({}))).servers[0]?.status.state;
    await box.server.close();
    await until(async () => (await state()) === 'unreachable');

    const rebuilt = await startSeededServer({
      name: 'Box Rebuilt',
      secrets: box.secrets,
      port: box.server.port,
    });
    await until(async () => (await state()) === 'connected');
    await sets(rebuilt.server, 'timeouts.idleMinutes', 20);
    for (const limit of [1, 2, 3, 4, 6, 7]) {
      await sets(rebuilt.server, 'concurrency.maxSessionsPerUser', limit);
    }
    // Event 7 of the new feed is past the last one checked on the old (6) either way.
    await until(() => notices.some((notice) => notice.eventId === 7));
    await value(handlers['drift:list']({}));
    await started.core.dispose();
    await rebuilt.server.close();
    await removeAll([box.dataDir, rebuilt.dataDir, started.dataDir]);

    // The idle timeout is credited to event 1; the session limit to the newest event of each
    // group checked together (events that came in during a check).
    const announced = notices
      .slice(4)
      .flatMap((notice) => notice.fields.map((change) => [notice.eventId, change.field]));
    expect(announced[0]).toEqual([1, 'timeouts.idleMinutes']);
    expect(announced.slice(1).map(([, field]) => field)).toContain(
      'concurrency.maxSessionsPerUser',
    );
    expect(
      announced.slice(1).every(([, field]) => field === 'concurrency.maxSessionsPerUser'),
    ).toBe(true);
  });
});
