import { describe, expect, it } from 'vitest';
import {
  documentsOfRows,
  receiveRow,
  resolveReference,
  rowsOfSnapshot,
  tableRows,
  withFreshRead,
} from '../../src-renderer/state/fleet-rows';
import { profile, readRow, unreachableRow } from './fleet-fixtures';
import { server, settings } from './fixtures';
import { windowTranslator } from './translator';

const servers = [server('a', 'Box A'), server('b', 'Box B'), server('c', 'Box C')];

describe('fleet rows', () => {
  it('has a row per listed server, in the list’s order, reading until it answers', () => {
    const answers = [readRow('b', 20)];
    const rows = tableRows(
      servers,
      rowsOfSnapshot(answers),
      documentsOfRows(answers),
      ['a'],
      [],
      {},
    );
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
    const documents = documentsOfRows([readRow('a', 20), readRow('c', 45)]);
    const table = tableRows(servers, rows, documents, [], [], {});
    // The answers keep no copy of the document: the owner of the documents has it.
    expect(rows['c'] && 'settings' in rows['c']).toBe(false);
    expect(table.map((row) => row.state)).toEqual(['unreachable', 'reading', 'ok']);
    expect(table[0]?.settings).toBeNull();
  });

  it('names each server’s profile from the assignments', () => {
    const rows = tableRows(servers, {}, {}, [], [profile('p1', 'Strict')], {
      b: 'p1',
      c: 'gone',
    });
    expect(rows.map((row) => [row.profileId, row.profileName])).toEqual([
      [null, null],
      ['p1', 'Strict'],
      ['gone', null],
    ]);
  });

  it('shows a server’s compliance with a profile as soon as it is assigned, without a refresh', () => {
    // Read before any assignment: main's answer carries no compliance.
    const answers = [readRow('a', 20), readRow('b', 15), unreachableRow('c')];
    const rows = rowsOfSnapshot(answers);
    const documents = documentsOfRows(answers);
    const profiles = [profile('p1', 'Strict', 15)];

    const table = tableRows(servers, rows, documents, [], profiles, { a: 'p1', b: 'p1', c: 'p1' });

    expect(table.map((row) => row.differences)).toEqual([
      [{ field: 'timeouts.idleMinutes', from: 15, to: 20 }],
      [],
      null,
    ]);
    expect(tableRows(servers, rows, documents, [], profiles, {})[0]?.differences).toBeNull();
  });

  it('shows the owner’s newest document with its baselines, and notes a read again', () => {
    const answers = [readRow('a', 30), unreachableRow('b')];
    const rows = rowsOfSnapshot(answers);
    // A newer document for a pushed (or read again): the owner's, not the answer's.
    const documents = {
      ...documentsOfRows(answers),
      a: { settings: settings(4, 20), canUpdate: null },
    };

    const fresh = withFreshRead(rows, 'a', false, 'now');
    const unread = withFreshRead(rows, 'c', true, 'now');
    const problem = withFreshRead(rows, 'b', true, 'now');

    expect(fresh['a']).toMatchObject({ state: 'read_only', fetchedAt: 'now', canUpdate: false });
    expect(withFreshRead(rows, 'a', null, 'now')['a']).toMatchObject({
      state: 'ok',
      canUpdate: true,
    });
    const shown = tableRows(servers, fresh, documents, [], [], {})[0];
    expect(shown?.settings?.timeouts.idleMinutes).toBe(20);
    expect(shown?.source && 'baselines' in shown.source && shown.source.baselines.length).toBe(3);
    expect(unread).toBe(rows);
    expect(problem).toBe(rows);
  });

  it('resolves a profile reference to its settings, and a server one to its last answer', () => {
    const answers = [readRow('a', 20), unreachableRow('b')];
    const rows = rowsOfSnapshot(answers);
    const docs = documentsOfRows(answers);
    const profiles = [profile('p1', 'Strict', 10)];
    expect(resolveReference(null, servers, rows, docs, profiles)).toBeNull();
    expect(
      resolveReference({ kind: 'profile', profileId: 'p1' }, servers, rows, docs, profiles),
    ).toMatchObject({ name: 'Strict', settings: { timeouts: { idleMinutes: 10 } }, problem: null });
    expect(
      resolveReference({ kind: 'server', serverId: 'a' }, servers, rows, docs, profiles),
    ).toMatchObject({ name: 'Box A', settings: { timeouts: { idleMinutes: 20 } }, problem: null });
  });

  it('says why a server reference cannot be compared with', () => {
    const rows = rowsOfSnapshot([unreachableRow('b')]);
    const t = windowTranslator('en');
    const unread = resolveReference({ kind: 'server', serverId: 'b' }, servers, rows, {}, []);
    expect(unread).toMatchObject({ name: 'Box B', settings: null });
    expect(t.message(unread!.problem!)).toBe('Box B could not be read: The server did not answer.');
    const never = resolveReference({ kind: 'server', serverId: 'c' }, servers, rows, {}, []);
    expect(t.message(never!.problem!)).toBe('Box C has not been read yet.');
    expect(windowTranslator('de').message(never!.problem!)).toBe('Box C wurde noch nicht gelesen.');
    expect(resolveReference({ kind: 'profile', profileId: 'x' }, servers, rows, {}, [])).toBeNull();
  });
});
