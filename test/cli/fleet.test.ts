import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { ServerView } from '../../src-shared/domain';
import type { ApplyReport, Plan, Profile } from '../../src-shared/fleet';
import { DEFAULT_SETTINGS, setField } from '../../src-shared/settings';
import { createKeytarStore } from '../../src-main/core/registry/credential-store';
import { startCore, tempDir, removeAll } from '../main/core/fixtures';
import { changeBehindTheAppsBack, readDirectly, useFleet } from '../main/core/fleet-fixtures';
import { parsed, qbsc, startQbsc } from './run-qbsc';

// Each run starts Node and tsx (several seconds on a loaded machine): generous bounds.
vi.setConfig({ testTimeout: 120_000 });

const fleet = useFleet({
  Stage: setField(DEFAULT_SETTINGS, 'timeouts.idleMinutes', 20),
  'Prod 1': DEFAULT_SETTINGS,
  'Prod 2': setField(DEFAULT_SETTINGS, 'concurrency.maxSessionsPerUser', 3),
});
let dataDir: string;
const folders: string[] = [];

beforeAll(async () => {
  dataDir = await tempDir('qb-cli-fleet-');
  folders.push(dataDir);
  // Registered in-process, as the app would have (same folder, same keychain service):
  // the commands under test are the binary's.
  const { core } = await startCore({ dataDir, credentialStore: createKeytarStore() });
  for (const [name, environment] of [
    ['Stage', 'staging'],
    ['Prod 1', 'production'],
    ['Prod 2', 'production'],
  ] as const) {
    const member = fleet.member(name);
    const added = await core.handlers['servers:add']({
      name,
      baseUrl: member.server.url,
      environment,
      credentials: { kind: 'api_key', apiKey: member.secrets.writeKey },
    });
    expect(added.ok).toBe(true);
  }
  await core.dispose();
  return () => removeAll(folders);
});

describe('qbsc profiles', () => {
  it('creates a profile from a server, lists, shows and assigns it', async () => {
    const created = await qbsc(dataDir, [
      'profiles',
      'create',
      'Baseline',
      '--from-server',
      'Stage',
    ]);
    expect(created.code, created.stderr).toBe(0);
    const assigned = await qbsc(dataDir, ['profiles', 'assign', 'Baseline', 'Prod 1', 'Prod 2']);
    expect(assigned.code, assigned.stderr).toBe(0);
    expect(assigned.stdout).toContain('Prod 2 now follows Baseline.');
    const listedProfiles = parsed<{ profiles: Profile[]; assignments: Record<string, string> }>(
      await qbsc(dataDir, ['--json', 'profiles', 'list']),
    );
    expect(listedProfiles.profiles.map((profile) => profile.name)).toEqual(['Baseline']);
    expect(Object.keys(listedProfiles.assignments)).toHaveLength(2);
    const shown = await qbsc(dataDir, ['profiles', 'show', 'baseline']);
    expect(shown.stdout).toMatch(/^timeouts\.idleMinutes\s+20 min/m);
    expect(shown.stdout).toContain('Followed by: Prod 1, Prod 2');
  });
});

describe('qbsc fleet', () => {
  it('plans from a profile to env:production without changing anything (exit 2: it would)', async () => {
    const result = await qbsc(dataDir, [
      '--json',
      'fleet',
      'plan',
      '--from',
      'Baseline',
      '--to',
      'env:production',
    ]);
    expect(result.code, result.stderr).toBe(2);
    const plan = parsed<Plan>(result);
    expect(plan.targets.map((target) => [target.name, target.status])).toEqual([
      ['Prod 1', 'change'],
      ['Prod 2', 'change'],
    ]);
    expect(result.stderr).toContain('read 2 of 2');
    expect((await readDirectly(fleet.member('Prod 1'))).timeouts.idleMinutes).toBe(30);
  });

  it('finds the drifted servers: exit 2 with the differences', async () => {
    const result = await qbsc(dataDir, ['--json', 'fleet', 'drift']);
    expect(result.code, result.stderr).toBe(2);
    const drift = parsed<{
      servers: { name: string; state: string; differences: { field: string }[] }[];
    }>(result);
    expect(drift.servers.map((server) => [server.name, server.state])).toEqual([
      ['Prod 1', 'drifted'],
      ['Prod 2', 'drifted'],
    ]);
  });

  it('applies nothing when the answer is no (67)', async () => {
    const result = await qbsc(
      dataDir,
      ['fleet', 'apply', '--from', 'Baseline', '--to', 'Prod 1'],
      'n\n',
    );
    expect(result.code).toBe(67);
    expect(result.stdout).toMatch(/^Prod 1\s+production\s+change\s+1 field$/m);
    // The field on lines of its own, before and after, as ansible --check --diff shows it.
    expect(result.stdout).toMatch(
      /^--- before: Prod 1 \(version \d+\)\n\+\+\+ after: Prod 1 with profile Baseline\n-timeouts\.idleMinutes: 30 min\n\+timeouts\.idleMinutes: 20 min$/m,
    );
    expect(result.stderr).toContain('Nothing was applied.');
    expect((await readDirectly(fleet.member('Prod 1'))).timeouts.idleMinutes).toBe(30);
  });

  it('reports a conflict when another admin changes a target between the plan and the apply', async () => {
    const session = startQbsc(dataDir, [
      'fleet',
      'apply',
      '--from',
      'Baseline',
      '--to',
      'env:production',
    ]);
    await session.waitForStderr('Apply these changes to Prod 1 (production), Prod 2 (production)?');
    // The plan has read Prod 1; another admin changes it before the answer.
    await changeBehindTheAppsBack(fleet.member('Prod 1'), (settings) =>
      setField(settings, 'timeouts.idleMinutes', 25),
    );
    session.child.stdin.write('y\n');
    await session.waitForStderr('are production servers: apply there too?');
    session.child.stdin.end('y\n');
    const result = await session.done;
    expect(result.code, result.stderr).toBe(68);
    expect(result.stderr).toMatch(/applied [12] of 2: Prod 1: conflict/);
    expect(result.stderr).toContain('applied 2 of 2');
    expect(result.stdout).toMatch(/^Prod 1\s+production\s+conflict\s+/m);
    expect(result.stdout).toMatch(/^Prod 2\s+production\s+applied\s+/m);
    // The other admin's value stays: nothing was written over it.
    expect((await readDirectly(fleet.member('Prod 1'))).timeouts.idleMinutes).toBe(25);
    expect((await readDirectly(fleet.member('Prod 2'))).concurrency.maxSessionsPerUser).toBe(5);
  });

  it('applies with --yes, after which drift exits 0', async () => {
    const applied = await qbsc(dataDir, [
      '--json',
      'fleet',
      'apply',
      '--from',
      'Baseline',
      '--to',
      'Prod 1',
      'Prod 2',
      '--yes',
    ]);
    expect(applied.code, applied.stderr).toBe(0);
    const { report } = parsed<{ plan: Plan; report: ApplyReport }>(applied);
    expect(report.outcomes.map((outcome) => [outcome.name, outcome.kind])).toEqual([
      ['Prod 1', 'applied'],
      ['Prod 2', 'skipped'],
    ]);
    const drift = await qbsc(dataDir, ['fleet', 'drift']);
    expect(drift.code, drift.stdout).toBe(0);
    expect(drift.stdout).toMatch(/^Prod 1\s+production\s+Baseline\s+matches$/m);
  });
  it('reads piped answers line by line: "y" twice applies to production (both questions)', async () => {
    await fleet.reset();
    const result = await qbsc(
      dataDir,
      ['fleet', 'apply', '--from', 'Baseline', '--to', 'env:production'],
      'y\ny\n',
    );
    expect(result.stderr).not.toContain('No answer came on stdin');
    expect(result.stderr).toContain('are production servers: apply there too?');
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^Prod 1\s+production\s+applied\s+/m);
    expect((await readDirectly(fleet.member('Prod 1'))).timeouts.idleMinutes).toBe(20);
  });
});

describe('qbsc export and import', () => {
  it('exports the fleet file and imports it into another data folder', async () => {
    const file = path.join(dataDir, 'fleet-export.json');
    const exported = await qbsc(dataDir, ['export', file]);
    expect(exported.code, exported.stderr).toBe(0);
    expect((await qbsc(dataDir, ['export', file])).code).toBe(64);
    const other = await tempDir('qb-cli-import-');
    folders.push(other);
    const imported = await qbsc(other, ['--json', 'import', file, '--yes']);
    expect(imported.code, imported.stderr).toBe(0);
    const value = parsed<{ added: ServerView[]; savedProfiles: Profile[] }>(imported);
    expect(value.added.map((server) => server.name)).toEqual(['Stage', 'Prod 1', 'Prod 2']);
    expect(value.savedProfiles.map((profile) => profile.name)).toEqual(['Baseline']);
    // Imported servers have no credentials until they are given some.
    const credentials = await qbsc(
      other,
      ['servers', 'set-credentials', 'Stage', '--api-key-stdin'],
      fleet.member('Stage').secrets.writeKey,
    );
    expect(credentials.code, credentials.stderr).toBe(0);
    const tested = await qbsc(other, ['servers', 'test']);
    expect(tested.code).toBe(72);
    expect(tested.stdout).toMatch(/^Stage\s+Connected$/m);
    expect(tested.stdout).toMatch(/^Prod 1\s+no_credentials: /m);
  });

  it('refuses a file from a future version with nothing changed (65)', async () => {
    const file = path.join(dataDir, 'future.json');
    await writeFile(
      file,
      JSON.stringify({ format: 'quickbox-session-companion/fleet', version: 99 }),
    );
    const other = await tempDir('qb-cli-import-');
    folders.push(other);
    const result = await qbsc(other, ['import', file, '--yes']);
    expect(result.code).toBe(65);
  });
});
