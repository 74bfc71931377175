/**
 * The fleet table: every listed server as a row (filtered and sorted as the admin chose),
 * its settings as columns, each differing cell marked; a server that could not be read
 * says why across its settings columns. Space or Enter on a row selects it.
 */

import { useMemo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { VirtualTable } from '../components/virtual-table';
import { filterRows, sortRows, type FleetTableRow } from '../state/fleet-table';
import { resolveReference, tableRows } from '../state/fleet-rows';
import { useApp } from '../store-context';
import { SETTING_COLUMNS, fleetColumns } from './fleet-columns';
import { ROW_STATE_LABELS } from './fleet-labels';

/** The rows the table shows, and the reference they are compared with. */
export function useFleetRows() {
  const {
    servers,
    rows,
    documents,
    pending,
    profiles,
    assignments,
    drifts,
    readAt,
    reference,
    filter,
    sort,
  } = useApp(
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
  return useMemo(() => {
    const all = tableRows(servers, rows, documents, pending, profiles, assignments, drifts, readAt);
    const resolved = resolveReference(reference, servers, rows, documents, profiles);
    const shown = sortRows(filterRows(all, filter, resolved?.settings ?? null), sort);
    return { all, shown, resolved };
  }, [
    servers,
    rows,
    documents,
    pending,
    profiles,
    assignments,
    drifts,
    readAt,
    reference,
    filter,
    sort,
  ]);
}

function problemSpan(row: FleetTableRow) {
  const source = row.source;
  if (!source || !('problem' in source)) {
    if (source) return null;
    return {
      ...SETTING_COLUMNS,
      className: 'fleet-problem muted',
      content: row.pending ? 'Reading this server…' : 'Not read yet: refresh the fleet.',
    };
  }
  return {
    ...SETTING_COLUMNS,
    className: 'fleet-problem',
    content: (
      <>
        <span aria-hidden="true">⚠</span> {ROW_STATE_LABELS[source.state]}: {source.problem.message}
      </>
    ),
  };
}

/** The fleet table. */
export function FleetGrid({ rows }: { rows: ReturnType<typeof useFleetRows> }) {
  const sort = useApp((state) => state.fleet.sort);
  const selected = useApp((state) => state.fleet.selected);
  const reference = useApp((state) => state.fleet.reference);
  const sortFleet = useApp((state) => state.sortFleet);
  const toggle = useApp((state) => state.toggleFleetSelection);
  const openDialog = useApp((state) => state.openDialog);
  const columns = useMemo(
    () =>
      fleetColumns({
        reference: rows.resolved,
        referenceServerId: reference?.kind === 'server' ? reference.serverId : null,
        isSelected: (serverId) => selected.includes(serverId),
        toggle: (serverId) => void toggle(serverId),
        openDrift: (serverId) => openDialog({ kind: 'fleet-drift', serverId }),
      }),
    [rows.resolved, reference, selected, toggle, openDialog],
  );
  return (
    <VirtualTable
      label="Fleet"
      rows={rows.shown}
      rowKey={(row) => row.serverId}
      columns={columns}
      sort={sort}
      onSort={(column) => void sortFleet(column)}
      onCellAction={(row) => void toggle(row.serverId)}
      isSelected={(row) => selected.includes(row.serverId)}
      rowClassName={(row) => (row.pending ? 'fleet-row-pending' : '')}
      spanCell={problemSpan}
      empty="No server matches these filters."
      testId="fleet-table"
    />
  );
}
