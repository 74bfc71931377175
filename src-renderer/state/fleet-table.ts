/**
 * The fleet table as pure functions: which cells differ from the reference, how rows sort,
 * and which rows a filter keeps. The fleet slice and the table call these; tests call them
 * directly (500 rows of them in the benchmark too).
 */

import type { ServerDrift } from '../../src-shared/drift';
import type { FleetRow, FleetRowState } from '../../src-shared/fleet';
import type { EnvironmentTag } from '../../src-shared/domain';
import { diffSettings, type FieldChange } from '../../src-shared/settings-diff';
import {
  SETTINGS_FIELDS,
  getField,
  type SessionSettings,
  type SettingsField,
} from '../../src-shared/settings';
import type { SortState } from './table-sort';

/** What the table needs of one server's row. */
export interface FleetTableRow {
  serverId: string;
  name: string;
  environment: EnvironmentTag | null;
  /** The row's state; 'reading' until the server's first answer arrives. */
  state: FleetRowState | 'reading';
  /** The settings as last fetched; null when they could not be read (the state says why). */
  settings: SessionSettings | null;
  profileId: string | null;
  profileName: string | null;
  /**
   * How the settings differ from the assigned profile (its value to the server's), accepted
   * exceptions left out (the drift rule); null without a profile or settings. Worked out
   * here, so an assignment shows at once.
   */
  differences: FieldChange[] | null;
  /** What drift knows of the server (only servers that follow a profile have it). */
  drift: ServerDrift | null;
  /** It drifted from its profile in a field not accepted as an exception. */
  drifted: boolean;
  /** ISO time the settings were fetched; null before the first answer. */
  fetchedAt: string | null;
  /** A refresh is under way and this server has not answered it yet. */
  pending: boolean;
  /** The server's last answer; null before the first one. */
  source: FleetRow | null;
}

/** The fields of a row that differ from the reference; none without either (the shared rule). */
export function differingFields(
  settings: SessionSettings | null,
  reference: SessionSettings | null,
): SettingsField[] {
  return settings && reference
    ? diffSettings(reference, settings).map((change) => change.field)
    : [];
}

/** The admin's filter: an empty list means any. */
export interface FleetFilter {
  environments: (EnvironmentTag | 'none')[];
  states: FleetTableRow['state'][];
  /** A profile id, 'none' for servers without one, or 'any'. */
  profile: string;
  /** Only servers with at least one cell that differs from the reference. */
  differsOnly: boolean;
  /** Servers that drifted from their profile, those that did not, or any. */
  drift: 'any' | 'drifted' | 'not_drifted';
}

/** The filter that keeps every row. */
export const NO_FILTER: FleetFilter = {
  environments: [],
  states: [],
  profile: 'any',
  differsOnly: false,
  drift: 'any',
};

/** Whether the filter narrows anything. */
export function isFiltering(filter: FleetFilter): boolean {
  return (
    filter.environments.length > 0 ||
    filter.states.length > 0 ||
    filter.profile !== 'any' ||
    filter.differsOnly ||
    filter.drift !== 'any'
  );
}

/**
 * The rows a filter keeps, in their order. "Differs" needs a reference; a row whose
 * settings could not be read does not differ (it has nothing to compare), so it is hidden
 * by that filter and shown by the state filter.
 */
export function filterRows<Row extends FleetTableRow>(
  rows: readonly Row[],
  filter: FleetFilter,
  reference: SessionSettings | null,
): Row[] {
  return rows.filter(
    (row) =>
      (filter.environments.length === 0 ||
        filter.environments.includes(row.environment ?? 'none')) &&
      (filter.states.length === 0 || filter.states.includes(row.state)) &&
      (filter.profile === 'any' ||
        (filter.profile === 'none' ? row.profileId === null : row.profileId === filter.profile)) &&
      (!filter.differsOnly || differingFields(row.settings, reference).length > 0) &&
      (filter.drift === 'any' || row.drifted === (filter.drift === 'drifted')),
  );
}

const ENVIRONMENT_RANK: Record<EnvironmentTag | 'none', number> = {
  production: 0,
  staging: 1,
  test: 2,
  none: 3,
};

/** A sort key; undefined sorts last whichever the direction (nothing to compare). */
type Key = string | number | undefined;

function keyOf(row: FleetTableRow, column: string): Key {
  switch (column) {
    case 'name':
      return row.name.toLocaleLowerCase();
    case 'environment':
      return ENVIRONMENT_RANK[row.environment ?? 'none'];
    case 'state':
      return row.state;
    case 'profile':
      return row.profileName?.toLocaleLowerCase();
    case 'fetchedAt':
      return row.fetchedAt ?? undefined;
    default: {
      if (!row.settings || !(SETTINGS_FIELDS as readonly string[]).includes(column))
        return undefined;
      const value = getField(row.settings, column as SettingsField);
      return typeof value === 'boolean' ? Number(value) : value;
    }
  }
}

/**
 * The collators the sort compares with, made once: `localeCompare` with a locale or options
 * builds a collator at every call, which made sorting 500 rows cost tens of milliseconds.
 */
const NUMERIC = new Intl.Collator('en', { numeric: true });
const PLAIN = new Intl.Collator();

function compareKeys(a: Key, b: Key): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return NUMERIC.compare(String(a), String(b));
}

/**
 * The rows sorted by a column (name, environment, state, profile, fetchedAt, or a settings
 * field), ties by name, so the order never jumps between refreshes; rows without a value
 * for the column come last either way.
 */
export function sortRows<Row extends FleetTableRow>(
  rows: readonly Row[],
  sort: SortState | null,
): Row[] {
  if (!sort) return [...rows];
  const sign = sort.direction === 'ascending' ? 1 : -1;
  return rows
    .map((row) => ({ row, key: keyOf(row, sort.column) }))
    .sort((a, b) => {
      if (a.key === undefined || b.key === undefined) {
        if (a.key !== b.key) return a.key === undefined ? 1 : -1;
      } else {
        const order = compareKeys(a.key, b.key);
        if (order !== 0) return sign * order;
      }
      return (
        NUMERIC.compare(a.row.name, b.row.name) || PLAIN.compare(a.row.serverId, b.row.serverId)
      );
    })
    .map((entry) => entry.row);
}
