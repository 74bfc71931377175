/**
 * The fleet table's rows derived in layers, each worked out again only when what it is
 * made of changed: the rows of the servers and their answers (once per snapshot, answer,
 * assignment or drift read), those rows sorted (once per sort or new rows), and the rows a
 * filter keeps (a filter of the sorted rows, never a sort). A filter or a selection
 * therefore costs a pass over the sorted rows, not the comparison of every server with its
 * profile and a sort of 500 names.
 */

import type { ServerDrift } from '../../src-shared/drift';
import type { ServerView } from '../../src-shared/domain';
import type { FleetReference, Profile } from '../../src-shared/fleet';
import {
  resolveReference,
  tableRows,
  type DocumentsById,
  type FleetRowsById,
  type ResolvedReference,
} from './fleet-rows';
import { filterRows, sortRows, type FleetFilter, type FleetTableRow } from './fleet-table';
import type { SortState } from './table-sort';

/** What the fleet table's rows are made of (the store's parts, as they are). */
export interface FleetRowsInput {
  servers: readonly ServerView[];
  rows: FleetRowsById;
  /** Each server's settings document, from its owner slice. */
  documents: DocumentsById;
  pending: readonly string[];
  profiles: readonly Profile[];
  assignments: Readonly<Record<string, string>>;
  drifts: Readonly<Record<string, ServerDrift>>;
  readAt: number;
  reference: FleetReference | null;
  filter: FleetFilter;
  sort: SortState | null;
}

/** The rows the table shows, and the reference they are compared with. */
export interface FleetRowsView {
  /** Every listed server's row, in the list's order. */
  all: FleetTableRow[];
  /** `all` sorted as the admin chose. */
  sorted: FleetTableRow[];
  /** The sorted rows the filter keeps. */
  shown: FleetTableRow[];
  resolved: ResolvedReference | null;
}

/** A one-entry cache: the last result, kept while every argument is the same (===). */
function lastOf<Args extends readonly unknown[], Result>(
  work: (...args: Args) => Result,
): (...args: Args) => Result {
  let last: { args: Args; result: Result } | null = null;
  return (...args) => {
    if (last && last.args.length === args.length && last.args.every((arg, i) => arg === args[i]))
      return last.result;
    const result = work(...args);
    last = { args, result };
    return result;
  };
}

/** A deriver of the table's rows that remembers each layer's last result (one per table). */
export function fleetRowsDeriver(): (input: FleetRowsInput) => FleetRowsView {
  const all = lastOf(tableRows);
  const sorted = lastOf(sortRows<FleetTableRow>);
  const resolved = lastOf(resolveReference);
  const shown = lastOf(filterRows<FleetTableRow>);
  const view = lastOf(
    (
      rows: FleetTableRow[],
      order: FleetTableRow[],
      kept: FleetTableRow[],
      reference: ResolvedReference | null,
    ): FleetRowsView => ({ all: rows, sorted: order, shown: kept, resolved: reference }),
  );
  return (input) => {
    const rows = all(
      input.servers,
      input.rows,
      input.documents,
      input.pending,
      input.profiles,
      input.assignments,
      input.drifts,
      input.readAt,
    );
    const order = sorted(rows, input.sort);
    const reference = resolved(
      input.reference,
      input.servers,
      input.rows,
      input.documents,
      input.profiles,
    );
    const kept = shown(order, input.filter, reference?.settings ?? null);
    return view(rows, order, kept, reference);
  };
}
