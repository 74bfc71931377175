import { describe, expect, it } from 'vitest';
import {
  dayFromNow,
  driftsById,
  exceptionUntil,
  isDrifted,
  openFields,
  revertRequest,
  withDrifts,
  withPushedDrifts,
} from '../../src-renderer/state/drift';
import type { DriftedField, ServerDrift } from '../../src-shared/drift';
import type { Profile } from '../../src-shared/fleet';
import { DEFAULT_SETTINGS } from '../../src-shared/settings';
import type { QuickBoxEvent } from '../../src-shared/quickbox';
import { settle, startStore } from './fixtures';

const NOW = new Date(2026, 10, 28, 12, 0, 0).getTime();

function field(name: DriftedField['field'], acceptedUntil: string | null = null): DriftedField {
  return {
    field: name,
    profileValue: 30,
    serverValue: 20,
    since: '2026-11-28T11:00:00.000Z',
    by: 'automation',
    acceptedUntil,
  };
}

function drift(serverId: string, fields: DriftedField[] = []): ServerDrift {
  return { serverId, profileId: 'p1', profileName: 'Strict', fields, history: [] };
}

const settingsUpdated = (changed: string[]): QuickBoxEvent =>
  ({
    id: 9,
    type: 'settings.updated',
    at: '2026-11-28T12:00:00.000Z',
    actor: 'automation',
    data: { changed, version: 4 },
  }) as QuickBoxEvent;

describe('drift, pure', () => {
  it('counts a server drifted while a field differs that is not accepted until a later date', () => {
    const later = new Date(NOW + 60_000).toISOString();
    const earlier = new Date(NOW - 60_000).toISOString();

    expect(isDrifted(drift('a', [field('timeouts.idleMinutes')]), NOW)).toBe(true);
    expect(isDrifted(drift('a', [field('timeouts.idleMinutes', later)]), NOW)).toBe(false);
    // An exception whose date has passed no longer covers the field.
    expect(openFields(drift('a', [field('timeouts.idleMinutes', earlier)]), NOW)).toHaveLength(1);
    expect(isDrifted(drift('a'), NOW)).toBe(false);
    expect(isDrifted(null, NOW)).toBe(false);
  });

  it('keeps the newest state of each server', () => {
    const known = driftsById([drift('a'), drift('b')]);
    const next = withDrifts(known, [drift('b', [field('timeouts.idleMinutes')])]);
    expect(Object.keys(next)).toEqual(['a', 'b']);
    expect(next['b']?.fields).toHaveLength(1);
    expect(known['b']?.fields).toHaveLength(0);
  });

  it('picks 30 days ahead by default and holds an exception through the whole picked day', () => {
    expect(dayFromNow(NOW, 30)).toBe('2026-12-28');
    const until = exceptionUntil('2026-12-28', NOW);
    expect(until).toEqual({
      ok: true,
      until: new Date(2026, 11, 28, 23, 59, 59, 999).toISOString(),
    });
    expect(exceptionUntil('2026-11-27', NOW)).toMatchObject({ ok: false });
    expect(exceptionUntil('2026-02-30', NOW)).toEqual({
      ok: false,
      message: '2026-02-30 is not a date.',
    });
    expect(exceptionUntil('', NOW)).toMatchObject({ ok: false });
    // Today still counts: it ends in the future.
    expect(exceptionUntil('2026-11-28', NOW).ok).toBe(true);
  });

  it('reverts through a plan from the profile, of those fields and their sections only', () => {
    expect(
      revertRequest(drift('a'), ['concurrency.maxSessionsPerUser', 'timeouts.idleMinutes']),
    ).toEqual({
      source: { kind: 'profile', profileId: 'p1' },
      sections: ['timeouts', 'concurrency'],
      fields: ['concurrency.maxSessionsPerUser', 'timeouts.idleMinutes'],
      targets: ['a'],
    });
  });

  it("takes in main's push: changed servers replace theirs, gone ones are dropped", () => {
    const known = driftsById([drift('a'), drift('b'), drift('c')]);
    const next = withPushedDrifts(known, {
      servers: [drift('a', [field('timeouts.idleMinutes')]), drift('d')],
      gone: ['b', 'zz'],
    });
    expect(Object.keys(next).sort()).toEqual(['a', 'c', 'd']);
    expect(next['a']?.fields).toHaveLength(1);
    expect(known['a']?.fields).toHaveLength(0);
  });
});

describe('drift slice', () => {
  it('announces a drift and takes its state from main’s push, reading nothing', async () => {
    const { main, store } = await startStore();

    main.emit('events:drift', {
      serverId: 'a',
      serverName: 'Box A',
      environment: 'production',
      profileId: 'p1',
      profileName: 'Strict',
      fields: [{ field: 'timeouts.idleMinutes', from: 30, to: 20 }],
      actor: 'automation',
      at: '2026-11-28T12:00:00.000Z',
      eventId: 9,
    });
    main.emit('drift:changed', {
      servers: [drift('a', [field('timeouts.idleMinutes')])],
      gone: [],
    });
    await settle();

    expect(main.channels()).toEqual([]);
    expect(isDrifted(store.getState().drift.servers['a'], NOW)).toBe(true);
    expect(store.getState().announcement).toBe(
      'Box A drifted from Strict: automation changed Idle timeout.',
    );
  });

  it('reads nothing on a followed server’s settings change: main pushes what its check found', async () => {
    const { main, store } = await startStore();
    main.answer('drift:list', { ok: true, value: { servers: [drift('a'), drift('b')] } });
    await store.getState().loadDrift();
    main.calls.length = 0;

    main.emit('events:server-event', { serverId: 'a', event: settingsUpdated(['x']) });
    await settle();
    expect(main.channels()).toEqual([]);
    main.emit('drift:changed', {
      servers: [drift('a', [field('timeouts.idleMinutes')])],
      gone: ['b'],
    });
    await settle();

    expect(main.channels()).toEqual([]);
    expect(Object.keys(store.getState().drift.servers)).toEqual(['a']);
    expect(isDrifted(store.getState().drift.servers['a'], NOW)).toBe(true);
  });

  it('adopts a field: the servers compared again replace theirs, and the answer’s profile is taken in', async () => {
    const { main, store } = await startStore();
    main.answer('drift:list', {
      ok: true,
      value: { servers: [drift('a', [field('timeouts.idleMinutes')]), drift('b')] },
    });
    await store.getState().loadDrift();
    const adopted = { id: 'p1', name: 'Strict', settings: DEFAULT_SETTINGS } as Profile;
    main.answer('drift:adopt', {
      ok: true,
      value: {
        profile: adopted,
        servers: [drift('a'), drift('b', [field('timeouts.idleMinutes')])],
      },
    });
    main.calls.length = 0;

    const result = await store.getState().adoptDrift('a', 'timeouts.idleMinutes');

    expect(result.ok).toBe(true);
    expect(main.calls[0]).toEqual({
      channel: 'drift:adopt',
      payload: { serverId: 'a', field: 'timeouts.idleMinutes' },
    });
    expect(main.channels()).toEqual(['drift:adopt']);
    expect(store.getState().profiles).toEqual([adopted]);
    const servers = store.getState().drift.servers;
    expect([isDrifted(servers['a'], NOW), isDrifted(servers['b'], NOW)]).toEqual([false, true]);
  });

  it('accepts a field until a date and removes the exception again, keeping a refusal as it was', async () => {
    const { main, store } = await startStore();
    const until = new Date(NOW + 86_400_000).toISOString();
    main.answer(
      'drift:accept',
      { ok: true, value: { server: drift('a', [field('timeouts.idleMinutes', until)]) } },
      { ok: false, error: { code: 'not_found', message: 'no profile', what: 'profile' } },
    );

    await store.getState().acceptDrift('a', 'timeouts.idleMinutes', until);
    const accepted = store.getState().drift.servers['a'];
    const refused = await store.getState().acceptDrift('a', 'timeouts.idleMinutes', null);

    expect(main.calls.map((call) => call.payload)).toEqual([
      { serverId: 'a', field: 'timeouts.idleMinutes', until },
      { serverId: 'a', field: 'timeouts.idleMinutes', until: null },
    ]);
    expect(accepted?.fields[0]?.acceptedUntil).toBe(until);
    expect(refused.ok).toBe(false);
    expect(store.getState().drift.servers['a']).toEqual(accepted);
  });

  it('reverts through the plan dialog: a plan from the profile for the chosen fields', async () => {
    const { main, store } = await startStore();
    main.answer('drift:list', {
      ok: true,
      value: { servers: [drift('a', [field('timeouts.idleMinutes')])] },
    });
    await store.getState().loadDrift();
    main.answer('fleet:plan', { ok: false, error: { code: 'unreachable', message: 'down' } });
    main.calls.length = 0;

    await store.getState().revertDrift('a', ['timeouts.idleMinutes']);

    expect(store.getState().dialog).toEqual({ kind: 'fleet-plan' });
    expect(main.calls[0]).toMatchObject({
      channel: 'fleet:plan',
      payload: {
        source: { kind: 'profile', profileId: 'p1' },
        sections: ['timeouts'],
        fields: ['timeouts.idleMinutes'],
        targets: ['a'],
      },
    });
    expect((await store.getState().revertDrift('zz', ['timeouts.idleMinutes'])).ok).toBe(false);
  });
});
