import { afterEach, describe, expect, it } from 'vitest';
import { setField } from '../../../../src-shared/settings';
import { changeBehindTheAppsBack, readDirectly } from '../fleet-fixtures';
import { lossySetup, ok, outcomeOf, useLossyFleet } from '../lossy-fleet';

const fleet = useLossyFleet();
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((cleanup) => cleanup()));
});

async function setup(
  ...args: Parameters<typeof lossySetup> extends [unknown, ...infer R] ? R : never
) {
  const started = await lossySetup(fleet, ...args);
  cleanups.push(started.cleanup);
  return started;
}

describe('fleet apply, a save whose answer was lost', () => {
  it('reports applied (answer lost) when the save was committed and the connection dropped, and counts no failure', async () => {
    const { core, ids, proxy, plan } = await setup('commit-then-drop');
    const planned = await plan();

    const report = await ok(core, 'fleet:apply', {
      planId: planned.id,
      waves: { canaryServerId: ids['Lossy'] as string, maxFailures: 0 },
    });

    expect(proxy.saves()).toBe(1);
    expect((await readDirectly(fleet.member('Lossy'))).timeouts.idleMinutes).toBe(20);
    expect(outcomeOf(report, 'Lossy')).toMatchObject({
      kind: 'applied',
      answerLost: true,
      changed: ['timeouts.idleMinutes'],
    });
    expect(outcomeOf(report, 'Steady')).toMatchObject({ kind: 'applied' });
    expect(report.stopped).toBeNull();
  });

  it('reports unreachable with nothing changed when the connection dropped before the save was committed, and stops the waves', async () => {
    const { core, ids, plan } = await setup('drop-only');
    const planned = await plan();

    const report = await ok(core, 'fleet:apply', {
      planId: planned.id,
      waves: { canaryServerId: ids['Lossy'] as string, maxFailures: 0 },
    });

    const lossy = outcomeOf(report, 'Lossy');
    expect(lossy).toMatchObject({ kind: 'unreachable' });
    expect('message' in lossy && lossy.message).toContain(
      `still version ${planned.targets[0]?.status === 'change' ? planned.targets[0].version : -1}: nothing was changed`,
    );
    expect(outcomeOf(report, 'Steady')).toMatchObject({ kind: 'not_attempted' });
  });

  it('reports unknown when another admin saved before the read-back, and counts it as a failure', async () => {
    const lossyMember = () => fleet.member('Lossy');
    const { core, ids, plan } = await setup('commit-overwrite-drop', {}, async () => {
      await changeBehindTheAppsBack(lossyMember(), (settings) =>
        setField(settings, 'timeouts.idleMinutes', 45),
      );
    });
    const planned = await plan();

    const report = await ok(core, 'fleet:apply', {
      planId: planned.id,
      waves: { canaryServerId: ids['Lossy'] as string, maxFailures: 0 },
    });

    const lossy = outcomeOf(report, 'Lossy');
    expect(lossy).toMatchObject({ kind: 'unknown' });
    expect('message' in lossy && lossy.message).toMatch(/whether this save landed is not known/);
    expect(outcomeOf(report, 'Steady')).toMatchObject({ kind: 'not_attempted' });
    expect(report.counts).toMatchObject({ unknown: 1, not_attempted: 1 });
  });
});

describe('settings:save, a save whose answer was lost', () => {
  it('returns the saved settings and says the answer was lost when the save was committed', async () => {
    const { core, ids } = await setup('commit-then-drop');
    const before = await ok(core, 'settings:get', { serverId: ids['Lossy'] as string });

    const saved = await ok(core, 'settings:save', {
      serverId: ids['Lossy'] as string,
      settings: setField(before.settings, 'timeouts.idleMinutes', 20),
      baseVersion: before.settings.version,
    });

    expect(saved).toMatchObject({
      answerLost: true,
      changed: ['timeouts.idleMinutes'],
      settings: { version: before.settings.version + 1 },
    });
  });

  it('fails saying nothing was changed when the save was not committed, and says "not known" when another admin saved', async () => {
    const { core, ids, proxy } = await setup('drop-only', {}, async () => {
      await changeBehindTheAppsBack(fleet.member('Lossy'), (settings) =>
        setField(settings, 'timeouts.idleMinutes', 45),
      );
    });
    const before = await ok(core, 'settings:get', { serverId: ids['Lossy'] as string });
    const request = {
      serverId: ids['Lossy'] as string,
      settings: setField(before.settings, 'timeouts.idleMinutes', 20),
      baseVersion: before.settings.version,
    };

    const unchanged = await core.handlers['settings:save'](request);
    proxy.setTrouble('commit-overwrite-drop');
    const unknown = await core.handlers['settings:save'](request);

    expect(unchanged).toMatchObject({
      ok: false,
      error: { code: 'unreachable', lostSave: 'unchanged' },
    });
    expect(!unchanged.ok && unchanged.error.message).toContain(
      `still version ${before.settings.version}: nothing was changed`,
    );
    expect(unknown).toMatchObject({ ok: false, error: { lostSave: 'unknown' } });
    expect(!unknown.ok && unknown.error.message).toMatch(/whether this save landed is not known/);
  });
});
