/**
 * Plans: what applying a source's chosen sections, or some of their fields (a server's
 * current values or a profile) would change on each target, read in parallel (bounded) with one progress event per
 * target. Each plan keeps the version every target was read at and the values it would
 * send; the apply takes a plan by id, so what is saved is exactly what the admin confirmed.
 */

import { randomUUID } from 'node:crypto';
import {
  isReadRow,
  type Plan,
  type PlanSource,
  type PlanTarget,
  type PlanTargetStatus,
} from '../../src-shared/fleet';
import type { ParsedRequestOf } from '../../src-shared/ipc-contract';
import { diffSettings, mergeFields } from '../../src-shared/settings-diff';
import { SETTINGS_SECTIONS, fieldsOf } from '../../src-shared/settings-sections';
import {
  pickSettings,
  validateSettings,
  type SessionSettings,
  type SettingsField,
} from '../../src-shared/settings';
import { mapBounded } from './bounded';
import { CoreError, fail } from './core-error';
import type { Deadline } from './deadline';
import { progressOf, readDeadline, readRow, type FleetDependencies } from './fleet-snapshot';
import { failProfileGone } from './profile-service';
import { failServerGone } from './client-pool';

/** How many plans are kept for an apply (the oldest go first). */
export const KEPT_PLANS = 50;

/** A plan with what main needs to apply it: the values each changed target gets. */
export interface StoredPlan {
  plan: Plan;
  /** Server id -> the complete settings to send (targets with status `change` only). */
  desired: Map<string, SessionSettings>;
}

/** A plan request, as `fleet:plan` and `fleet:retry-failed` make it. */
export type PlanRequest = Omit<ParsedRequestOf<'fleet:plan'>, 'targets'> & { targets: string[] };

/** Fails with not_found for a plan that is not kept (any more). */
export function failPlanGone(): never {
  return fail({
    code: 'not_found',
    message: 'That plan is not kept any more (only the latest plans are kept); plan again.',
    what: 'plan',
  });
}

/** `fleet:plan`, and the plans kept for `fleet:apply`. */
export class FleetPlanner {
  private readonly plans = new Map<string, StoredPlan>();

  constructor(private readonly deps: FleetDependencies) {}

  /** A kept plan, or not_found. */
  get(planId: string): StoredPlan {
    return this.plans.get(planId) ?? failPlanGone();
  }

  /** Reads the source and every target, and keeps the plan. */
  async plan(request: PlanRequest): Promise<Plan> {
    const runId = request.runId ?? randomUUID();
    const sections = SETTINGS_SECTIONS.filter((section) => request.sections.includes(section));
    const chosen = request.fields;
    const fields = fieldsOf(sections).filter((field) => !chosen || chosen.includes(field));
    if (fields.length === 0) {
      fail({
        code: 'invalid_request',
        message: 'None of the chosen fields is in the chosen sections.',
        issues: [{ path: 'fields', message: 'must name a field of the chosen sections' }],
      });
    }
    const source = await this.source(request.source);
    const targets = [...new Set(request.targets)];
    const desired = new Map<string, SessionSettings>();
    const progress = progressOf(this.deps.bus, runId, targets.length);
    const deadline = readDeadline(this.deps);
    const planned = await mapBounded(
      targets,
      request.concurrency ?? this.deps.concurrency,
      async (serverId) => {
        const target = await this.target(serverId, source.settings, fields, desired, deadline);
        progress({ operation: 'plan', target });
        return target;
      },
    ).finally(() => deadline.end());
    const counts: Record<PlanTargetStatus, number> = {
      change: 0,
      match: 0,
      unreadable: 0,
      invalid: 0,
    };
    for (const target of planned) counts[target.status] += 1;
    const plan: Plan = {
      id: randomUUID(),
      createdAt: new Date(this.deps.clock()).toISOString(),
      source: { ...request.source, name: source.name },
      sourceSettings: source.settings,
      sections,
      fields,
      targets: planned,
      counts,
    };
    this.plans.set(plan.id, { plan, desired });
    for (const id of this.plans.keys()) {
      if (this.plans.size <= KEPT_PLANS) break;
      this.plans.delete(id);
    }
    return plan;
  }

  private async source(source: PlanSource): Promise<{ name: string; settings: SessionSettings }> {
    if (source.kind === 'profile') {
      const profile = this.deps.profiles.get(source.profileId) ?? failProfileGone();
      return { name: profile.name, settings: profile.settings };
    }
    const server = this.deps.registry.get(source.serverId) ?? failServerGone();
    try {
      const { settings } = await this.deps.settings.getSettings(server.id);
      return { name: server.name, settings: pickSettings(settings) };
    } catch (error) {
      if (!(error instanceof CoreError)) throw error;
      throw new CoreError({
        ...error.appError,
        message: `The source server ${server.name} could not be read: ${error.appError.message}`,
      });
    }
  }

  private async target(
    serverId: string,
    source: SessionSettings,
    fields: SettingsField[],
    desired: Map<string, SessionSettings>,
    deadline: Deadline,
  ): Promise<PlanTarget> {
    const server = this.deps.registry.get(serverId);
    if (!server) {
      return {
        serverId,
        name: serverId,
        environment: null,
        status: 'unreadable',
        problem: { kind: 'failed', code: 'not_found', message: 'Not in the server list any more.' },
      };
    }
    const common = { serverId, name: server.name, environment: server.environment };
    const row = await readRow(this.deps, server, undefined, deadline);
    if (!isReadRow(row)) return { ...common, status: 'unreadable', problem: row.problem };
    const version = row.settings.version;
    const next = mergeFields(row.settings, source, fields);
    const changes = diffSettings(row.settings, next, fields);
    if (changes.length === 0) return { ...common, status: 'match', version };
    const { errors, advice } = validateSettings(next);
    if (errors.length > 0) return { ...common, status: 'invalid', version, errors };
    desired.set(serverId, next);
    return { ...common, status: 'change', version, changes, canUpdate: row.canUpdate, advice };
  }
}
