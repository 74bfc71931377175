import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../../../src-main/core/composition-root';
import type { EventMap } from '../../../../src-shared/ipc-contract';
import { DEFAULT_SETTINGS, setField } from '../../../../src-shared/settings';
import { removeAll, startCore, until } from '../fixtures';
import { useFleet } from '../fleet-fixtures';

// What core pushes after a write of profiles or drift, so the window never reads them back:
// `profiles:changed` after every saved change of profiles.json, `drift:changed` with the
// servers whose drift changed (and those that follow no profile any more).
const fleet = useFleet({ Golf: setField(DEFAULT_SETTINGS, 'timeouts.idleMinutes', 45) });

let dataDir = '';
let core: Core;
let serverId = '';
const profilePushes: EventMap['profiles:changed'][] = [];
const driftPushes: EventMap['drift:changed'][] = [];

async function value<T>(result: Promise<{ ok: true; value: T } | { ok: false; error: unknown }>) {
  const answer = await result;
  if (!answer.ok) throw new Error(`call failed: ${JSON.stringify(answer.error)}`);
  return answer.value;
}

/** The drift pushed last for the server (null when pushed as gone, undefined when not). */
function lastPushed(): EventMap['drift:changed']['servers'][number] | null | undefined {
  for (const push of [...driftPushes].reverse()) {
    if (push.gone.includes(serverId)) return null;
    const found = push.servers.find((server) => server.serverId === serverId);
    if (found) return found;
  }
  return undefined;
}

beforeAll(async () => {
  const started = await startCore();
  core = started.core;
  dataDir = started.dataDir;
  core.subscribe('profiles:changed', (payload) => profilePushes.push(payload));
  core.subscribe('drift:changed', (payload) => driftPushes.push(payload));
  const member = fleet.member('Golf');
  const added = await value(
    core.handlers['servers:add']({
      name: 'Golf',
      baseUrl: member.server.url,
      environment: 'production',
      credentials: { kind: 'account', username: 'admin', password: member.secrets.adminPassword },
    }),
  );
  serverId = added.server.id;
});

afterAll(async () => {
  await core.dispose();
  await removeAll([dataDir]);
});

describe('pushes after writes of profiles and drift', () => {
  it('pushes the profiles after a change, and the drift of an assigned server once compared', async () => {
    const created = await value(
      core.handlers['profiles:create']({
        name: 'Strict',
        from: { kind: 'settings', settings: DEFAULT_SETTINGS },
      }),
    );
    expect(profilePushes.at(-1)?.profiles.map((profile) => profile.name)).toEqual(['Strict']);

    await value(core.handlers['profiles:assign']({ serverId, profileId: created.profile.id }));
    expect(profilePushes.at(-1)?.assignments).toEqual({ [serverId]: created.profile.id });
    await until(() => (lastPushed()?.fields.length ?? 0) > 0);
    expect(lastPushed()?.fields.map((entry) => entry.field)).toEqual(['timeouts.idleMinutes']);

    await value(core.handlers['profiles:rename']({ id: created.profile.id, name: 'Stricter' }));
    expect(profilePushes.at(-1)?.profiles.map((profile) => profile.name)).toEqual(['Stricter']);
    expect(lastPushed()?.profileName).toBe('Stricter');
  });

  it('pushes an exception accepted and removed again, and a server unassigned as gone', async () => {
    const until_ = new Date(Date.now() + 86_400_000).toISOString();
    await value(
      core.handlers['drift:accept']({ serverId, field: 'timeouts.idleMinutes', until: until_ }),
    );
    expect(lastPushed()?.fields[0]?.acceptedUntil).toBe(until_);

    await value(
      core.handlers['drift:accept']({ serverId, field: 'timeouts.idleMinutes', until: null }),
    );
    expect(lastPushed()?.fields[0]?.acceptedUntil).toBeNull();

    await value(core.handlers['profiles:assign']({ serverId, profileId: null }));
    expect(profilePushes.at(-1)?.assignments).toEqual({});
    await until(() => lastPushed() === null);
  });
});
