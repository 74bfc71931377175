/**
 * "Apply a profile to 3 servers", counted on the reference servers' side: the real store of
 * the window over the real core (the preload's factory on a transport into core's handlers
 * and events), three reference servers that log every request, the event feeds watched.
 * From the admin's confirmation until everything has settled (the saves, their events, the
 * drift checks, and whatever the window reads afterwards), the servers see one PUT and one
 * read-back each and nothing else (the event feeds themselves are not counted).
 */

import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StoreApi } from 'zustand/vanilla';
import type { Core } from '../../src-main/core/composition-root';
import { createApi } from '../../src-preload/api';
import { connectStore, createAppStore, type AppState } from '../../src-renderer/state/store';
import { DEFAULT_SETTINGS, setField } from '../../src-shared/settings';
import {
  removeAll,
  requestLog,
  startCore,
  startSeededServer,
  type LoggedRequest,
  type Secrets,
} from '../main/core/fixtures';
import type { RunningReferenceServer } from '../../server/index';

const NAMES = ['Alpha', 'Bravo', 'Charlie'] as const;
const servers: {
  server: RunningReferenceServer;
  secrets: Secrets;
  log: ReturnType<typeof requestLog>;
}[] = [];
const folders: string[] = [];
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

/** The requests of every server (from the given count on each) but the event feed's. */
function counted(from: readonly number[] = []): LoggedRequest[] {
  return servers.flatMap(({ log }, index) =>
    log
      .requests()
      .slice(from[index] ?? 0)
      .filter((request) => !request.url.startsWith('/api/sessions/events')),
  );
}

/** Waits until no server has been sent anything (but its feed) for `quietMs`. */
async function quiet(quietMs = 1_500): Promise<void> {
  let last = counted().length;
  let since = Date.now();
  while (Date.now() - since < quietMs) {
    await sleep(50);
    const now = counted().length;
    if (now !== last) {
      last = now;
      since = Date.now();
    }
  }
}

beforeAll(async () => {
  for (const name of NAMES) {
    const log = requestLog();
    const started = await startSeededServer({
      name,
      logStream: log.stream,
      settings: setField(DEFAULT_SETTINGS, 'timeouts.idleMinutes', 20),
    });
    folders.push(started.dataDir);
    servers.push({ server: started.server, secrets: started.secrets, log });
  }
  const started = await startCore({ watcher: { mode: 'sse' } });
  folders.push(started.dataDir);
  core = started.core;
  const api = createApi({
    invoke: (channel, payload) => core.handlers[channel](payload),
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
  await store.getState().loadServers();
  core.startWatching();
  // Every feed is open (its stream asked for) before anything is counted.
  await until(() =>
    servers.every(({ log }) =>
      log.requests().some((request) => request.url.startsWith('/api/sessions/events')),
    ),
  );
}, 60_000);

afterAll(async () => {
  await core?.dispose();
  await Promise.all(servers.map(({ server }) => server.close()));
  await removeAll(folders);
});

describe('apply a profile to 3 servers, counted on the servers', () => {
  it('sends 3 PUT and 3 read-backs, and nothing else', async () => {
    const created = await store.getState().createProfile({
      name: 'Baseline',
      from: { kind: 'settings', settings: DEFAULT_SETTINGS },
    });
    if (!created.ok) throw new Error(created.error.message);
    const profileId = created.value.profile.id;
    const ids = store.getState().servers.map((server) => server.id);
    const assigned = await store.getState().assignProfile(ids, profileId);
    expect(assigned.ok).toBe(true);
    store.getState().openFleet();
    await until(() => store.getState().fleet.refreshedAt !== null);
    store.getState().selectServer(ids[0] ?? '');
    await until(() => store.getState().editor.base !== null);
    const planned = await store
      .getState()
      .makePlan(
        { source: { kind: 'profile', profileId }, sections: ['timeouts'], targets: ids },
        null,
      );
    expect(planned.ok && planned.value.counts.change).toBe(3);
    store.getState().reviewPlan();
    await quiet();
    const before = servers.map(({ log }) => log.requests().length);

    const applied = await store.getState().confirmApply();
    expect(applied?.ok && applied.value?.counts.applied).toBe(3);
    await quiet();

    const sent = counted(before).map((request) => `${request.method} ${request.url}`);
    // The figure for the record (the closing note quotes it).
    console.log(`apply to 3 servers: ${sent.length} requests: ${sent.join(', ')}`);
    expect(sent.filter((line) => line === 'PUT /api/settings/sessions')).toHaveLength(3);
    expect(sent.filter((line) => line === 'GET /api/settings/sessions')).toHaveLength(3);
    expect(sent).toHaveLength(6);
  });
});
