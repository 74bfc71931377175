/**
 * The fleet and apply slices over the real preload factory and a scripted main: a refresh
 * fills rows as its progress events arrive, a plan goes through its confirmations (twice
 * for production), an apply shows each outcome as it arrives, and "Retry failed" plans the
 * failed servers again.
 */

import { describe, expect, it } from 'vitest';
import type { ApplyReport, FleetSnapshot } from '../../src-shared/fleet';
import type { Result } from '../../src-shared/ipc-contract';
import { applied, changeTarget, conflict, plan, readRow } from './fleet-fixtures';
import { server, settings, settle, startStore } from './fixtures';

/** An answer main gives later, when the test says so. */
function later<T>() {
  let release: (result: Result<T>) => void = () => undefined;
  const promise = new Promise<Result<T>>((resolve) => {
    release = resolve;
  });
  return { answer: promise as unknown as Result<unknown>, release };
}

const payloadOf = (calls: { channel: string; payload: unknown }[], channel: string) =>
  calls.find((call) => call.channel === channel)?.payload as { runId: string };

describe('the fleet slice', () => {
  it('takes in the settings main pushes, and reads a row again only for a change it does not know', async () => {
    const { main, store } = await startStore([server('a', 'Box A'), server('b', 'Box B')]);
    main.answer('profiles:list', {
      ok: true,
      value: { profiles: [], assignments: {}, problem: null },
    });
    main.answer('fleet:snapshot', {
      ok: true,
      value: {
        runId: 'r',
        rows: [readRow('a', 10), readRow('b', 20)],
        reference: null,
        differing: {},
        startedAt: '2026-11-28T12:00:00Z',
        finishedAt: '2026-11-28T12:00:01Z',
      },
    });
    await store.getState().refreshFleet();
    main.calls.length = 0;
    const event = (version: number) => ({
      id: version,
      type: 'settings.updated' as const,
      at: '2026-11-28T12:01:00Z',
      actor: 'admin',
      data: { version, changed: ['timeouts.idleMinutes'] },
    });

    // This window's apply: main pushes what it read back, then the feed brings the event.
    main.emit('events:settings', { serverId: 'a', settings: settings(4, 45) });
    main.emit('events:server-event', { serverId: 'a', event: event(4) });
    await settle();
    // One owner of the document: the settings documents slice; the row keeps no copy.
    const row = store.getState().fleet.rows.a;
    expect(row && 'settings' in row).toBe(false);
    expect(store.getState().settingsDocs['a']?.settings).toMatchObject({
      version: 4,
      timeouts: { idleMinutes: 45 },
    });
    expect(main.channels()).toEqual([]);

    // Another admin's change, not pushed: the row is read again.
    main.emit('events:server-event', { serverId: 'b', event: event(4) });
    await settle();
    expect(main.calls).toEqual([{ channel: 'settings:get', payload: { serverId: 'b' } }]);
    expect(store.getState().settingsDocs['b']?.settings.version).toBe(1);
  });

  it('fills each row as its answer arrives, ignoring another run’s, then takes the snapshot', async () => {
    const { main, store } = await startStore([server('a', 'Box A'), server('b', 'Box B')]);
    main.answer('profiles:list', {
      ok: true,
      value: { profiles: [], assignments: {}, problem: null },
    });
    const snapshot = later<FleetSnapshot>();
    main.answer('fleet:snapshot', snapshot.answer);

    store.getState().openFleet();
    await settle();
    expect(store.getState().view).toBe('fleet');
    expect(store.getState().fleet.pending).toEqual(['a', 'b']);
    const { runId } = payloadOf(main.calls, 'fleet:snapshot');

    main.emit('events:fleet-progress', {
      runId: 'other',
      done: 1,
      total: 2,
      operation: 'snapshot',
      row: readRow('a', 99),
    });
    main.emit('events:fleet-progress', {
      runId,
      done: 1,
      total: 2,
      operation: 'snapshot',
      row: readRow('b', 20),
    });
    const midway = store.getState().fleet;
    expect(Object.keys(midway.rows)).toEqual(['b']);
    expect(midway.pending).toEqual(['a']);
    expect(midway.progress).toEqual({ done: 1, total: 2 });

    snapshot.release({
      ok: true,
      value: {
        runId,
        rows: [readRow('a', 10), readRow('b', 20)],
        reference: null,
        differing: {},
        startedAt: '2026-11-28T12:00:00Z',
        finishedAt: '2026-11-28T12:00:01Z',
      },
    });
    await settle();
    const done = store.getState().fleet;
    expect(Object.keys(done.rows).sort()).toEqual(['a', 'b']);
    expect(done.pending).toEqual([]);
    expect(done.progress).toBeNull();
    expect(done.refreshedAt).toBe('2026-11-28T12:00:01Z');
    expect(main.channels().filter((channel) => channel === 'fleet:snapshot')).toHaveLength(1);
  });

  it('keeps the last rows and says why when a refresh fails', async () => {
    const { main, store } = await startStore();
    main.answer('fleet:snapshot', { ok: false, error: { code: 'internal', message: 'boom' } });
    const result = await store.getState().refreshFleet();
    expect(result.ok).toBe(false);
    expect(store.getState().fleet).toMatchObject({
      runId: null,
      pending: [],
      error: { code: 'internal' },
    });
  });

  it('sorts, flips the sort, and selects without duplicates', async () => {
    const { store } = await startStore();
    store.getState().sortFleet('timeouts.idleMinutes');
    store.getState().sortFleet('timeouts.idleMinutes');
    expect(store.getState().fleet.sort).toEqual({
      column: 'timeouts.idleMinutes',
      direction: 'descending',
    });
    store.getState().setFleetSelection(['a', 'b', 'a']);
    store.getState().toggleFleetSelection('a');
    expect(store.getState().fleet.selected).toEqual(['b']);
  });
});

describe('the apply slice', () => {
  it('plans, confirms twice for production, shows each outcome, reads nothing again, and retries the failed', async () => {
    const { main, store } = await startStore([server('a', 'Box a'), server('b', 'Box b')]);
    const first = plan('plan-1', [changeTarget('a', 'production'), changeTarget('b', null)]);
    main.answer('fleet:plan', { ok: true, value: first });
    const report = later<ApplyReport>();
    main.answer('fleet:apply', report.answer);
    main.answer('fleet:snapshot', { ok: false, error: { code: 'internal', message: 'not now' } });

    store.getState().openPlan();
    expect(store.getState().dialog).toEqual({ kind: 'fleet-plan' });
    await store.getState().makePlan(
      {
        source: { kind: 'profile', profileId: 'p1' },
        sections: ['timeouts'],
        targets: ['a', 'b'],
      },
      null,
    );
    expect(store.getState().planFlow.step).toBe('review');
    store.getState().reviewPlan();
    expect(store.getState().planFlow.step).toBe('confirm');
    await store.getState().confirmApply();
    expect(store.getState().planFlow.step).toBe('confirm-production');
    expect(main.channels()).not.toContain('fleet:apply');

    const applying = store.getState().confirmApply();
    await settle();
    expect(store.getState().planFlow.step).toBe('applying');
    const { runId } = payloadOf(main.calls, 'fleet:apply');
    expect(main.calls.find((call) => call.channel === 'fleet:apply')?.payload).toEqual({
      planId: 'plan-1',
      runId,
    });
    main.emit('events:fleet-progress', {
      runId,
      done: 1,
      total: 2,
      operation: 'apply',
      outcome: conflict('b'),
    });
    expect(store.getState().planFlow.outcomes.map((outcome) => outcome.kind)).toEqual(['conflict']);
    expect(store.getState().planFlow.progress).toEqual({ done: 1, total: 2 });

    report.release({
      ok: true,
      value: {
        applyId: runId,
        planId: 'plan-1',
        startedAt: '2026-11-28T12:00:00Z',
        finishedAt: '2026-11-28T12:00:01Z',
        outcomes: [applied('a'), conflict('b')],
        counts: { applied: 1, conflict: 1 },
        stopped: null,
      },
    });
    await applying;
    await settle();
    expect(store.getState().planFlow.step).toBe('done');
    // The new values come pushed by main (events:settings), not by reading the fleet again.
    expect(main.channels()).not.toContain('fleet:snapshot');

    const retry = plan('plan-2', [changeTarget('b', null)]);
    main.answer('fleet:retry-failed', { ok: true, value: retry });
    await store.getState().retryFailed();
    expect(main.calls.find((call) => call.channel === 'fleet:retry-failed')?.payload).toMatchObject(
      { applyId: runId },
    );
    expect(store.getState().planFlow).toMatchObject({
      step: 'review',
      plan: { id: 'plan-2' },
      outcomes: [],
    });
  });

  it('asks once for a plan without production servers, and passes usable waves', async () => {
    const { main, store } = await startStore();
    main.answer('fleet:plan', { ok: true, value: plan('plan-1', [changeTarget('b', 'staging')]) });
    main.answer('fleet:apply', {
      ok: false,
      error: { code: 'not_found', message: 'gone', what: 'plan' },
    });
    await store
      .getState()
      .makePlan(
        { source: { kind: 'profile', profileId: 'p1' }, sections: ['timeouts'], targets: ['b'] },
        { canaryServerId: 'b', maxFailures: 0 },
      );
    store.getState().reviewPlan();
    const result = await store.getState().confirmApply();
    expect(result.ok).toBe(false);
    expect(main.calls.find((call) => call.channel === 'fleet:apply')?.payload).toMatchObject({
      planId: 'plan-1',
      waves: { canaryServerId: 'b', maxFailures: 0 },
    });
    expect(store.getState().planFlow).toMatchObject({
      step: 'confirm',
      error: { code: 'not_found' },
    });
  });
});
