/**
 * The drift slice: what drift knows of each server that follows a profile (drifted fields,
 * exceptions, history), read from main when the app starts and then taken from main's
 * `drift:changed` pushes (a check, an assignment, a verdict: nothing is read again after
 * them); and the admin's verdict per drifted field:
 * revert (the plan-and-apply flow with the profile as source, for those fields only), adopt
 * into the profile, or accept as an exception until a date (and remove that exception).
 * The pure parts are in drift.ts.
 */

import type { DriftNotice } from '../../src-shared/drift';
import type { AppError } from '../../src-shared/errors';
import type { EventMap, Result, ResponseOf } from '../../src-shared/ipc-contract';
import type { SettingsField } from '../../src-shared/settings';
import { DONE, type SliceCreator } from './app-state';
import { INITIAL_PLAN_FLOW } from './apply-flow';
import {
  driftAnnouncement,
  driftsById,
  revertRequest,
  withDrifts,
  withPushedDrifts,
  type DriftsById,
} from './drift';

/** The drift state. */
export interface DriftState {
  servers: DriftsById;
  /**
   * When main last answered (ms): exceptions are judged against it, the time main judged
   * them at, so rendering stays pure.
   */
  readAt: number;
  loaded: boolean;
  error: AppError | null;
}

/** The drift slice. */
export interface DriftSlice {
  drift: DriftState;
  /** Reads every followed server's drift from main. */
  loadDrift(): Promise<Result<ResponseOf<'drift:list'>>>;
  /** A drift was announced (the live region says it; its state comes as a push). */
  receiveDriftNotice(notice: DriftNotice): Result<void>;
  /** Main pushed the drift of the servers whose drift changed, and those that follow none. */
  receiveDrift(payload: EventMap['drift:changed']): Result<void>;
  /** Puts the server's value of the field into its profile. */
  adoptDrift(serverId: string, field: SettingsField): Promise<Result<ResponseOf<'drift:adopt'>>>;
  /** Accepts the field as an exception until `until` (ISO), or removes it (null). */
  acceptDrift(
    serverId: string,
    field: SettingsField,
    until: string | null,
  ): Promise<Result<ResponseOf<'drift:accept'>>>;
  /** Plans putting the profile's values back for these fields, in the plan dialog. */
  revertDrift(
    serverId: string,
    fields: readonly SettingsField[],
  ): Promise<Result<ResponseOf<'fleet:plan'>>>;
}

const NOT_FOLLOWING: Result<never> = {
  ok: false,
  error: { code: 'not_found', message: 'That server follows no profile.', what: 'profile' },
};

const APPLYING: Result<never> = {
  ok: false,
  error: {
    code: 'invalid_request',
    message: 'An apply is under way: revert once it has finished.',
    issues: [],
  },
};

/** Creates the drift slice. */
export const createDriftSlice: SliceCreator<DriftSlice> = (api) => (set, get) => {
  const update = (change: Partial<DriftState>): void =>
    set((state) => ({ drift: { ...state.drift, ...change } }));
  return {
    drift: { servers: {}, readAt: 0, loaded: false, error: null },
    async loadDrift() {
      const result = await api.drift.list();
      if (!result.ok) update({ loaded: true, error: result.error });
      else
        update({
          servers: driftsById(result.value.servers),
          readAt: Date.now(),
          loaded: true,
          error: null,
        });
      return result;
    },
    receiveDriftNotice(notice) {
      get().announce(driftAnnouncement(notice));
      return DONE;
    },
    receiveDrift(payload) {
      update({ servers: withPushedDrifts(get().drift.servers, payload), readAt: Date.now() });
      return DONE;
    },
    async adoptDrift(serverId, field) {
      const result = await api.drift.adopt({ serverId, field });
      if (!result.ok) return result;
      update({
        servers: withDrifts(get().drift.servers, result.value.servers),
        readAt: Date.now(),
        error: null,
      });
      // The profile changed: its editor and the table's compliance follow (main pushes the
      // profiles too; this answer may come first).
      get().receiveProfile(result.value.profile);
      return result;
    },
    async acceptDrift(serverId, field, until) {
      const result = await api.drift.accept({ serverId, field, until });
      if (result.ok)
        update({
          servers: withDrifts(get().drift.servers, [result.value.server]),
          readAt: Date.now(),
          error: null,
        });
      return result;
    },
    async revertDrift(serverId, fields) {
      const drift = get().drift.servers[serverId];
      if (!drift || fields.length === 0) return NOT_FOLLOWING;
      if (get().planFlow.step === 'applying') return APPLYING;
      set({ planFlow: INITIAL_PLAN_FLOW });
      get().openDialog({ kind: 'fleet-plan' });
      return get().makePlan(revertRequest(drift, fields), null);
    },
  };
};
