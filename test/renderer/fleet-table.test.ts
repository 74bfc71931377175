import { describe, expect, it } from 'vitest';
import { columnGroups } from '../../src-renderer/components/virtual-table-columns';
import {
  NO_FILTER,
  differingFields,
  filterRows,
  isFiltering,
  sortRows,
  type FleetTableRow,
} from '../../src-renderer/state/fleet-table';
import { nextSort } from '../../src-renderer/state/table-sort';
import { DEFAULT_SETTINGS, setField, type SessionSettings } from '../../src-shared/settings';

const idle = (minutes: number): SessionSettings =>
  setField(DEFAULT_SETTINGS, 'timeouts.idleMinutes', minutes);

function row(serverId: string, changes: Partial<FleetTableRow> = {}): FleetTableRow {
  return {
    serverId,
    name: serverId.toUpperCase(),
    environment: null,
    state: 'ok',
    settings: DEFAULT_SETTINGS,
    profileId: null,
    profileName: null,
    differences: null,
    drift: null,
    drifted: false,
    fetchedAt: '2026-11-28T12:00:00Z',
    pending: false,
    source: null,
    ...changes,
  };
}

const ids = (rows: FleetTableRow[]) => rows.map((item) => item.serverId).join(',');

describe('differing fields', () => {
  it('names exactly the fields whose values differ from the reference, in model order', () => {
    const other = setField(
      setField(idle(20), 'persistence.cookie.sameSite', 'strict'),
      'concurrency.maxSessionsPerUser',
      3,
    );
    expect(differingFields(other, DEFAULT_SETTINGS)).toEqual([
      'timeouts.idleMinutes',
      'persistence.cookie.sameSite',
      'concurrency.maxSessionsPerUser',
    ]);
    expect(differingFields(DEFAULT_SETTINGS, DEFAULT_SETTINGS)).toEqual([]);
  });

  it('marks nothing without a reference, or for a row whose settings are unknown', () => {
    expect(differingFields(idle(20), null)).toEqual([]);
    expect(differingFields(null, DEFAULT_SETTINGS)).toEqual([]);
  });
});

describe('filtering rows', () => {
  const rows = [
    row('a', { environment: 'production', profileId: 'p1', profileName: 'Strict' }),
    row('b', { environment: 'staging', settings: idle(20) }),
    row('c', { state: 'unreachable', settings: null }),
    row('d', { environment: 'production', state: 'forbidden', settings: null, profileId: 'p2' }),
  ];

  it('keeps every row without a filter', () => {
    expect(isFiltering(NO_FILTER)).toBe(false);
    expect(ids(filterRows(rows, NO_FILTER, DEFAULT_SETTINGS))).toBe('a,b,c,d');
  });

  it('filters by environment, with "none" for servers without one', () => {
    const filter = { ...NO_FILTER, environments: ['production' as const] };
    expect(isFiltering(filter)).toBe(true);
    expect(ids(filterRows(rows, filter, null))).toBe('a,d');
    expect(ids(filterRows(rows, { ...NO_FILTER, environments: ['none'] }, null))).toBe('c');
  });

  it('filters by state and by profile (a profile, none, or any)', () => {
    expect(
      ids(
        filterRows(
          rows,
          { ...NO_FILTER, states: ['unreachable' as const, 'forbidden' as const] },
          null,
        ),
      ),
    ).toBe('c,d');
    expect(ids(filterRows(rows, { ...NO_FILTER, profile: 'p1' }, null))).toBe('a');
    expect(ids(filterRows(rows, { ...NO_FILTER, profile: 'none' }, null))).toBe('b,c');
  });

  it('keeps only the rows that differ from the reference, never the unreadable ones', () => {
    const differs = { ...NO_FILTER, differsOnly: true };
    expect(ids(filterRows(rows, differs, DEFAULT_SETTINGS))).toBe('b');
    expect(ids(filterRows(rows, differs, idle(20)))).toBe('a');
    expect(ids(filterRows(rows, differs, null))).toBe('');
  });

  it('keeps the drifted servers, or those that did not drift', () => {
    const withDrift = rows.map((entry) =>
      entry.serverId === 'a' ? { ...entry, drifted: true } : entry,
    );
    const drifted = { ...NO_FILTER, drift: 'drifted' as const };
    expect(isFiltering(drifted)).toBe(true);
    expect(ids(filterRows(withDrift, drifted, null))).toBe('a');
    expect(ids(filterRows(withDrift, { ...NO_FILTER, drift: 'not_drifted' }, null))).toBe('b,c,d');
  });

  it('combines its parts (all must hold)', () => {
    const filter = {
      ...NO_FILTER,
      environments: ['production' as const],
      states: ['ok' as const],
    };
    expect(ids(filterRows(rows, filter, null))).toBe('a');
  });
});

describe('sorting rows', () => {
  const rows = [
    row('b2', { name: 'Box 10', environment: 'test', settings: idle(45) }),
    row('a1', { name: 'Box 2', environment: 'production', settings: idle(15) }),
    row('c3', { name: 'box 3', environment: null, settings: null, state: 'unreachable' }),
    row('d4', { name: 'Box 1', environment: 'staging', settings: idle(15), fetchedAt: null }),
  ];

  it('keeps the order without a sort', () => {
    expect(ids(sortRows(rows, null))).toBe('b2,a1,c3,d4');
  });

  it('sorts names naturally and without case, both ways', () => {
    expect(ids(sortRows(rows, { column: 'name', direction: 'ascending' }))).toBe('d4,a1,c3,b2');
    expect(ids(sortRows(rows, { column: 'name', direction: 'descending' }))).toBe('b2,c3,a1,d4');
  });

  it('sorts environments production first, and servers without one last', () => {
    expect(ids(sortRows(rows, { column: 'environment', direction: 'ascending' }))).toBe(
      'a1,d4,b2,c3',
    );
  });

  it('sorts a setting by its value, ties by name, unreadable rows last either way', () => {
    const column = 'timeouts.idleMinutes';
    expect(ids(sortRows(rows, { column, direction: 'ascending' }))).toBe('d4,a1,b2,c3');
    expect(ids(sortRows(rows, { column, direction: 'descending' }))).toBe('b2,d4,a1,c3');
  });

  it('puts rows never fetched last when sorting by the fetch time', () => {
    const sorted = sortRows(rows, { column: 'fetchedAt', direction: 'descending' });
    expect(sorted[sorted.length - 1]?.serverId).toBe('d4');
  });
});

describe('table headers and sort clicks', () => {
  it('groups neighbouring columns of one section under one header', () => {
    const groups = columnGroups([
      { group: 'Server' },
      { group: 'Server' },
      { group: 'Timeouts' },
      { group: 'Timeouts' },
      { group: 'Timeouts' },
      { group: 'Concurrency' },
    ]);
    expect(groups.map((group) => [group.label, group.first, group.span])).toEqual([
      ['Server', 0, 2],
      ['Timeouts', 2, 3],
      ['Concurrency', 5, 1],
    ]);
  });

  it('sorts a new column ascending, and flips the same one', () => {
    expect(nextSort(null, 'name')).toEqual({ column: 'name', direction: 'ascending' });
    const once = nextSort({ column: 'name', direction: 'ascending' }, 'name');
    expect(once).toEqual({ column: 'name', direction: 'descending' });
    expect(nextSort(once, 'name').direction).toBe('ascending');
    expect(nextSort(once, 'state')).toEqual({ column: 'state', direction: 'ascending' });
  });
});
