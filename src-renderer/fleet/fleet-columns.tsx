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
import { formatValue } from '../state/editor';
import type { FleetTableRow } from '../state/fleet-table';
import type { ResolvedReference } from '../state/fleet-rows';
import type { WindowMessageId } from '../../src-shared/i18n/message-ids';
import type { WindowTranslator } from '../i18n/translator-context';
import { describeChange, rowStateLabel } from './fleet-labels';

/** Short headers for the settings (the full label is the header's tooltip). */
const SHORT_HEADERS: Record<SettingsField, WindowMessageId> = {
  'timeouts.sessionMinutes': 'fleet.column.session',
  'timeouts.idleMinutes': 'fleet.column.idle',
  'timeouts.absoluteMinutes': 'fleet.column.absolute',
  'persistence.rememberMeDays': 'fleet.column.rememberMe',
  'persistence.resetExpiryAtLogon': 'fleet.column.resetAtLogon',
  'persistence.cookie.secure': 'fleet.column.secure',
  'persistence.cookie.sameSite': 'fleet.column.sameSite',
  'persistence.cookie.path': 'fleet.column.path',
  'concurrency.maxSessionsPerUser': 'fleet.column.perUser',
};

const BASELINE_SHORT: Record<BaselineResult['id'], string> = {
  'owasp-session': 'OWASP',
  'nist-800-63b-aal2': 'NIST',
  'asvs4-l2': 'ASVS',
};

/** What the columns need besides the row. */
export interface FleetColumnContext {
  /** The translator of the language shown. */
  t: WindowTranslator;
  reference: ResolvedReference | null;
  /** The reference server's id, to mark its row. */
  referenceServerId: string | null;
  isSelected(serverId: string): boolean;
  toggle(serverId: string): void;
  /** Opens a server's drift (its fields' verdicts and history). */
  openDrift(serverId: string): void;
}

/** A fetch time as the column shows it: day, month and time ("7 Dec, 14:05"). */
const FETCHED_FORMAT: Intl.DateTimeFormatOptions = {
  day: 'numeric',
  month: 'short',
  hour: '2-digit',
  minute: '2-digit',
};

function readRow(row: FleetTableRow): FleetReadRow | null {
  const source = row.source;
  return source && isReadRow(source) ? source : null;
}

function Compliance({ row, context }: { row: FleetTableRow; context: FleetColumnContext }) {
  const { t } = context;
  if (!row.profileName) return <span className="muted">{t.t('fleet.none')}</span>;
  if (row.drifted) {
    return (
      <button
        type="button"
        tabIndex={-1}
        className="badge badge-warn drift-badge"
        onClick={() => context.openDrift(row.serverId)}
      >
        {t.t('fleet.driftedFrom', { profile: row.profileName })}
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
        aria-label={t.t('fleet.driftHistoryOf', { server: row.name })}
        onClick={() => context.openDrift(row.serverId)}
      >
        {t.t('fleet.history')}
      </button>
    ) : null;
  if (!row.differences) return <span>{row.profileName}</span>;
  const differs = row.differences.length;
  return (
    <>
      <span className="fleet-profile-name">{row.profileName}</span>
      {historyButton}
      {differs === 0 ? (
        <span className="badge badge-ok">{t.t('fleet.matches')}</span>
      ) : (
        <span className="badge badge-warn">{t.t('fleet.fieldsDiffer', { count: differs })}</span>
      )}
    </>
  );
}

function Baselines({ row, t }: { row: FleetTableRow; t: WindowTranslator }) {
  const baselines = readRow(row)?.baselines;
  if (!baselines) return <span className="muted">{t.t('fleet.noValue')}</span>;
  return (
    <span className="fleet-baselines">
      {baselines.map((baseline) => (
        <span
          key={baseline.id}
          className={baseline.met ? 'mini-badge met' : 'mini-badge missed'}
          aria-label={t.t(baseline.met ? 'fleet.baseline.meets' : 'fleet.baseline.misses', {
            name: baseline.name,
          })}
          role="img"
        >
          {t.t(baseline.met ? 'fleet.baseline.metMark' : 'fleet.baseline.missedMark', {
            name: BASELINE_SHORT[baseline.id],
          })}
        </span>
      ))}
    </span>
  );
}

function baselineTitle(t: WindowTranslator, row: FleetTableRow): string | undefined {
  const baselines = readRow(row)?.baselines;
  if (!baselines) return undefined;
  return baselines
    .map((baseline) =>
      baseline.met
        ? t.t('fleet.baseline.meets', { name: baseline.name })
        : t.t('fleet.baseline.missesWhy', {
            name: baseline.name,
            misses: baseline.misses.map((miss) => miss.message).join(' '),
          }),
    )
    .join('\n');
}

function settingColumn(
  field: SettingsField,
  context: FleetColumnContext,
): TableColumn<FleetTableRow> {
  const { t } = context;
  const reference = context.reference?.settings ?? null;
  const referenceText = reference ? formatValue(field, getField(reference, field)) : null;
  const differs = (row: FleetTableRow): boolean =>
    row.settings !== null &&
    reference !== null &&
    getField(row.settings, field) !== getField(reference, field);
  return {
    id: field,
    header: t.t(SHORT_HEADERS[field]),
    description: FIELD_RULES[field].label,
    group: SECTION_LABELS[sectionOf(field)],
    width: field === 'persistence.cookie.path' ? 120 : 104,
    sortable: true,
    cell: (row) => {
      if (!row.settings) return <span className="muted">{t.t('fleet.noValue')}</span>;
      const value = formatValue(field, getField(row.settings, field));
      if (!differs(row)) return value;
      return (
        <span className="fleet-differs-stack">
          <span>
            <span className="fleet-differs-mark" aria-hidden="true">
              {t.t('fleet.differsMark')}
            </span>
            {value}
          </span>
          <span className="fleet-reference-value">
            <span className="visually-hidden">{t.t('fleet.differsFromReference')}</span>
            <span aria-hidden="true">{t.t('fleet.referenceShort')}</span>
            {referenceText}
          </span>
        </span>
      );
    },
    cellProps: (row) =>
      differs(row)
        ? {
            className: 'fleet-differs',
            title: t.t('fleet.differsTitle', {
              reference: context.reference?.name ?? '',
              value: referenceText ?? '',
            }),
          }
        : {},
  };
}

/** The columns of the fleet table. */
export function fleetColumns(context: FleetColumnContext): TableColumn<FleetTableRow>[] {
  const { t } = context;
  const server = t.t('fleet.group.server');
  const checks = t.t('fleet.group.checks');
  const driftedFrom = (row: FleetTableRow): string =>
    row.profileName === null
      ? t.t('fleet.driftedFromItsProfile')
      : t.t('fleet.driftedFrom', { profile: row.profileName });
  return [
    {
      id: 'name',
      header: t.t('fleet.column.server'),
      group: server,
      width: 200,
      sortable: true,
      cell: (row) => (
        <>
          <input
            type="checkbox"
            tabIndex={-1}
            aria-label={t.t('fleet.select', { server: row.name })}
            checked={context.isSelected(row.serverId)}
            onChange={() => context.toggle(row.serverId)}
          />
          <span className={`fleet-name env-stripe-${row.environment ?? 'none'}`}>{row.name}</span>
          {row.drifted ? (
            <span
              className="drift-mark"
              role="img"
              aria-label={driftedFrom(row)}
              title={driftedFrom(row)}
            >
              {t.t('fleet.warningMark')}
            </span>
          ) : null}
          {row.serverId === context.referenceServerId ? (
            <span className="badge badge-info">{t.t('fleet.reference')}</span>
          ) : null}
          {row.pending ? (
            <span className="fleet-pending" role="img" aria-label={t.t('fleet.reading')}>
              {t.t('fleet.pendingMark')}
            </span>
          ) : null}
        </>
      ),
    },
    {
      id: 'environment',
      header: t.t('fleet.column.environment'),
      group: server,
      width: 124,
      sortable: true,
      cell: (row) =>
        row.environment ? (
          <EnvironmentTag environment={row.environment} />
        ) : (
          <span className="muted">{t.t('fleet.none')}</span>
        ),
    },
    {
      id: 'state',
      header: t.t('fleet.column.state'),
      group: server,
      width: 150,
      sortable: true,
      cell: (row) => (
        <span className={`fleet-state fleet-state-${row.state}`}>
          {row.pending && !row.source ? t.t('fleet.readingNow') : rowStateLabel(t, row.state)}
        </span>
      ),
      cellProps: (row) =>
        row.source && 'problem' in row.source ? { title: row.source.problem.message } : {},
    },
    ...SETTINGS_FIELDS.map((field) => settingColumn(field, context)),
    {
      id: 'profile',
      header: t.t('fleet.column.profile'),
      group: checks,
      width: 200,
      sortable: true,
      cell: (row) => <Compliance row={row} context={context} />,
      cellProps: (row) => {
        const differences = row.differences ?? [];
        return differences.length > 0
          ? { title: differences.map((change) => describeChange(t, change)).join('\n') }
          : {};
      },
    },
    {
      id: 'baselines',
      header: t.t('fleet.column.baselines'),
      group: checks,
      width: 150,
      cell: (row) => <Baselines row={row} t={t} />,
      cellProps: (row) => ({ title: baselineTitle(t, row) }),
    },
    {
      id: 'fetchedAt',
      header: t.t('fleet.column.fetched'),
      group: checks,
      width: 110,
      sortable: true,
      cell: (row) =>
        row.fetchedAt ? (
          t.dateTime(row.fetchedAt, FETCHED_FORMAT)
        ) : (
          <span className="muted">{t.t('fleet.never')}</span>
        ),
    },
  ];
}

/** The settings columns (where a problem row says why it has no values). */
export const SETTING_COLUMNS = { from: 3, to: 3 + SETTINGS_FIELDS.length - 1 } as const;
