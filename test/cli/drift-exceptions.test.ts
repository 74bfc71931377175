import { beforeAll, describe, expect, it, vi } from 'vitest';
import { DEFAULT_SETTINGS, setField } from '../../src-shared/settings';
import { createKeytarStore } from '../../src-main/core/registry/credential-store';
import { startCore, tempDir, removeAll } from '../main/core/fixtures';
import { changeBehindTheAppsBack, useFleet } from '../main/core/fleet-fixtures';
import { driftsById } from '../../src-renderer/state/drift';
import { documentsOfRows, rowsOfSnapshot, tableRows } from '../../src-renderer/state/fleet-rows';
import { parsed, qbsc } from './run-qbsc';

// Each run starts Node (several seconds on a loaded machine): generous bounds.
vi.setConfig({ testTimeout: 120_000 });

const fleet = useFleet({ 'Box A': DEFAULT_SETTINGS, 'Box B': DEFAULT_SETTINGS });
let dataDir: string;
const folders: string[] = [];

interface Verdicts {
  drifted: boolean;
  servers: { name: string; state: string; differences: { field: string }[] }[];
}

beforeAll(async () => {
  dataDir = await tempDir('qb-cli-drift-exceptions-');
  folders.push(dataDir);
  // What the app would have done, in-process on the same folder and keychain: both servers
  // follow a profile, both then changed by another admin, and one change accepted in the app.
  const { core } = await startCore({ dataDir, credentialStore: createKeytarStore() });
  const ids: string[] = [];
  for (const name of ['Box A', 'Box B']) {
    const added = await core.handlers['servers:add']({
      name,
      baseUrl: fleet.member(name).server.url,
      environment: 'production',
      credentials: { kind: 'api_key', apiKey: fleet.member(name).secrets.writeKey },
    });
    if (!added.ok) throw new Error(added.error.message);
    ids.push(added.value.server.id);
  }
  const profile = await core.handlers['profiles:create']({
    name: 'Baseline',
    from: { kind: 'settings', settings: DEFAULT_SETTINGS },
  });
  if (!profile.ok) throw new Error(profile.error.message);
  for (const name of ['Box A', 'Box B']) {
    await changeBehindTheAppsBack(fleet.member(name), (settings) =>
      setField(settings, 'timeouts.idleMinutes', 45),
    );
  }
  for (const serverId of ids) {
    const assigned = await core.handlers['profiles:assign']({
      serverId,
      profileId: profile.value.profile.id,
    });
    expect(assigned.ok).toBe(true);
  }
  const listed = await core.handlers['drift:list']({});
  expect(listed.ok && listed.value.servers.map((server) => server.fields.length)).toEqual([1, 1]);
  const until = new Date(Date.now() + 30 * 86_400_000).toISOString();
  const accepted = await core.handlers['drift:accept']({
    serverId: ids[0] ?? '',
    field: 'timeouts.idleMinutes',
    until,
  });
  expect(accepted.ok).toBe(true);
  await core.dispose();
  return () => removeAll(folders);
});

describe('qbsc fleet drift and the exceptions accepted in the app', () => {
  it('does not count a difference accepted as an exception, as the app does not', async () => {
    const result = await qbsc(dataDir, ['--json', 'fleet', 'drift']);
    const verdicts = parsed<Verdicts>(result);
    expect(
      verdicts.servers.map((server) => [server.name, server.state, server.differences.length]),
    ).toEqual([
      ['Box A', 'matches', 0],
      ['Box B', 'drifted', 1],
    ]);
    expect(result.code, result.stderr).toBe(2);
  });

  it('exits 0 when every difference left is accepted, and the window shows no drift either', async () => {
    const { core } = await startCore({ dataDir, credentialStore: createKeytarStore() });
    const listed = await core.handlers['servers:list']({});
    const boxB = listed.ok ? listed.value.servers.find((server) => server.name === 'Box B') : null;
    const accepted = await core.handlers['drift:accept']({
      serverId: boxB?.id ?? '',
      field: 'timeouts.idleMinutes',
      until: new Date(Date.now() + 86_400_000).toISOString(),
    });
    expect(accepted.ok).toBe(true);
    // The window's fleet table, from what core gives it, agrees: nothing drifted, no field
    // counted as differing (the one drift rule, src-shared/drift.ts).
    const snapshot = await core.handlers['fleet:snapshot']({});
    const profiles = await core.handlers['profiles:list']({});
    const drifts = await core.handlers['drift:list']({});
    if (!snapshot.ok || !profiles.ok || !drifts.ok || !listed.ok) throw new Error('read failed');
    const rows = tableRows(
      listed.value.servers,
      rowsOfSnapshot(snapshot.value.rows),
      documentsOfRows(snapshot.value.rows),
      [],
      profiles.value.profiles,
      profiles.value.assignments,
      driftsById(drifts.value.servers),
      Date.now(),
    );
    expect(rows.map((row) => [row.name, row.differences, row.drifted])).toEqual([
      ['Box A', [], false],
      ['Box B', [], false],
    ]);
    expect(
      snapshot.value.rows.map((row) => ('compliance' in row ? row.compliance?.accepted : null)),
    ).toEqual([
      [{ field: 'timeouts.idleMinutes', from: 30, to: 45 }],
      [{ field: 'timeouts.idleMinutes', from: 30, to: 45 }],
    ]);
    await core.dispose();
    const result = await qbsc(dataDir, ['fleet', 'drift']);
    expect(result.code, result.stdout).toBe(0);
    expect(result.stdout).toMatch(/^Box B\s+production\s+Baseline\s+matches/m);
  });
});
