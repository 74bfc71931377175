import { afterEach, describe, expect, it } from 'vitest';
import { FAST_LIMITS } from '../fixtures';
import { readDirectly } from '../fleet-fixtures';
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

// The proxy answers a save with 200 and then one byte every 300 ms, for ever: the idle
// timers (10 s in FAST_LIMITS) never fire. Without a deadline these tests hang to their
// own timeout.
describe('fleet apply against a server that trickles its answer', () => {
  it('ends the save at the request deadline and decides it by reading back (committed: applied)', async () => {
    const { core, plan } = await setup('commit-then-trickle', {
      clientLimits: { ...FAST_LIMITS, totalMs: 1_000 },
    });
    const planned = await plan();

    const report = await ok(core, 'fleet:apply', { planId: planned.id });

    expect(outcomeOf(report, 'Lossy')).toMatchObject({ kind: 'applied', answerLost: true });
    expect(outcomeOf(report, 'Steady')).toMatchObject({ kind: 'applied' });
    expect((await readDirectly(fleet.member('Lossy'))).timeouts.idleMinutes).toBe(20);
  }, 30_000);

  it('ends the save at the request deadline and decides it by reading back (not committed: unchanged)', async () => {
    const { core, plan } = await setup('trickle-only', {
      clientLimits: { ...FAST_LIMITS, totalMs: 1_000 },
    });
    const planned = await plan();

    const report = await ok(core, 'fleet:apply', { planId: planned.id });

    const lossy = outcomeOf(report, 'Lossy');
    expect(lossy).toMatchObject({ kind: 'unreachable', code: 'timeout' });
    expect('message' in lossy && lossy.message).toContain('nothing was changed');
  }, 30_000);

  it('ends the apply at its deadline: the target still saving gets "no answer in time", the others their outcome', async () => {
    const { core, plan } = await setup('commit-then-trickle', {
      clientLimits: { ...FAST_LIMITS, totalMs: 120_000 },
      fleetDeadlineMs: 2_000,
    });
    const planned = await plan();

    const report = await ok(core, 'fleet:apply', { planId: planned.id });

    const lossy = outcomeOf(report, 'Lossy');
    expect(lossy).toMatchObject({ kind: 'unknown' });
    expect('message' in lossy && lossy.message).toContain(
      "No answer in time (the apply's deadline of 2 s passed): the change may or may not have been saved.",
    );
    expect(outcomeOf(report, 'Steady')).toMatchObject({ kind: 'applied' });
    expect(report.stopped).toContain("the apply's deadline (2 s) passed");
  }, 30_000);

  it('takes the deadline of the request when one is given (deadlineSeconds)', async () => {
    const { core, plan } = await setup('commit-then-trickle', {
      clientLimits: { ...FAST_LIMITS, totalMs: 120_000 },
    });
    const planned = await plan();

    const report = await ok(core, 'fleet:apply', { planId: planned.id, deadlineSeconds: 2 });

    expect(outcomeOf(report, 'Lossy')).toMatchObject({ kind: 'unknown' });
  }, 30_000);
});

describe('fleet refresh and plan against a server that trickles every read', () => {
  it('end at their deadline: the trickling server is "no answer in time", the other read', async () => {
    const { core, ids, proxy, plan } = await setup('commit-then-trickle', {
      clientLimits: { ...FAST_LIMITS, totalMs: 120_000 },
      fleetDeadlineMs: 2_000,
    });
    proxy.setReadTrouble(true);

    const snapshot = await ok(core, 'fleet:snapshot', {});
    const planned = await plan();

    const row = snapshot.rows.find((each) => each.serverId === ids['Lossy']);
    expect(row).toMatchObject({
      state: 'unreachable',
      problem: { code: 'timeout', message: expect.stringContaining('No answer in time') },
    });
    expect(snapshot.rows.find((each) => each.serverId === ids['Steady'])).toMatchObject({
      state: 'ok',
    });
    expect(planned.targets.map((target) => [target.name, target.status])).toEqual([
      ['Lossy', 'unreadable'],
      ['Steady', 'change'],
    ]);
  }, 30_000);
});
