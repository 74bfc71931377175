/**
 * The fleet table's columns: the server (with its selection box), its environment and
 * state, one column per setting grouped by section, then its profile and compliance,
 * baselines and fetch time (after the settings, so the values are in view first). A cell that differs from the reference is marked and shows the
 * reference's value beside its own (and in its tooltip and its accessible text).
 */

import type { BaselineResult } from '../../src-shared/baselines';
import { isReadRow, type FleetReadRow } from '../../src-shared/fleet';
import {
  FIELD_RULES,
  SETTINGS_FIELDS,
  getField,
  type SettingsField,
} from '../../src-shared/settings';
import { SECTION_LABELS, sectionOf } from '../../src-shared/settings-sections';
import type { TableColumn } from '../components/virtual-table';
import { EnvironmentTag } from '../components/environment-tag';
import { formatTime } from '../labels';
import { formatValue } from '../state/editor';
import type { FleetTableRow } from '../state/fleet-table';
import type { ResolvedReference } from '../state/fleet-rows';
import { ROW_STATE_LABELS, describeChange } from './fleet-labels';
import { agree, plural } from '../../src-shared/plural';

/** Short headers for the settings (the full label is the header's tooltip). */
const SHORT_HEADERS: Record<SettingsField, string> = {
  'timeouts.sessionMinutes': 'Session',
  'timeouts.idleMinutes': 'Idle',
  'timeouts.absoluteMinutes': 'Absolute',
  'persistence.rememberMeDays': 'Remember me',
  'persistence.resetExpiryAtLogon': 'Reset at logon',
  'persistence.cookie.secure': 'Secure',
  'persistence.cookie.sameSite': 'SameSite',
  'persistence.cookie.path': 'Path',
  'concurrency.maxSessionsPerUser': 'Per user',
};

/** The group of the columns after the settings. */
const CHECKS = 'Profile and baselines';

const BASELINE_SHORT: Record<BaselineResult['id'], string> = {
  'owasp-session': 'OWASP',
  'nist-800-63b-aal2': 'NIST',
  'asvs4-l2': 'ASVS',
};

/** What the columns need besides the row. */
export interface FleetColumnContext {
  reference: ResolvedReference | null;
  /** The reference server's id, to mark its row. */
  referenceServerId: string | null;
  isSelected(serverId: string): boolean;
  toggle(serverId: string): void;
  /** Opens a server's drift (its fields' verdicts and history). */
  openDrift(serverId: string): void;
}

function readRow(row: FleetTableRow): FleetReadRow | null {
  const source = row.source;
  return source && isReadRow(source) ? source : null;
}

function Compliance({ row, context }: { row: FleetTableRow; context: FleetColumnContext }) {
  if (!row.profileName) return <span className="muted">None</span>;
  if (row.drifted) {
    return (
      <button
        type="button"
        tabIndex={-1}
        className="badge badge-warn drift-badge"
        onClick={() => context.openDrift(row.serverId)}
      >
        Drifted from {row.profileName}
      </button>
    );
  }
  const history = row.drift?.history.length ?? 0;
  const historyButton =
    history > 0 ? (
      <button
        type="button"
        tabIndex={-1}
        className="link drift-history-link"
        aria-label={`Drift history of ${row.name}`}
        onClick={() => context.openDrift(row.serverId)}
      >
        History
      </button>
    ) : null;
  if (!row.differences) return <span>{row.profileName}</span>;
  const differs = row.differences.length;
  return (
    <>
      <span className="fleet-profile-name">{row.profileName}</span>
      {historyButton}
      {differs === 0 ? (
        <span className="badge badge-ok">Matches</span>
      ) : (
        <span className="badge badge-warn">
          {plural(differs, 'field')} {agree(differs, 'differs', 'differ')}
        </span>
      )}
    </>
  );
}

function Baselines({ row }: { row: FleetTableRow }) {
  const baselines = readRow(row)?.baselines;
  if (!baselines) return <span className="muted">—</span>;
  return (
    <span className="fleet-baselines">
      {baselines.map((baseline) => (
        <span
          key={baseline.id}
          className={baseline.met ? 'mini-badge met' : 'mini-badge missed'}
          aria-label={`${baseline.met ? 'Meets' : 'Misses'} ${baseline.name}`}
          role="img"
        >
          {BASELINE_SHORT[baseline.id]} {baseline.met ? '✓' : '✕'}
        </span>
      ))}
    </span>
  );
}

function baselineTitle(row: FleetTableRow): string | undefined {
  const baselines = readRow(row)?.baselines;
  if (!baselines) return undefined;
  return baselines
    .map((baseline) =>
      baseline.met
        ? `Meets ${baseline.name}`
        : `Misses ${baseline.name}: ${baseline.misses.map((miss) => miss.message).join(' ')}`,
    )
    .join('\n');
}

function settingColumn(
  field: SettingsField,
  context: FleetColumnContext,
): TableColumn<FleetTableRow> {
  const reference = context.reference?.settings ?? null;
  const referenceText = reference ? formatValue(field, getField(reference, field)) : null;
  const differs = (row: FleetTableRow): boolean =>
    row.settings !== null &&
    reference !== null &&
    getField(row.settings, field) !== getField(reference, field);
  return {
    id: field,
    header: SHORT_HEADERS[field],
    description: FIELD_RULES[field].label,
    group: SECTION_LABELS[sectionOf(field)],
    width: field === 'persistence.cookie.path' ? 120 : 104,
    sortable: true,
    cell: (row) => {
      if (!row.settings) return <span className="muted">—</span>;
      const value = formatValue(field, getField(row.settings, field));
      if (!differs(row)) return value;
      return (
        <span className="fleet-differs-stack">
          <span>
            <span className="fleet-differs-mark" aria-hidden="true">
              ≠{' '}
            </span>
            {value}
          </span>
          <span className="fleet-reference-value">
            <span className="visually-hidden">, differs from the reference: </span>
            <span aria-hidden="true">ref </span>
            {referenceText}
          </span>
        </span>
      );
    },
    cellProps: (row) =>
      differs(row)
        ? {
            className: 'fleet-differs',
            title: `Differs from ${context.reference?.name ?? 'the reference'}, which has ${referenceText ?? ''}`,
          }
        : {},
  };
}

/** The columns of the fleet table. */
export function fleetColumns(context: FleetColumnContext): TableColumn<FleetTableRow>[] {
  return [
    {
      id: 'name',
      header: 'Server',
      group: 'Server',
      width: 200,
      sortable: true,
      cell: (row) => (
        <>
          <input
            type="checkbox"
            tabIndex={-1}
            aria-label={`Select ${row.name}`}
            checked={context.isSelected(row.serverId)}
            onChange={() => context.toggle(row.serverId)}
          />
          <span className={`fleet-name env-stripe-${row.environment ?? 'none'}`}>{row.name}</span>
          {row.drifted ? (
            <span
              className="drift-mark"
              role="img"
              aria-label={`Drifted from ${row.profileName ?? 'its profile'}`}
              title={`Drifted from ${row.profileName ?? 'its profile'}`}
            >
              ⚠
            </span>
          ) : null}
          {row.serverId === context.referenceServerId ? (
            <span className="badge badge-info">Reference</span>
          ) : null}
          {row.pending ? (
            <span className="fleet-pending" role="img" aria-label="Reading">
              …
            </span>
          ) : null}
        </>
      ),
    },
    {
      id: 'environment',
      header: 'Environment',
      group: 'Server',
      width: 124,
      sortable: true,
      cell: (row) =>
        row.environment ? (
          <EnvironmentTag environment={row.environment} />
        ) : (
          <span className="muted">None</span>
        ),
    },
    {
      id: 'state',
      header: 'State',
      group: 'Server',
      width: 130,
      sortable: true,
      cell: (row) => (
        <span className={`fleet-state fleet-state-${row.state}`}>
          {row.pending && !row.source ? 'Reading…' : ROW_STATE_LABELS[row.state]}
        </span>
      ),
      cellProps: (row) =>
        row.source && 'problem' in row.source ? { title: row.source.problem.message } : {},
    },
    ...SETTINGS_FIELDS.map((field) => settingColumn(field, context)),
    {
      id: 'profile',
      header: 'Profile',
      group: CHECKS,
      width: 200,
      sortable: true,
      cell: (row) => <Compliance row={row} context={context} />,
      cellProps: (row) => {
        const differences = row.differences ?? [];
        return differences.length > 0 ? { title: differences.map(describeChange).join('\n') } : {};
      },
    },
    {
      id: 'baselines',
      header: 'Baselines',
      group: CHECKS,
      width: 150,
      cell: (row) => <Baselines row={row} />,
      cellProps: (row) => ({ title: baselineTitle(row) }),
    },
    {
      id: 'fetchedAt',
      header: 'Fetched',
      group: CHECKS,
      width: 110,
      sortable: true,
      cell: (row) =>
        row.fetchedAt ? formatTime(row.fetchedAt) : <span className="muted">Never</span>,
    },
  ];
}

/** The settings columns (where a problem row says why it has no values). */
export const SETTING_COLUMNS = { from: 3, to: 3 + SETTINGS_FIELDS.length - 1 } as const;
