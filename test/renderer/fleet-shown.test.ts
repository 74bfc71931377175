import { describe, expect, it } from 'vitest';
import { documentsOfRows, rowsOfSnapshot } from '../../src-renderer/state/fleet-rows';
import { fleetRowsDeriver, type FleetRowsInput } from '../../src-renderer/state/fleet-shown';
import { NO_FILTER, filterRows, sortRows } from '../../src-renderer/state/fleet-table';
import { serverView } from '../fixtures/server-view';
import { profile, readRow } from './fleet-fixtures';

const ENVIRONMENTS = ['production', 'staging', null] as const;
const servers = Array.from({ length: 12 }, (_, index) =>
  serverView({
    id: `s${index}`,
    name: `Box ${12 - index}`,
    baseUrl: `https://s${index}.example`,
    environment: ENVIRONMENTS[index % ENVIRONMENTS.length] ?? null,
  }),
);

const answers = servers.map((server, index) => readRow(server.id, 20 + (index % 3)));
const documents = documentsOfRows(answers);

function input(changes: Partial<FleetRowsInput> = {}): FleetRowsInput {
  return {
    servers,
    rows: rowsOfSnapshot(answers),
    documents,
    pending: [],
    profiles: [profile('p1', 'Strict')],
    assignments: { s1: 'p1', s4: 'p1' },
    drifts: {},
    readAt: 0,
    reference: null,
    filter: NO_FILTER,
    sort: { column: 'name', direction: 'ascending' },
    ...changes,
  };
}

const ids = (rows: { serverId: string }[]): string[] => rows.map((row) => row.serverId);

describe('the fleet table rows, derived in layers', () => {
  it('filters the rows of the same snapshot without deriving or sorting them again', () => {
    const derive = fleetRowsDeriver();
    const first = input();
    const before = derive(first);
    const filtered = derive({ ...first, filter: { ...NO_FILTER, environments: ['production'] } });
    expect(filtered.all).toBe(before.all);
    expect(filtered.sorted).toBe(before.sorted);
    expect(ids(filtered.shown)).toEqual(
      ids(
        filterRows(
          sortRows(before.all, first.sort),
          { ...NO_FILTER, environments: ['production'] },
          null,
        ),
      ),
    );
    expect(ids(filtered.shown)).toEqual(['s9', 's6', 's3', 's0']);
  });

  it('sorts again, without deriving again, when only the sort changes', () => {
    const derive = fleetRowsDeriver();
    const first = input();
    const before = derive(first);
    const resorted = derive({ ...first, sort: { column: 'name', direction: 'descending' } });
    expect(resorted.all).toBe(before.all);
    expect(ids(resorted.shown)).toEqual([...ids(before.shown)].reverse());
  });

  it('derives the rows again for a new snapshot or assignment', () => {
    const derive = fleetRowsDeriver();
    const first = input();
    const before = derive(first);
    const assigned = derive({ ...first, assignments: { ...first.assignments, s2: 'p1' } });
    expect(assigned.all).not.toBe(before.all);
    expect(assigned.all.find((row) => row.serverId === 's2')?.profileName).toBe('Strict');
    const fresh = [readRow('s0', 45)];
    const refreshed = derive({
      ...first,
      rows: rowsOfSnapshot(fresh),
      documents: { ...documents, ...documentsOfRows(fresh) },
    });
    expect(refreshed.all.find((row) => row.serverId === 's0')?.settings?.timeouts.idleMinutes).toBe(
      45,
    );
  });

  it('gives the very same view for the same parts (a render that changed nothing else)', () => {
    const derive = fleetRowsDeriver();
    const first = input();
    expect(derive({ ...first })).toBe(derive(first));
  });
});
