import { afterEach, describe, expect, it } from 'vitest';
import type { Services } from '../../../../src-main/core/composition-root';
import type { ApplyOutcome, FleetProgress, FleetRow } from '../../../../src-shared/fleet';
import type { ServerDraft } from '../../../../src-shared/ipc-contract';
import { DEFAULT_SETTINGS, setField } from '../../../../src-shared/settings';
import { removeAll, startSeededServer, tempDir } from '../fixtures';
import { changeBehindTheAppsBack, readDirectly, useFleet } from '../fleet-fixtures';
import { call, startServices, unwrap, type StartedServices } from '../service-fixtures';

const BRAVO = setField(DEFAULT_SETTINGS, 'timeouts.idleMinutes', 20);
const fleet = useFleet({
  Alpha: DEFAULT_SETTINGS,
  Bravo: BRAVO,
  Charlie: setField(DEFAULT_SETTINGS, 'concurrency.maxSessionsPerUser', 3),
  Viewer: setField(DEFAULT_SETTINGS, 'timeouts.idleMinutes', 25),
});

const started: StartedServices[] = [];
const folders: string[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((each) => each.dispose()));
  await removeAll(folders.splice(0));
});

async function servicesWithFleet(): Promise<{
  services: Services;
  ids: Record<string, string>;
  progress: FleetProgress[];
}> {
  await fleet.reset();
  const dataDir = await tempDir();
  folders.push(dataDir);
  const each = await startServices({ dataDir });
  started.push(each);
  const progress: FleetProgress[] = [];
  each.bus.subscribe('events:fleet-progress', (event) => progress.push(event));
  const ids: Record<string, string> = {};
  // Echo is added while it runs, then goes away: unreachable from then on.
  const echo = await startSeededServer({ name: 'Echo' });
  folders.push(echo.dataDir);
  for (const name of ['Alpha', 'Bravo', 'Charlie', 'Viewer', 'Echo']) {
    const member = name === 'Echo' ? echo : fleet.member(name);
    const draft: ServerDraft = {
      name,
      baseUrl: member.server.url,
      environment: name === 'Alpha' ? 'production' : 'staging',
      credentials:
        name === 'Viewer'
          ? { kind: 'account', username: 'viewer', password: member.secrets.viewerPassword }
          : { kind: 'account', username: 'admin', password: member.secrets.adminPassword },
    };
    ids[name] = unwrap(await call(() => each.services.management.add(draft))).server.id;
  }
  await echo.server.close();
  return { services: each.services, ids, progress };
}

function byName(rows: { name: string }[]): Record<string, unknown> {
  return Object.fromEntries(rows.map((row) => [row.name, row]));
}

describe('the fleet snapshot', () => {
  it('reads every server, says why one could not be read, and marks exactly the cells that differ', async () => {
    const { services, ids, progress } = await servicesWithFleet();

    const snapshot = unwrap(
      await call(() =>
        services.snapshots.snapshot({
          reference: { kind: 'server', serverId: ids['Alpha'] as string },
          runId: 'run-1',
        }),
      ),
    );
    const rows = byName(snapshot.rows) as Record<string, FleetRow>;

    expect(snapshot.rows.map((row) => row.name)).toEqual([
      'Alpha',
      'Bravo',
      'Charlie',
      'Viewer',
      'Echo',
    ]);
    expect(rows['Alpha']).toMatchObject({ state: 'ok', canUpdate: true });
    expect(rows['Viewer']).toMatchObject({ state: 'read_only', canUpdate: false });
    expect(rows['Echo']).toMatchObject({ state: 'unreachable', problem: { kind: 'unreachable' } });
    expect((rows['Echo'] as { problem: { message: string } }).problem.message).not.toBe('');
    expect(snapshot.reference).toMatchObject({ name: 'Alpha', referenceProblem: null });
    expect(snapshot.differing).toEqual({
      [ids['Alpha'] as string]: [],
      [ids['Bravo'] as string]: ['timeouts.idleMinutes'],
      [ids['Charlie'] as string]: ['concurrency.maxSessionsPerUser'],
      [ids['Viewer'] as string]: ['timeouts.idleMinutes'],
    });
    expect(rows['Bravo']).toMatchObject({
      baselines: expect.arrayContaining([expect.objectContaining({ id: 'owasp-session' })]),
    });
    expect(
      progress
        .filter((event) => event.runId === 'run-1')
        .map((e) => e.done)
        .sort(),
    ).toEqual([1, 2, 3, 4, 5]);
  });
});

describe('the fleet snapshot against a profile', () => {
  it("marks the cells that differ from a profile, and each assigned server's compliance", async () => {
    const { services, ids } = await servicesWithFleet();
    const profile = unwrap(
      await call(() =>
        services.profiles.create({
          name: 'Standard',
          from: { kind: 'settings', settings: DEFAULT_SETTINGS },
        }),
      ),
    ).profile;
    for (const name of ['Alpha', 'Bravo']) {
      await call(() =>
        services.profiles.assign({ serverId: ids[name] as string, profileId: profile.id }),
      );
    }

    const snapshot = unwrap(
      await call(() =>
        services.snapshots.snapshot({ reference: { kind: 'profile', profileId: profile.id } }),
      ),
    );
    const rows = byName(snapshot.rows);

    expect(snapshot.reference).toMatchObject({ name: 'Standard', settings: DEFAULT_SETTINGS });
    expect(snapshot.differing[ids['Charlie'] as string]).toEqual([
      'concurrency.maxSessionsPerUser',
    ]);
    expect(rows['Alpha']).toMatchObject({
      profileId: profile.id,
      compliance: { profileName: 'Standard', differences: [] },
    });
    expect(rows['Bravo']).toMatchObject({
      compliance: { differences: [{ field: 'timeouts.idleMinutes', from: 30, to: 20 }] },
    });
    expect(rows['Charlie']).toMatchObject({ profileId: null, compliance: null });
    expect(rows['Echo']).toMatchObject({ state: 'unreachable', profileId: null });
  });
});

function outcomesByName(outcomes: ApplyOutcome[]): Record<string, ApplyOutcome> {
  return Object.fromEntries(outcomes.map((outcome) => [outcome.name, outcome]));
}

describe('plan and apply', () => {
  it('applies where it can, reports every other outcome, never overwrites a change made in between, and retries only the failed', async () => {
    const { services, ids, progress } = await servicesWithFleet();
    const profile = unwrap(
      await call(() =>
        services.profiles.create({
          name: 'Standard',
          from: { kind: 'server', serverId: ids['Alpha'] as string },
        }),
      ),
    ).profile;
    const viewerBefore = await readDirectly(fleet.member('Viewer'));

    const plan = unwrap(
      await call(() =>
        services.planner.plan({
          source: { kind: 'profile', profileId: profile.id },
          sections: ['timeouts', 'concurrency'],
          targets: ['Alpha', 'Bravo', 'Charlie', 'Viewer', 'Echo'].map(
            (name) => ids[name] as string,
          ),
        }),
      ),
    );
    const planned = byName(plan.targets);
    const charlieInBetween = await changeBehindTheAppsBack(fleet.member('Charlie'), (settings) =>
      setField(settings, 'timeouts.idleMinutes', 22),
    );
    const bravoBefore = await readDirectly(fleet.member('Bravo'));
    const report = unwrap(
      await call(() => services.applier.apply({ planId: plan.id, runId: 'apply-1' })),
    );
    const outcomes = outcomesByName(report.outcomes);
    const bravoAfter = await readDirectly(fleet.member('Bravo'));

    expect(plan.counts).toEqual({ change: 3, match: 1, unreadable: 1, invalid: 0 });
    expect(planned['Alpha']).toMatchObject({ status: 'match' });
    expect(planned['Bravo']).toMatchObject({
      status: 'change',
      version: bravoBefore.version,
      changes: [{ field: 'timeouts.idleMinutes', from: 20, to: 30 }],
    });
    expect(planned['Charlie']).toMatchObject({
      status: 'change',
      changes: [{ field: 'concurrency.maxSessionsPerUser', from: 3, to: 5 }],
    });
    expect(planned['Viewer']).toMatchObject({ status: 'change', canUpdate: false });
    expect(planned['Echo']).toMatchObject({
      status: 'unreadable',
      problem: { kind: 'unreachable' },
    });

    expect(outcomes['Alpha']).toMatchObject({ kind: 'skipped' });
    expect(outcomes['Bravo']).toMatchObject({ kind: 'applied', version: bravoBefore.version + 1 });
    expect(bravoAfter.timeouts.idleMinutes).toBe(30);
    expect(outcomes['Charlie']).toMatchObject({
      kind: 'conflict',
      current: { version: charlieInBetween.version, timeouts: { idleMinutes: 22 } },
    });
    expect(await readDirectly(fleet.member('Charlie'))).toEqual(charlieInBetween);
    expect(outcomes['Viewer']).toMatchObject({ kind: 'forbidden' });
    expect(await readDirectly(fleet.member('Viewer'))).toEqual(viewerBefore);
    expect(outcomes['Echo']).toMatchObject({ kind: 'unreachable' });
    expect(report.counts).toEqual({
      skipped: 1,
      applied: 1,
      conflict: 1,
      forbidden: 1,
      unreachable: 1,
    });
    expect(progress.filter((event) => event.runId === 'apply-1')).toHaveLength(5);

    const retry = unwrap(await call(() => services.applier.retryFailed({ applyId: 'apply-1' })));
    const retried = unwrap(await call(() => services.applier.apply({ planId: retry.id })));

    expect(retry.targets.map((target) => target.name).sort()).toEqual([
      'Charlie',
      'Echo',
      'Viewer',
    ]);
    expect(byName(retry.targets)['Charlie']).toMatchObject({
      status: 'change',
      version: charlieInBetween.version,
      changes: [
        { field: 'timeouts.idleMinutes', from: 22, to: 30 },
        { field: 'concurrency.maxSessionsPerUser', from: 3, to: 5 },
      ],
    });
    expect(outcomesByName(retried.outcomes)['Charlie']).toMatchObject({ kind: 'applied' });
    expect(await readDirectly(fleet.member('Bravo'))).toEqual(bravoAfter);
    expect(await readDirectly(fleet.member('Viewer'))).toEqual(viewerBefore);
  });

  it('with waves, stops after a failed canary and sends nothing to the rest', async () => {
    const { services, ids } = await servicesWithFleet();
    const plan = unwrap(
      await call(() =>
        services.planner.plan({
          source: { kind: 'server', serverId: ids['Alpha'] as string },
          sections: ['timeouts', 'persistence', 'concurrency'],
          targets: [ids['Charlie'] as string, ids['Bravo'] as string],
        }),
      ),
    );
    await changeBehindTheAppsBack(fleet.member('Charlie'), (settings) =>
      setField(settings, 'timeouts.idleMinutes', 21),
    );
    const bravoBefore = await readDirectly(fleet.member('Bravo'));

    const report = unwrap(
      await call(() =>
        services.applier.apply({
          planId: plan.id,
          waves: { canaryServerId: ids['Charlie'] as string, maxFailures: 5 },
        }),
      ),
    );

    expect(outcomesByName(report.outcomes)).toMatchObject({
      Charlie: { kind: 'conflict' },
      Bravo: { kind: 'not_attempted' },
    });
    expect(report.stopped).toContain('canary Charlie failed');
    expect(await readDirectly(fleet.member('Bravo'))).toEqual(bravoBefore);
  });

  it('with waves, stops starting batches once more than maxFailures have failed', async () => {
    const { services, ids } = await servicesWithFleet();
    const plan = unwrap(
      await call(() =>
        services.planner.plan({
          source: { kind: 'server', serverId: ids['Bravo'] as string },
          sections: ['timeouts'],
          targets: ['Alpha', 'Viewer', 'Charlie'].map((name) => ids[name] as string),
        }),
      ),
    );
    const charlieBefore = await readDirectly(fleet.member('Charlie'));

    const report = unwrap(
      await call(() =>
        services.applier.apply({
          planId: plan.id,
          waves: { canaryServerId: ids['Alpha'] as string, maxFailures: 0, batchSize: 1 },
        }),
      ),
    );

    expect(report.outcomes.map((outcome) => [outcome.name, outcome.kind])).toEqual([
      ['Alpha', 'applied'],
      ['Viewer', 'forbidden'],
      ['Charlie', 'not_attempted'],
    ]);
    expect(report.stopped).toBe('Stopped: more than 0 servers failed.');
    expect(await readDirectly(fleet.member('Charlie'))).toEqual(charlieBefore);
  });
});
