/**
 * `fleet plan --out plan.json` and `fleet apply --plan plan.json`: a plan saved for later, as
 * terraform's saved plans are. The file holds what the plan read and would do (the source,
 * the sections and fields, each target's version, status and changes), never a secret, and
 * is written owner-only (0600). Applying it plans again and refuses (exit 68, nothing
 * applied) when a target's version, status or changes are not what was saved: a target moved
 * or the source changed since, and the reviewed plan is no longer what would happen.
 */

import { chmod, readFile, writeFile } from 'node:fs/promises';
import { z } from 'zod';
import { ENVIRONMENTS } from '../../src-shared/domain';
import type { Plan, PlanSource, PlanTarget } from '../../src-shared/fleet';
import { SETTINGS_FIELDS, type SettingsField } from '../../src-shared/settings';
import type { FieldChange } from '../../src-shared/settings-diff';
import { SETTINGS_SECTIONS } from '../../src-shared/settings-sections';
import { EXIT } from '../exit-codes';
import { CliFailure, usage } from '../failure';

/** What the first line of a saved plan says it is. */
export const PLAN_FILE_FORMAT = 'quickbox-session-companion/qbsc-plan';

const field = z.enum(SETTINGS_FIELDS as [SettingsField, ...SettingsField[]]);
const value = z.union([z.number(), z.boolean(), z.string().max(1000)]);
const id = z.string().min(1).max(100);
const name = z.string().max(500);

const savedTarget = z.strictObject({
  serverId: id,
  name,
  environment: z.enum(ENVIRONMENTS).nullable(),
  status: z.enum(['change', 'match', 'unreadable', 'invalid']),
  version: z.number().int().min(0).nullable(),
  changes: z.array(z.strictObject({ field, from: value, to: value })).max(SETTINGS_FIELDS.length),
});

const planFileSchema = z.strictObject({
  format: z.literal(PLAN_FILE_FORMAT),
  version: z.literal(1),
  savedAt: z.string().max(100),
  source: z.union([
    z.strictObject({ kind: z.literal('server'), serverId: id, name }),
    z.strictObject({ kind: z.literal('profile'), profileId: id, name }),
  ]),
  sections: z.array(z.enum(SETTINGS_SECTIONS)).min(1).max(SETTINGS_SECTIONS.length),
  fields: z.array(field).min(1).max(SETTINGS_FIELDS.length),
  targets: z.array(savedTarget).min(1).max(1000),
});

/** A plan as saved in a file. */
export type SavedPlan = z.infer<typeof planFileSchema>;
type SavedTarget = SavedPlan['targets'][number];

function savedTargetOf(target: PlanTarget): SavedTarget {
  return {
    serverId: target.serverId,
    name: target.name,
    environment: target.environment,
    status: target.status,
    version: 'version' in target ? target.version : null,
    changes: target.status === 'change' ? target.changes : [],
  };
}

/** The saved form of a plan: its request and what it read, nothing else. */
export function savedPlanOf(plan: Plan, now: Date = new Date()): SavedPlan {
  const source: SavedPlan['source'] =
    plan.source.kind === 'server'
      ? { kind: 'server', serverId: plan.source.serverId, name: plan.source.name }
      : { kind: 'profile', profileId: plan.source.profileId, name: plan.source.name };
  return {
    format: PLAN_FILE_FORMAT,
    version: 1,
    savedAt: now.toISOString(),
    source,
    sections: plan.sections,
    fields: plan.fields,
    targets: plan.targets.map(savedTargetOf),
  };
}

/** Writes the plan to `file`, readable by its owner only (it names servers and their values). */
export async function writePlanFile(file: string, plan: Plan): Promise<void> {
  const text = `${JSON.stringify(savedPlanOf(plan), null, 2)}\n`;
  try {
    await writeFile(file, text, { mode: 0o600 });
    // An existing file keeps its mode through writeFile: made owner-only here too.
    await chmod(file, 0o600);
  } catch (error) {
    throw usage(`The plan cannot be written to ${file} (${(error as Error).message}).`);
  }
}

/** The plan saved in `file`, checked (a file that is not one is refused, exit 65). */
export async function readPlanFile(file: string): Promise<SavedPlan> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw usage(`The plan file ${file} cannot be read (${(error as Error).message}).`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  const parsed = planFileSchema.safeParse(json);
  if (!parsed.success) {
    throw new CliFailure(
      {
        code: 'invalid_request',
        message: `${file} is not a plan saved by qbsc fleet plan --out; nothing was applied.`,
        issues: [],
      },
      EXIT.invalid,
    );
  }
  return parsed.data;
}

/** The `fleet:plan` request that makes the saved plan again. */
export function replanRequest(saved: SavedPlan): {
  source: PlanSource;
  sections: SavedPlan['sections'];
  fields: SettingsField[];
  targets: string[];
} {
  const source: PlanSource =
    saved.source.kind === 'server'
      ? { kind: 'server', serverId: saved.source.serverId }
      : { kind: 'profile', profileId: saved.source.profileId };
  return {
    source,
    sections: saved.sections,
    fields: saved.fields,
    targets: saved.targets.map((target) => target.serverId),
  };
}

function changesText(changes: readonly FieldChange[]): string {
  return JSON.stringify(changes.map((change) => [change.field, change.from, change.to]));
}

/** How each target moved since the plan was saved (none: the saved plan still holds). */
export function movedSince(saved: SavedPlan, fresh: Plan): string[] {
  const moved: string[] = [];
  for (const before of saved.targets) {
    const target = fresh.targets.find((entry) => entry.serverId === before.serverId);
    if (!target) {
      moved.push(`${before.name} is no longer a target`);
      continue;
    }
    const now = savedTargetOf(target);
    if (now.version !== before.version) {
      moved.push(
        `${before.name} is at version ${now.version ?? '(unreadable)'}, the plan read version ${before.version ?? '(unreadable)'}`,
      );
    } else if (now.status !== before.status) {
      moved.push(`${before.name} would now be "${now.status}", the plan said "${before.status}"`);
    } else if (changesText(now.changes) !== changesText(before.changes)) {
      moved.push(`${before.name} would get other changes (the source changed since)`);
    }
  }
  return moved;
}

/** The refusal of a saved plan that no longer holds (exit 68, nothing applied). */
export function stalePlan(file: string, moved: readonly string[]): CliFailure {
  return new CliFailure(
    {
      code: 'plan_outdated',
      message: `The plan in ${file} is out of date: ${moved.join('; ')}. Nothing was applied.`,
    },
    EXIT.conflict,
    'Make a new plan (qbsc fleet plan ... --out <file>), review it, and apply that one.',
  );
}
