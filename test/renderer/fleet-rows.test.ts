import { describe, expect, it } from 'vitest';
import {
  receiveRow,
  resolveReference,
  rowsOfSnapshot,
  tableRows,
  withFreshSettings,
} from '../../src-renderer/state/fleet-rows';
import { profile, readRow, unreachableRow } from './fleet-fixtures';
import { server, settings } from './fixtures';
import { windowTranslator } from './translator';

const servers = [server('a', 'Box A'), server('b', 'Box B'), server('c', 'Box C')];

describe('fleet rows', () => {
  it('has a row per listed server, in the list’s order, reading until it answers', () => {
    const rows = tableRows(servers, rowsOfSnapshot([readRow('b', 20)]), ['a'], [], {});
    expect(rows.map((row) => [row.serverId, row.name, row.state, row.pending])).toEqual([
      ['a', 'Box A', 'reading', true],
      ['b', 'Box B', 'ok', false],
      ['c', 'Box C', 'reading', false],
    ]);
    expect(rows[1]?.settings?.timeouts.idleMinutes).toBe(20);
    expect(rows[0]?.settings).toBeNull();
  });

  it('takes an answer in as it arrives, replacing the server’s earlier one', () => {
    let rows = rowsOfSnapshot([readRow('a', 20)]);
    rows = receiveRow(rows, unreachableRow('a'));
    rows = receiveRow(rows, readRow('c', 45));
    const table = tableRows(servers, rows, [], [], {});
    expect(table.map((row) => row.state)).toEqual(['unreachable', 'reading', 'ok']);
    expect(table[0]?.settings).toBeNull();
  });

  it('names each server’s profile from the assignments', () => {
    const rows = tableRows(servers, {}, [], [profile('p1', 'Strict')], { b: 'p1', c: 'gone' });
    expect(rows.map((row) => [row.profileId, row.profileName])).toEqual([
      [null, null],
      ['p1', 'Strict'],
      ['gone', null],
    ]);
  });

  it('shows a server’s compliance with a profile as soon as it is assigned, without a refresh', () => {
    // Read before any assignment: main's answer carries no compliance.
    const rows = rowsOfSnapshot([readRow('a', 20), readRow('b', 15), unreachableRow('c')]);
    const profiles = [profile('p1', 'Strict', 15)];

    const table = tableRows(servers, rows, [], profiles, { a: 'p1', b: 'p1', c: 'p1' });

    expect(table.map((row) => row.differences)).toEqual([
      [{ field: 'timeouts.idleMinutes', from: 15, to: 20 }],
      [],
      null,
    ]);
    expect(tableRows(servers, rows, [], profiles, {})[0]?.differences).toBeNull();
  });

  it('takes a server’s settings read again in, with its baselines, and leaves unread servers alone', () => {
    const rows = rowsOfSnapshot([readRow('a', 30), unreachableRow('b')]);

    const fresh = withFreshSettings(
      rows,
      'a',
      { settings: settings(4, 20), canUpdate: false },
      'now',
    );
    const unread = withFreshSettings(
      rows,
      'c',
      { settings: settings(4, 20), canUpdate: true },
      'now',
    );

    expect(fresh['a']).toMatchObject({ state: 'read_only', fetchedAt: 'now', canUpdate: false });
    expect(tableRows(servers, fresh, [], [], {})[0]?.settings?.timeouts.idleMinutes).toBe(20);
    expect(fresh['a'] && 'baselines' in fresh['a'] && fresh['a'].baselines.length).toBe(3);
    expect(unread).toBe(rows);
  });

  it('resolves a profile reference to its settings, and a server one to its last answer', () => {
    const rows = rowsOfSnapshot([readRow('a', 20), unreachableRow('b')]);
    const profiles = [profile('p1', 'Strict', 10)];
    expect(resolveReference(null, servers, rows, profiles)).toBeNull();
    expect(
      resolveReference({ kind: 'profile', profileId: 'p1' }, servers, rows, profiles),
    ).toMatchObject({ name: 'Strict', settings: { timeouts: { idleMinutes: 10 } }, problem: null });
    expect(
      resolveReference({ kind: 'server', serverId: 'a' }, servers, rows, profiles),
    ).toMatchObject({ name: 'Box A', settings: { timeouts: { idleMinutes: 20 } }, problem: null });
  });

  it('says why a server reference cannot be compared with', () => {
    const rows = rowsOfSnapshot([unreachableRow('b')]);
    const t = windowTranslator('en');
    const unread = resolveReference({ kind: 'server', serverId: 'b' }, servers, rows, []);
    expect(unread).toMatchObject({ name: 'Box B', settings: null });
    expect(t.message(unread!.problem!)).toBe('Box B could not be read: The server did not answer.');
    const never = resolveReference({ kind: 'server', serverId: 'c' }, servers, rows, []);
    expect(t.message(never!.problem!)).toBe('Box C has not been read yet.');
    expect(windowTranslator('de').message(never!.problem!)).toBe('Box C wurde noch nicht gelesen.');
    expect(resolveReference({ kind: 'profile', profileId: 'x' }, servers, rows, [])).toBeNull();
  });
});
