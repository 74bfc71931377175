/**
 * The fleet slice: the fleet table's answers (filled row by row as a refresh's progress
 * events arrive), its reference, sort, filter and selection, and the fleet file (export,
 * import preview, import). The rows shown are the pure `tableRows` of fleet-rows.ts; the
 * sort and filter are the pure functions of fleet-table.ts.
 */

import type { AppError } from '../../src-shared/errors';
import type { FleetProgress, FleetReference } from '../../src-shared/fleet';
import type { EventMap, Result, ResponseOf } from '../../src-shared/ipc-contract';
import { DONE, type AppState, type SliceCreator } from './app-state';
import { NO_FILTER, type FleetFilter } from './fleet-table';
import {
  documentsOfRows,
  receiveRow,
  rowsOfSnapshot,
  withFreshRead,
  type FleetRowsById,
} from './fleet-rows';
import { withDocuments } from './settings-docs-slice';
import { nextSort, type SortState } from './table-sort';

/** The fleet table's state. */
export interface FleetState {
  rows: FleetRowsById;
  /** The refresh under way (its progress events carry this id); null when none is. */
  runId: string | null;
  /** Servers that still owe the refresh under way their answer. */
  pending: string[];
  progress: { done: number; total: number } | null;
  /** When the last refresh finished; null before the first. */
  refreshedAt: string | null;
  error: AppError | null;
  reference: FleetReference | null;
  sort: SortState | null;
  filter: FleetFilter;
  /** Selected servers (Compare, plan targets, assigning a profile), in selection order. */
  selected: string[];
}

/** The fleet table before the first refresh. */
export const INITIAL_FLEET: FleetState = {
  rows: {},
  runId: null,
  pending: [],
  progress: null,
  refreshedAt: null,
  error: null,
  reference: null,
  sort: { column: 'name', direction: 'ascending' },
  filter: NO_FILTER,
  selected: [],
};

/** The fleet slice. */
export interface FleetSlice {
  fleet: FleetState;
  /** Shows the fleet table; reads the fleet and the profiles the first time. */
  openFleet(): Result<void>;
  /** Reads every server again, in parallel; each row fills as its answer arrives. */
  refreshFleet(): Promise<Result<ResponseOf<'fleet:snapshot'>>>;
  /** Takes in one answer of a refresh, plan or apply under way. */
  receiveFleetProgress(progress: FleetProgress): Result<void>;
  /** Main pushed a server's settings (read back after a save or an apply, or read): its row. */
  receiveFleetSettings(payload: EventMap['events:settings']): Result<void>;
  /**
   * A server's settings changed: its row is read again, so the table shows what drifted;
   * not after this window's own save or apply (main pushes what it read back).
   */
  receiveFleetServerEvent(
    payload: EventMap['events:server-event'],
  ): Promise<Result<ResponseOf<'settings:get'>> | null>;
  setFleetReference(reference: FleetReference | null): Result<void>;
  /** Sorts by a column, or flips the direction when it already sorts by it. */
  sortFleet(column: string): Result<void>;
  setFleetFilter(filter: FleetFilter): Result<void>;
  toggleFleetSelection(serverId: string): Result<void>;
  setFleetSelection(serverIds: string[]): Result<void>;
  exportFleet(): Promise<Result<ResponseOf<'fleet:export'>>>;
  previewFleetImport(json: string): Promise<Result<ResponseOf<'fleet:import-preview'>>>;
  /** Imports the fleet file; the server list and the profiles follow main's pushes. */
  importFleet(json: string): Promise<Result<ResponseOf<'fleet:import-apply'>>>;
}

/**
 * Whether a settings change is already known or on its way: the row has that version, or
 * this window is saving or applying to the server (main pushes what it reads back).
 */
function isOwnWrite(state: AppState, serverId: string, version: number): boolean {
  if ((state.settingsDocs[serverId]?.settings.version ?? -1) >= version) return true;
  if (state.editor.saving && state.editor.serverId === serverId) return true;
  const flow = state.planFlow;
  return (
    flow.step === 'applying' &&
    (flow.plan?.targets.some((target) => target.serverId === serverId) ?? false)
  );
}

/** A new id for a run, so its progress events can be told from another run's. */
function newRunId(): string {
  return globalThis.crypto.randomUUID();
}

/** Creates the fleet slice. */
export const createFleetSlice: SliceCreator<FleetSlice> = (api) => (set, get) => {
  const update = (change: Partial<FleetState>): Result<void> => {
    set((state) => ({ fleet: { ...state.fleet, ...change } }));
    return DONE;
  };
  return {
    fleet: INITIAL_FLEET,
    openFleet() {
      set({ view: 'fleet', dialog: null });
      get().setNotice(null);
      if (!get().profilesLoaded) void get().loadProfiles();
      if (get().fleet.refreshedAt === null && get().fleet.runId === null) void get().refreshFleet();
      return DONE;
    },
    async refreshFleet() {
      const runId = newRunId();
      const pending = get().servers.map((server) => server.id);
      update({ runId, pending, progress: { done: 0, total: pending.length }, error: null });
      const result = await api.fleet.snapshot({ runId });
      if (get().fleet.runId !== runId) return result;
      if (!result.ok) {
        update({ runId: null, pending: [], progress: null, error: result.error });
        return result;
      }
      const rows = result.value.rows;
      set((state) => ({
        ...withDocuments(state, documentsOfRows(rows)),
        fleet: {
          ...state.fleet,
          rows: rowsOfSnapshot(rows),
          runId: null,
          pending: [],
          progress: null,
          refreshedAt: result.value.finishedAt,
        },
      }));
      return result;
    },
    receiveFleetProgress(progress) {
      if (progress.operation !== 'snapshot') return get().receiveApplyProgress(progress);
      const fleet = get().fleet;
      if (progress.runId !== fleet.runId) return DONE;
      set((state) => ({
        ...withDocuments(state, documentsOfRows([progress.row])),
        fleet: {
          ...state.fleet,
          rows: receiveRow(fleet.rows, progress.row),
          pending: fleet.pending.filter((id) => id !== progress.row.serverId),
          progress: { done: progress.done, total: progress.total },
        },
      }));
      return DONE;
    },
    receiveFleetSettings({ serverId }) {
      // The document itself went to its owner (the settings documents slice): the row only
      // notes when its server was read.
      const row = get().fleet.rows[serverId];
      if (!row || 'problem' in row) return DONE;
      return update({
        rows: withFreshRead(get().fleet.rows, serverId, null, new Date().toISOString()),
      });
    },
    async receiveFleetServerEvent({ serverId, event }) {
      const row = get().fleet.rows[serverId];
      if (event.type !== 'settings.updated' || !row) return null;
      if (isOwnWrite(get(), serverId, event.data.version)) return null;
      const result = await api.settings.get({ serverId });
      if (result.ok) {
        const { settings, canUpdate } = result.value;
        get().receiveSettings(serverId, settings, canUpdate);
        update({
          rows: withFreshRead(get().fleet.rows, serverId, canUpdate, new Date().toISOString()),
        });
      }
      return result;
    },
    setFleetReference(reference) {
      return update({ reference });
    },
    sortFleet(column) {
      return update({ sort: nextSort(get().fleet.sort, column) });
    },
    setFleetFilter(filter) {
      return update({ filter });
    },
    toggleFleetSelection(serverId) {
      const selected = get().fleet.selected;
      return update({
        selected: selected.includes(serverId)
          ? selected.filter((id) => id !== serverId)
          : [...selected, serverId],
      });
    },
    setFleetSelection(serverIds) {
      return update({ selected: [...new Set(serverIds)] });
    },
    exportFleet() {
      return api.fleet.export();
    },
    previewFleetImport(json) {
      return api.fleet.importPreview({ json });
    },
    importFleet(json) {
      return api.fleet.importApply({ json });
    },
  };
};
