/**
 * Plan and apply across servers as pure steps: choose (source, sections, targets) -> plan
 * -> review -> confirm (and once more, naming them, when production servers are among the
 * targets) -> applying (n of N, each server's outcome as it arrives) -> done, and "Retry
 * failed" back to review with a plan for the failed servers only.
 */

import type { AppError } from '../../src-shared/errors';
import {
  isFailedOutcome,
  type ApplyOutcome,
  type ApplyOutcomeKind,
  type ApplyReport,
  type ApplyWaves,
  type Plan,
  type PlanSource,
  type PlanTarget,
} from '../../src-shared/fleet';
import type { SettingsSection } from '../../src-shared/settings-sections';
import type { SettingsField } from '../../src-shared/settings';

/** Where the flow is. */
export type PlanStep =
  'choose' | 'planning' | 'review' | 'confirm' | 'confirm-production' | 'applying' | 'done';

/** What the admin chose to plan. */
export interface PlanRequest {
  source: PlanSource;
  sections: SettingsSection[];
  /** Only these fields of the sections (a drift's revert); absent: every one. */
  fields?: SettingsField[];
  targets: string[];
}

/** The whole flow's state. */
export interface PlanFlow {
  step: PlanStep;
  /** The plan or apply under way (its progress events carry this id). */
  runId: string | null;
  progress: { done: number; total: number } | null;
  request: PlanRequest | null;
  waves: ApplyWaves | null;
  plan: Plan | null;
  /** The targets read so far while planning. */
  planned: PlanTarget[];
  /** Each server's outcome so far, in the order they arrived. */
  outcomes: ApplyOutcome[];
  report: ApplyReport | null;
  error: AppError | null;
}

/** Nothing planned yet. */
export const INITIAL_PLAN_FLOW: PlanFlow = {
  step: 'choose',
  runId: null,
  progress: null,
  request: null,
  waves: null,
  plan: null,
  planned: [],
  outcomes: [],
  report: null,
  error: null,
};

/** The targets an apply would write: those with changes (matching ones are skipped). */
export function writableTargets(plan: Plan): PlanTarget[] {
  return plan.targets.filter((target) => target.status === 'change');
}

/** The production servers an apply would write, by name (the second confirmation names them). */
export function productionTargets(plan: Plan): string[] {
  return writableTargets(plan)
    .filter((target) => target.environment === 'production')
    .map((target) => target.name);
}

/** After the admin confirms: ask again for production servers, or go. */
export function stepAfterConfirm(step: PlanStep, plan: Plan): 'confirm-production' | 'applying' {
  return step === 'confirm' && productionTargets(plan).length > 0
    ? 'confirm-production'
    : 'applying';
}

/** The list with one more server's entry, replacing an earlier one of that server. */
export function withServerEntry<T extends { serverId: string }>(list: readonly T[], entry: T): T[] {
  return [...list.filter((known) => known.serverId !== entry.serverId), entry];
}

/** The failed outcomes (conflict, invalid, verify failed, and the server problems). */
export function failedOutcomes(outcomes: readonly ApplyOutcome[]): ApplyOutcome[] {
  return outcomes.filter(isFailedOutcome);
}

/** How many outcomes of each kind, for the summary line. */
export function outcomeCounts(
  outcomes: readonly ApplyOutcome[],
): Partial<Record<ApplyOutcomeKind, number>> {
  const counts: Partial<Record<ApplyOutcomeKind, number>> = {};
  for (const outcome of outcomes) counts[outcome.kind] = (counts[outcome.kind] ?? 0) + 1;
  return counts;
}

/**
 * The waves an apply may use: the canary must be one of the servers it writes, else the
 * waves are dropped (a canary that is skipped proves nothing).
 */
export function usableWaves(waves: ApplyWaves | null, plan: Plan): ApplyWaves | null {
  if (!waves) return null;
  return writableTargets(plan).some((target) => target.serverId === waves.canaryServerId)
    ? waves
    : null;
}
