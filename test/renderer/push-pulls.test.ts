/**
 * What the window reads again after its own writes, counted on the IPC side: the real store
 * over the real core (the preload's factory on a transport into core's handlers and events,
 * every call recorded), three reference servers, the event feeds watched. After "assign a
 * profile to 3 servers" and after "accept a drift exception", the window reads nothing back
 * (no profiles:list, drift:list, settings:get, fleet:snapshot or servers:list): what changed
 * reaches it as core's pushes, and its state shows it.
 */

import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StoreApi } from 'zustand/vanilla';
import type { Core } from '../../src-main/core/composition-root';
import { QuickBoxClient } from '../../src-main/core/client/quickbox-client';
import { createApi } from '../../src-preload/api';
import { connectStore, createAppStore, type AppState } from '../../src-renderer/state/store';
import type { RequestChannel } from '../../src-shared/ipc-contract';
import { DEFAULT_SETTINGS, setField } from '../../src-shared/settings';
import {
  capturingLogger,
  fastLimits,
  removeAll,
  startCore,
  startSeededServer,
  type Secrets,
} from '../main/core/fixtures';
import type { RunningReferenceServer } from '../../server/index';

/** The channels that only read: a call of one after a write is a pull. */
const PULLS: readonly RequestChannel[] = [
  'profiles:list',
  'drift:list',
  'settings:get',
  'fleet:snapshot',
  'servers:list',
];

const NAMES = ['Alpha', 'Bravo', 'Charlie'] as const;
const servers: { server: RunningReferenceServer; secrets: Secrets }[] = [];
const folders: string[] = [];
const calls: RequestChannel[] = [];
let core: Core;
let store: StoreApi<AppState>;

/** Waits until `condition` holds (checked every 10 ms, up to 20 s). */
async function until(condition: () => boolean): Promise<void> {
  const end = Date.now() + 20_000;
  while (!condition()) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await sleep(10);
  }
}

/** Waits until the window has called nothing for `quietMs`. */
async function quiet(quietMs = 1_000): Promise<void> {
  let last = calls.length;
  let since = Date.now();
  while (Date.now() - since < quietMs) {
    await sleep(50);
    if (calls.length !== last) {
      last = calls.length;
      since = Date.now();
    }
  }
}

/** Whether the window's drift state has the server drifted in `field`. */
function driftedIn(serverId: string, field: string): boolean {
  return (
    store.getState().drift.servers[serverId]?.fields.some((entry) => entry.field === field) ?? false
  );
}

/** The calls from `from` on, and the pulls among them. */
function since(from: number): { calls: RequestChannel[]; pulls: RequestChannel[] } {
  const made = calls.slice(from);
  return { calls: made, pulls: made.filter((channel) => PULLS.includes(channel)) };
}

beforeAll(async () => {
  for (const name of NAMES) {
    const started = await startSeededServer({
      name,
      settings: setField(DEFAULT_SETTINGS, 'timeouts.idleMinutes', 20),
    });
    folders.push(started.dataDir);
    servers.push({ server: started.server, secrets: started.secrets });
  }
  const started = await startCore({ watcher: { mode: 'sse' } });
  folders.push(started.dataDir);
  core = started.core;
  const api = createApi({
    invoke: (channel, payload) => {
      calls.push(channel);
      return core.handlers[channel](payload);
    },
    subscribe: (channel, listener) => core.subscribe(channel, listener),
  });
  store = createAppStore(api);
  connectStore(store, api);
  for (const [index, name] of NAMES.entries()) {
    const member = servers[index];
    if (!member) throw new Error('no server');
    const added = await core.handlers['servers:add']({
      name,
      baseUrl: member.server.url,
      environment: 'test',
      credentials: { kind: 'api_key', apiKey: member.secrets.writeKey },
    });
    if (!added.ok) throw new Error(added.error.message);
  }
  // What the window reads when it starts (main.tsx): the list, the profiles and drift.
  await store.getState().loadServers();
  await store.getState().loadProfiles();
  await store.getState().loadDrift();
  core.startWatching();
  await sleep(500);
}, 60_000);

afterAll(async () => {
  await core?.dispose();
  await Promise.all(servers.map(({ server }) => server.close()));
  await removeAll(folders);
});

describe('the window after its own writes, counted on IPC', () => {
  let profileId = '';

  it('assigning a profile to 3 servers is one request and no pull', async () => {
    const created = await store.getState().createProfile({
      name: 'Baseline',
      from: { kind: 'settings', settings: DEFAULT_SETTINGS },
    });
    if (!created.ok) throw new Error(created.error.message);
    profileId = created.value.profile.id;
    await until(() => store.getState().profiles.some((profile) => profile.id === profileId));
    await quiet();
    const from = calls.length;
    const ids = store.getState().servers.map((server) => server.id);

    const assigned = await store.getState().assignProfile(ids, profileId);
    expect(assigned.ok).toBe(true);
    // Every server follows the profile and drift compared each (idle 20, the profile's 30).
    await until(() =>
      ids.every(
        (id) =>
          store.getState().drift.servers[id]?.profileId === profileId &&
          (store.getState().drift.servers[id]?.fields.length ?? 0) > 0,
      ),
    );
    await quiet();

    const made = since(from);
    console.log(`assign a profile to 3 servers: ${made.calls.join(', ')}`);
    expect(Object.keys(store.getState().assignments).sort()).toEqual([...ids].sort());
    expect(made.calls.filter((channel) => channel === 'profiles:assign-many')).toHaveLength(1);
    expect(made.pulls).toEqual([]);
  });

  it("another admin's change reaches the window's drift without a pull", async () => {
    const alpha = store.getState().servers.find((server) => server.name === 'Alpha');
    const member = servers[0];
    if (!alpha || !member) throw new Error('no Alpha');
    const from = calls.length;
    // Another admin changes Alpha on the server itself: drift in core finds it.
    const other = new QuickBoxClient(
      { baseUrl: member.server.url, pinnedFingerprint: null },
      { kind: 'account', username: 'admin', password: member.secrets.adminPassword },
      fastLimits(),
      capturingLogger().logger,
    );
    const current = await other.getSettings();
    await other.saveSettings(
      setField(current, 'concurrency.maxSessionsPerUser', 9),
      current.version,
    );
    await other.close();
    await until(() => driftedIn(alpha.id, 'concurrency.maxSessionsPerUser'));
    await quiet();

    const made = since(from);
    console.log(`another admin's change, drift shown: ${made.calls.join(', ')}`);
    expect(made.pulls).toEqual([]);
  });

  it('accepting a drift exception is one request and no pull', async () => {
    const alpha = store.getState().servers.find((server) => server.name === 'Alpha');
    if (!alpha) throw new Error('no Alpha');
    const from = calls.length;
    const until_ = new Date(Date.now() + 7 * 86_400_000).toISOString();

    const accepted = await store
      .getState()
      .acceptDrift(alpha.id, 'concurrency.maxSessionsPerUser', until_);
    expect(accepted.ok).toBe(true);
    await quiet();

    const made = since(from);
    console.log(`accept a drift exception: ${made.calls.join(', ')}`);
    const entry = store
      .getState()
      .drift.servers[alpha.id]?.fields.find(
        (field) => field.field === 'concurrency.maxSessionsPerUser',
      );
    expect(entry?.acceptedUntil).toBe(until_);
    expect(made.calls.filter((channel) => channel === 'drift:accept')).toHaveLength(1);
    expect(made.pulls).toEqual([]);
  });

  it("adopting a server's value into the profile is one request and no pull", async () => {
    const bravo = store.getState().servers.find((server) => server.name === 'Bravo');
    if (!bravo) throw new Error('no Bravo');
    const from = calls.length;

    const adopted = await store.getState().adoptDrift(bravo.id, 'timeouts.idleMinutes');
    expect(adopted.ok).toBe(true);
    // The profile now says 20, as every server does: none of them drifts in it any more.
    await until(
      () =>
        store.getState().profiles.find((profile) => profile.id === profileId)?.settings.timeouts
          .idleMinutes === 20 &&
        store.getState().servers.every((server) => !driftedIn(server.id, 'timeouts.idleMinutes')),
    );
    await quiet();

    const made = since(from);
    console.log(`adopt a drifted value: ${made.calls.join(', ')}`);
    expect(made.calls.filter((channel) => channel === 'drift:adopt')).toHaveLength(1);
    expect(made.pulls).toEqual([]);
  });
});
