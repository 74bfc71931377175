/**
 * Applying a plan: every changed target saved in parallel (bounded), each with If-Match on
 * the version the plan read, then read back; one outcome per target, pushed as it arrives.
 * A failure never stops the others, except with waves (a canary first, then batches,
 * stopping once more than the chosen number have failed). A save whose answer was lost is
 * decided by reading the settings back (save-read-back.ts): applied, unchanged, or unknown.
 * The apply has a deadline: a target still saving then is `unknown`, one not started yet
 * `not_attempted`. Retrying plans again for the failed targets only.
 */

import { randomUUID } from 'node:crypto';
import {
  isFailedOutcome,
  type ApplyOutcome,
  type ApplyOutcomeKind,
  type ApplyReport,
  type PlanTarget,
} from '../../src-shared/fleet';
import type { ParsedRequestOf } from '../../src-shared/ipc-contract';
import { diffSettings } from '../../src-shared/settings-diff';
import type { SessionSettings } from '../../src-shared/settings';
import { DEFAULT_FLEET_DEADLINE_MS } from '../../src-shared/fleet-contract';
import { mapBounded } from './bounded';
import type { ClientPool } from './client-pool';
import { fail, toAppError } from './core-error';
import { Deadline } from './deadline';
import { mayHaveLanded, readBackLostSave } from './save-read-back';
import type { FleetPlanner, StoredPlan } from './fleet-plans';
import { progressOf, type FleetDependencies } from './fleet-snapshot';
import { serverProblem } from './server-problem';
import { agree, plural } from '../../src-shared/plural';

/** How many apply reports are kept for a retry (the oldest go first). */
export const KEPT_REPORTS = 50;

/** The collaborators of the apply. */
export interface ApplyDependencies extends Pick<
  FleetDependencies,
  'bus' | 'clock' | 'concurrency'
> {
  pool: ClientPool;
  planner: FleetPlanner;
  /** How long one apply may take in all (default DEFAULT_FLEET_DEADLINE_MS). */
  deadlineMs?: number;
}

type Waves = NonNullable<ParsedRequestOf<'fleet:apply'>['waves']>;

/** The outcome of a target that is not saved: it matched, could not be read, or was invalid. */
function unsavedOutcome(target: PlanTarget): ApplyOutcome | null {
  const common = { serverId: target.serverId, name: target.name, environment: target.environment };
  switch (target.status) {
    case 'change':
      return null;
    case 'match':
      return { ...common, kind: 'skipped', reason: 'Already matches the source.' };
    case 'invalid':
      return {
        ...common,
        kind: 'invalid',
        message: 'The plan found the resulting settings invalid; nothing was sent.',
        errors: target.errors,
      };
    case 'unreadable':
      return {
        ...common,
        kind: target.problem.kind,
        code: target.problem.code,
        message: `Could not be read when planning, so nothing was sent: ${target.problem.message}`,
      };
  }
}

/** `fleet:apply` and `fleet:retry-failed`. */
export class FleetApplier {
  private readonly reports = new Map<string, { report: ApplyReport; stored: StoredPlan }>();

  constructor(private readonly deps: ApplyDependencies) {}

  /** Applies a kept plan; every target gets an outcome. */
  async apply(request: ParsedRequestOf<'fleet:apply'>): Promise<ApplyReport> {
    const stored = this.deps.planner.get(request.planId);
    const { plan } = stored;
    const applyId = request.runId ?? randomUUID();
    const startedAt = new Date(this.deps.clock()).toISOString();
    const outcomes = new Map<string, ApplyOutcome>();
    const progress = progressOf(this.deps.bus, applyId, plan.targets.length);
    const record = (outcome: ApplyOutcome): ApplyOutcome => {
      outcomes.set(outcome.serverId, outcome);
      progress({ operation: 'apply', outcome });
      return outcome;
    };
    const changing = plan.targets.filter((target) => target.status === 'change');
    if (request.waves) this.checkCanary(request.waves, changing);
    for (const target of plan.targets) {
      const outcome = unsavedOutcome(target);
      if (outcome) record(outcome);
    }
    const limit = request.concurrency ?? this.deps.concurrency;
    const deadline = new Deadline(
      request.deadlineSeconds !== undefined
        ? request.deadlineSeconds * 1000
        : (this.deps.deadlineMs ?? DEFAULT_FLEET_DEADLINE_MS),
    );
    const common = (target: PlanTarget) => ({
      serverId: target.serverId,
      name: target.name,
      environment: target.environment,
    });
    const save = async (target: PlanTarget): Promise<ApplyOutcome> => {
      if (deadline.passed) {
        return record({
          ...common(target),
          kind: 'not_attempted',
          reason: `Not sent: the apply's deadline (${deadline.text}) passed first.`,
        });
      }
      const work = this.save(target, stored.desired.get(target.serverId) as SessionSettings);
      return record(
        await deadline.race(work, () => ({
          ...common(target),
          kind: 'unknown',
          message: `No answer in time (the apply's deadline of ${deadline.text} passed): the change may or may not have been saved.`,
        })),
      );
    };
    let stopped: string | null = null;
    try {
      if (request.waves) stopped = await this.inWaves(request.waves, changing, limit, save, record);
      else await mapBounded(changing, limit, save);
    } finally {
      deadline.end();
    }
    if (!stopped && deadline.passed) {
      stopped = `Stopped: the apply's deadline (${deadline.text}) passed.`;
    }
    const report: ApplyReport = {
      applyId,
      planId: plan.id,
      startedAt,
      finishedAt: new Date(this.deps.clock()).toISOString(),
      outcomes: plan.targets.map((target) => outcomes.get(target.serverId) as ApplyOutcome),
      counts: countKinds([...outcomes.values()]),
      stopped,
    };
    this.reports.set(applyId, { report, stored });
    for (const id of this.reports.keys()) {
      if (this.reports.size <= KEPT_REPORTS) break;
      this.reports.delete(id);
    }
    return report;
  }

  /** A new plan from the same source and sections for the targets that failed (or never ran). */
  async retryFailed(request: ParsedRequestOf<'fleet:retry-failed'>) {
    const kept = this.reports.get(request.applyId);
    if (!kept) {
      fail({
        code: 'not_found',
        message: 'That apply is not kept any more; plan again.',
        what: 'plan',
      });
    }
    const failed = kept.report.outcomes
      .filter((outcome) => isFailedOutcome(outcome) || outcome.kind === 'not_attempted')
      .map((outcome) => outcome.serverId);
    if (failed.length === 0) {
      fail({
        code: 'invalid_request',
        message: 'Nothing failed in that apply, so there is nothing to retry.',
        issues: [{ path: 'applyId', message: 'no failed target' }],
      });
    }
    const { plan } = kept.stored;
    return this.deps.planner.plan({
      source:
        plan.source.kind === 'server'
          ? { kind: 'server', serverId: plan.source.serverId }
          : { kind: 'profile', profileId: plan.source.profileId },
      sections: plan.sections,
      fields: plan.fields,
      targets: failed,
      ...(request.concurrency ? { concurrency: request.concurrency } : {}),
      ...(request.runId ? { runId: request.runId } : {}),
    });
  }

  private checkCanary(waves: Waves, changing: PlanTarget[]): void {
    if (!changing.some((target) => target.serverId === waves.canaryServerId)) {
      fail({
        code: 'invalid_request',
        message: 'The canary must be one of the servers this plan changes.',
        issues: [{ path: 'waves.canaryServerId', message: 'not a changed target of the plan' }],
      });
    }
  }

  /** The canary, then batches; the reason it stopped early, or null. */
  private async inWaves(
    waves: Waves,
    changing: PlanTarget[],
    limit: number,
    save: (target: PlanTarget) => Promise<ApplyOutcome>,
    record: (outcome: ApplyOutcome) => ApplyOutcome,
  ): Promise<string | null> {
    const canary = changing.find(
      (target) => target.serverId === waves.canaryServerId,
    ) as PlanTarget;
    const rest = changing.filter((target) => target !== canary);
    let stopped: string | null = null;
    let failures = 0;
    const notAttempted = (target: PlanTarget): ApplyOutcome =>
      record({
        serverId: target.serverId,
        name: target.name,
        environment: target.environment,
        kind: 'not_attempted',
        reason: `Not sent: ${stopped ?? 'the apply stopped'}`,
      });
    const first = await save(canary);
    if (isFailedOutcome(first)) {
      failures += 1;
      stopped = `the canary ${canary.name} failed (${first.kind.replace('_', ' ')}).`;
    }
    const size = waves.batchSize ?? Math.max(1, rest.length);
    for (let start = 0; start < rest.length; start += size) {
      await mapBounded(rest.slice(start, start + size), limit, async (target) => {
        if (stopped) return notAttempted(target);
        const outcome = await save(target);
        if (isFailedOutcome(outcome)) failures += 1;
        if (!stopped && failures > waves.maxFailures) {
          stopped = `more than ${plural(waves.maxFailures, 'server')} failed.`;
        }
        return outcome;
      });
    }
    return stopped && `Stopped: ${stopped}`;
  }

  /** One target's save, with If-Match on the plan's version, then its read-back. */
  private async save(target: PlanTarget, desired: SessionSettings): Promise<ApplyOutcome> {
    const common = {
      serverId: target.serverId,
      name: target.name,
      environment: target.environment,
    };
    if (target.status !== 'change') return unsavedOutcome(target) as ApplyOutcome;
    const changed = target.changes.map((change) => change.field);
    try {
      return await this.deps.pool.withServer(target.serverId, async (client) => {
        let saved;
        try {
          saved = await client.saveSettings(desired, target.version);
        } catch (error) {
          const appError = toAppError(error);
          if (!mayHaveLanded(appError)) throw error;
          const found = await readBackLostSave(client, desired, target.version);
          switch (found.verdict) {
            case 'applied':
              return {
                ...common,
                kind: 'applied' as const,
                version: found.settings.version,
                changed,
                answerLost: true as const,
              };
            case 'unchanged':
              return {
                ...common,
                ...serverProblem(appError),
                message: `${appError.message} Read back: still version ${found.settings.version}: nothing was changed.`,
              };
            case 'unknown':
              return { ...common, kind: 'unknown' as const, message: found.message };
          }
        }
        let readBack;
        try {
          readBack = await client.getSettings();
        } catch (error) {
          return {
            ...common,
            kind: 'verify_failed' as const,
            message: `Saved as version ${saved.version}, but it could not be read back to check: ${toAppError(error).message}`,
            version: saved.version,
            mismatched: [],
          };
        }
        const mismatched = diffSettings(desired, readBack);
        if (mismatched.length > 0) {
          return {
            ...common,
            kind: 'verify_failed' as const,
            message: `Saved, but ${plural(mismatched.length, 'value')} read back ${agree(mismatched.length, 'differs', 'differ')} from what was sent.`,
            version: readBack.version,
            mismatched,
          };
        }
        return { ...common, kind: 'applied' as const, version: saved.version, changed };
      });
    } catch (error) {
      const appError = toAppError(error);
      if (appError.code === 'version_conflict') {
        return {
          ...common,
          kind: 'conflict',
          message: appError.message,
          current: appError.current,
        };
      }
      if (appError.code === 'invalid_settings') {
        return { ...common, kind: 'invalid', message: appError.message, errors: appError.errors };
      }
      const problem = serverProblem(appError);
      return { ...common, ...problem };
    }
  }
}

function countKinds(outcomes: ApplyOutcome[]): Partial<Record<ApplyOutcomeKind, number>> {
  const counts: Partial<Record<ApplyOutcomeKind, number>> = {};
  for (const outcome of outcomes) counts[outcome.kind] = (counts[outcome.kind] ?? 0) + 1;
  return counts;
}
