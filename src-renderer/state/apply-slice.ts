/**
 * The apply slice: the plan-and-apply flow across servers (apply-flow.ts holds its pure
 * steps). Plans and applies run in main; this slice sends them with a run id of its own,
 * takes in their progress events; the table's new values are pushed by main (each target's
 * settings read back), so nothing is read again after an apply.
 */

import type { ApplyWaves, FleetProgress } from '../../src-shared/fleet';
import type { Result, ResponseOf } from '../../src-shared/ipc-contract';
import { DONE, type SliceCreator } from './app-state';
import {
  INITIAL_PLAN_FLOW,
  stepAfterConfirm,
  usableWaves,
  withServerEntry,
  type PlanFlow,
  type PlanRequest,
} from './apply-flow';

/** The apply slice. */
export interface ApplySlice {
  planFlow: PlanFlow;
  /** Opens the plan dialog on its first step (or back on an apply still running). */
  openPlan(): Result<void>;
  /** Reads the source and the targets and shows the plan (one diff per target). */
  makePlan(
    request: PlanRequest,
    waves: ApplyWaves | null,
  ): Promise<Result<ResponseOf<'fleet:plan'>>>;
  /** From the plan to its confirmation. */
  reviewPlan(): Result<void>;
  /** Back to choosing the source, sections and targets. */
  changePlan(): Result<void>;
  /** From a confirmation back to the plan. */
  backToPlan(): Result<void>;
  /** The admin confirmed: asks again for production servers, else applies. */
  confirmApply(): Promise<Result<ResponseOf<'fleet:apply'> | null>>;
  /** Plans again for the servers that failed, and shows that plan. */
  retryFailed(): Promise<Result<ResponseOf<'fleet:retry-failed'>>>;
  /** Takes in one answer of the plan or apply under way. */
  receiveApplyProgress(progress: FleetProgress): Result<void>;
}

/** Creates the apply slice. */
export const createApplySlice: SliceCreator<ApplySlice> = (api) => (set, get) => {
  const update = (change: Partial<PlanFlow>): void =>
    set((state) => ({ planFlow: { ...state.planFlow, ...change } }));
  const planning = (): string => {
    const runId = globalThis.crypto.randomUUID();
    update({ step: 'planning', runId, progress: null, planned: [], error: null });
    return runId;
  };
  const planned = (runId: string, result: Result<ResponseOf<'fleet:plan'>>): void => {
    if (get().planFlow.runId !== runId) return;
    if (!result.ok) {
      update({ step: get().planFlow.report ? 'done' : 'choose', runId: null, error: result.error });
      return;
    }
    update({
      step: 'review',
      runId: null,
      progress: null,
      plan: result.value,
      outcomes: [],
      report: null,
    });
  };
  return {
    planFlow: INITIAL_PLAN_FLOW,
    openPlan() {
      if (get().planFlow.step !== 'applying') set({ planFlow: INITIAL_PLAN_FLOW });
      get().openDialog({ kind: 'fleet-plan' });
      return DONE;
    },
    async makePlan(request, waves) {
      update({ request, waves });
      const runId = planning();
      const result = await api.fleet.plan({ ...request, runId });
      planned(runId, result);
      return result;
    },
    reviewPlan() {
      if (get().planFlow.plan) update({ step: 'confirm', error: null });
      return DONE;
    },
    changePlan() {
      update({ step: 'choose', error: null });
      return DONE;
    },
    backToPlan() {
      if (get().planFlow.plan) update({ step: 'review', error: null });
      return DONE;
    },
    async confirmApply() {
      const flow = get().planFlow;
      const plan = flow.plan;
      if (!plan || (flow.step !== 'confirm' && flow.step !== 'confirm-production'))
        return { ok: true, value: null };
      const next = stepAfterConfirm(flow.step, plan);
      if (next === 'confirm-production') {
        update({ step: next });
        return { ok: true, value: null };
      }
      const runId = globalThis.crypto.randomUUID();
      const total = plan.targets.length;
      update({ step: 'applying', runId, progress: { done: 0, total }, outcomes: [], error: null });
      const waves = usableWaves(flow.waves, plan);
      const result = await api.fleet.apply({ planId: plan.id, runId, ...(waves ? { waves } : {}) });
      if (get().planFlow.runId !== runId) return result;
      if (!result.ok) {
        update({ step: 'confirm', runId: null, progress: null, error: result.error });
        return result;
      }
      update({
        step: 'done',
        runId: null,
        progress: { done: total, total },
        outcomes: result.value.outcomes,
        report: result.value,
      });
      // The table's rows are pushed by main as each target is read back (no refresh), and
      // drift as main checks each save (a revert's fields match again): nothing is read.
      return result;
    },
    async retryFailed() {
      const report = get().planFlow.report;
      if (!report) {
        return {
          ok: false,
          error: { code: 'not_found', message: 'There is no apply to retry.', what: 'plan' },
        };
      }
      const runId = planning();
      const result = await api.fleet.retryFailed({ applyId: report.applyId, runId });
      planned(runId, result);
      return result;
    },
    receiveApplyProgress(progress) {
      const flow = get().planFlow;
      if (progress.runId !== flow.runId) return DONE;
      const counted = { progress: { done: progress.done, total: progress.total } };
      if (progress.operation === 'plan')
        update({ ...counted, planned: withServerEntry(flow.planned, progress.target) });
      if (progress.operation === 'apply')
        update({ ...counted, outcomes: withServerEntry(flow.outcomes, progress.outcome) });
      return DONE;
    },
  };
};
