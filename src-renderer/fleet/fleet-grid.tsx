/**
 * The fleet table: every listed server as a row (filtered and sorted as the admin chose),
 * its settings as columns, each differing cell marked; a server that could not be read
 * says why across its settings columns. Space or Enter on a row selects it.
 */

import { useCallback, useMemo, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { VirtualTable } from '../components/virtual-table';
import { useT, type WindowTranslator } from '../i18n/translator-context';
import type { FleetTableRow } from '../state/fleet-table';
import { fleetRowsDeriver } from '../state/fleet-shown';
import { useApp } from '../store-context';
import { SETTING_COLUMNS, fleetColumns } from './fleet-columns';
import { rowStateLabel } from './fleet-labels';

/**
 * The rows the table shows, and the reference they are compared with: derived in layers
 * (state/fleet-shown.ts), so a filter or a sort does not compare every server again.
 */
export function useFleetRows() {
  const [derive] = useState(fleetRowsDeriver);
  const input = useApp(
    useShallow((state) => ({
      servers: state.servers,
      drifts: state.drift.servers,
      readAt: state.drift.readAt,
      rows: state.fleet.rows,
      documents: state.settingsDocs,
      pending: state.fleet.pending,
      profiles: state.profiles,
      assignments: state.assignments,
      reference: state.fleet.reference,
      filter: state.fleet.filter,
      sort: state.fleet.sort,
    })),
  );
  return derive(input);
}

function problemSpan(t: WindowTranslator, row: FleetTableRow) {
  const source = row.source;
  if (!source || !('problem' in source)) {
    if (source) return null;
    return {
      ...SETTING_COLUMNS,
      className: 'fleet-problem muted',
      content: t.t(row.pending ? 'fleet.problem.reading' : 'fleet.problem.notRead'),
    };
  }
  return {
    ...SETTING_COLUMNS,
    className: 'fleet-problem',
    content: (
      <>
        <span aria-hidden="true">{t.t('fleet.warningMark')}</span>
        {t.t('fleet.problem.why', {
          state: rowStateLabel(t, source.state),
          message: source.problem.message,
        })}
      </>
    ),
  };
}

/** The fleet table. */
export function FleetGrid({ rows }: { rows: ReturnType<typeof useFleetRows> }) {
  const t = useT();
  const spanCell = useCallback((row: FleetTableRow) => problemSpan(t, row), [t]);
  const sort = useApp((state) => state.fleet.sort);
  const selected = useApp((state) => state.fleet.selected);
  const reference = useApp((state) => state.fleet.reference);
  const sortFleet = useApp((state) => state.sortFleet);
  const toggle = useApp((state) => state.toggleFleetSelection);
  const openDialog = useApp((state) => state.openDialog);
  const columns = useMemo(
    () =>
      fleetColumns({
        t,
        reference: rows.resolved,
        referenceServerId: reference?.kind === 'server' ? reference.serverId : null,
        isSelected: (serverId) => selected.includes(serverId),
        toggle: (serverId) => void toggle(serverId),
        openDrift: (serverId) => openDialog({ kind: 'fleet-drift', serverId }),
      }),
    [t, rows.resolved, reference, selected, toggle, openDialog],
  );
  return (
    <VirtualTable
      label={t.t('fleet.title')}
      rows={rows.shown}
      rowKey={(row) => row.serverId}
      columns={columns}
      sort={sort}
      onSort={(column) => void sortFleet(column)}
      onCellAction={(row) => void toggle(row.serverId)}
      isSelected={(row) => selected.includes(row.serverId)}
      rowClassName={(row) => (row.pending ? 'fleet-row-pending' : '')}
      spanCell={spanCell}
      empty={t.t('fleet.noMatch')}
      testId="fleet-table"
    />
  );
}
