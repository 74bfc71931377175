/**
 * `qbsc fleet plan|apply|drift`: the fleet view's plan and apply, from a source (a server or
 * a profile) to targets (`all`, `env:production`, names), through `fleet:plan` and
 * `fleet:apply`, so each target is saved with If-Match on the version the plan read and gets
 * its own outcome. `apply` shows the plan, asks (again for production targets) unless `--yes`,
 * and shows progress n of N on stderr.
 */

import { randomUUID } from 'node:crypto';
import { Command } from 'commander';
import type { ApplyOutcome, ApplyReport, Plan, PlanTarget } from '../../src-shared/fleet';
import { DEFAULT_FLEET_DEADLINE_MS } from '../../src-shared/fleet-contract';
import { SETTINGS_SECTIONS, type SettingsSection } from '../../src-shared/settings-sections';
import type { Context } from '../context';
import { EXIT, exitCodeOf, type ExitCode } from '../exit-codes';
import { changesDiff, fieldCount } from '../changes-text';
import { usage } from '../failure';
import { declareFields } from '../fields';
import { cell, createOutput, type Output } from '../output';
import { combinedExit, withYes, type Runner } from '../program';
import { resolveSource, resolveTargets } from '../resolve';
import { driftCommand } from './fleet-drift';
import { progressNotes, stateColor } from './fleet-progress';
import {
  movedSince,
  readPlanFile,
  replanRequest,
  stalePlan,
  writePlanFile,
} from './fleet-plan-file';
import { askTwiceForProduction, targetName, withDryRun } from './safety';
import { listServers } from './servers';
import { plural } from '../../src-shared/plural';

interface PlanOptions {
  from: string;
  to: string[];
  sections?: string;
}

function sectionsOf(text: string | undefined): SettingsSection[] {
  if (text === undefined || text === 'all') return [...SETTINGS_SECTIONS];
  const sections = text.split(',').map((part) => part.trim());
  for (const section of sections) {
    if (!(SETTINGS_SECTIONS as readonly string[]).includes(section)) {
      throw usage(
        `"${section}" is not a section; use ${SETTINGS_SECTIONS.join(', ')} (comma-separated) or all.`,
      );
    }
  }
  return sections as SettingsSection[];
}

function targetDetail(target: PlanTarget): string {
  switch (target.status) {
    case 'change':
      return (
        fieldCount(target.changes.length) +
        (target.canUpdate ? '' : ' (read-only credentials: the save will be refused)')
      );
    case 'match':
      return 'already matches';
    case 'unreadable':
      return `${target.problem.kind}: ${target.problem.message}`;
    case 'invalid':
      return target.errors.map((error) => `${error.field}: ${error.message}`).join('; ');
  }
}

/**
 * The plan as text: a line per target (its status, how many fields change), then each
 * changing target's fields one per line, before and after, as `ansible --check --diff`.
 */
export function planText(plan: Plan, out: Output = createOutput()): string {
  const counts = Object.entries(plan.counts)
    .filter(([, count]) => count > 0)
    .map(([status, count]) => `${count} ${status}`)
    .join(', ');
  const source = `${plan.source.kind} ${plan.source.name}`;
  return [
    `Plan from ${source} (${plan.sections.join(', ')}) to ${plural(plan.targets.length, 'server')}: ${counts}`,
    out.table(plan.targets, [
      { header: 'SERVER', value: (target) => target.name },
      { header: 'ENV', value: (target) => cell(target.environment) },
      {
        header: 'STATUS',
        value: (target) => target.status,
        color: (text, _, style) => stateColor(text, style),
      },
      { header: 'CHANGES', value: targetDetail, shrink: 'wrap' },
    ]),
    ...plan.targets.flatMap((target) =>
      target.status === 'change'
        ? [
            '',
            changesDiff(
              target.changes,
              {
                before: `${target.name} (version ${target.version})`,
                after: `${target.name} with ${source}`,
              },
              out.style,
            ),
          ]
        : [],
    ),
  ].join('\n');
}

async function makePlan(context: Context, options: PlanOptions): Promise<Plan> {
  const sections = sectionsOf(options.sections);
  const servers = await listServers(context);
  const { profiles } = await context.call('profiles:list', undefined);
  const source = resolveSource(servers, profiles, options.from);
  const targets = resolveTargets(servers, options.to).filter(
    (server) => source.kind !== 'server' || server.id !== source.serverId,
  );
  if (targets.length === 0) throw usage('The targets are only the source itself.');
  const runId = randomUUID();
  const stop = await progressNotes(context, runId, 'read');
  try {
    return await context.call('fleet:plan', {
      source:
        source.kind === 'server'
          ? { kind: 'server', serverId: source.serverId }
          : { kind: 'profile', profileId: source.profileId },
      sections,
      targets: targets.map((server) => server.id),
      runId,
    });
  } finally {
    stop();
  }
}

/** The exit code of one outcome (0 for applied and skipped). */
export function outcomeExit(outcome: ApplyOutcome): ExitCode {
  switch (outcome.kind) {
    case 'applied':
    case 'skipped':
      return EXIT.ok;
    case 'conflict':
      return EXIT.conflict;
    case 'invalid':
      return EXIT.invalid;
    case 'verify_failed':
    case 'unknown':
    case 'not_attempted':
      return EXIT.partial;
    default:
      return exitCodeOf(outcome.code);
  }
}

function outcomeDetail(outcome: ApplyOutcome): string {
  switch (outcome.kind) {
    case 'applied':
      return `version ${outcome.version}: ${outcome.changed.join(', ')}${outcome.answerLost ? " (the server's answer was lost; read back, the values sent are there)" : ''}`;
    case 'skipped':
    case 'not_attempted':
      return outcome.reason;
    case 'conflict':
      return `${outcome.message} (now version ${outcome.current.version}, by ${outcome.current.updatedBy})`;
    default:
      return outcome.message;
  }
}

function reportText(report: ApplyReport, out: Output): string {
  return [
    out.table(report.outcomes, [
      { header: 'SERVER', value: (outcome) => outcome.name },
      { header: 'ENV', value: (outcome) => cell(outcome.environment) },
      {
        header: 'OUTCOME',
        value: (outcome) => outcome.kind,
        color: (text, _, style) => stateColor(text, style),
      },
      { header: 'DETAIL', value: outcomeDetail, shrink: 'wrap' },
    ]),
    // Core words the reason with its "Stopped:" (the window shows it as it is).
    ...(report.stopped ? [report.stopped] : []),
  ].join('\n');
}

/**
 * The exit code of a plan, as terraform's -detailed-exitcode: 2 when a target would change,
 * else the unreadable targets' codes, else 0 (nothing would change).
 */
export function planExit(made: Plan): ExitCode {
  if (made.targets.some((target) => target.status === 'change')) return EXIT.differs;
  return combinedExit(
    made.targets.map((target) =>
      target.status === 'unreadable' ? exitCodeOf(target.problem.code) : EXIT.ok,
    ),
  );
}

async function plan(context: Context, options: PlanOptions & { out?: string }): Promise<ExitCode> {
  requireSourceAndTargets(options);
  const made = await makePlan(context, options);
  if (options.out !== undefined) {
    await writePlanFile(options.out, made);
    context.out.note(
      `Saved the plan to ${options.out}; apply it with: qbsc fleet apply --plan ${options.out}`,
    );
  }
  context.out.result(made, () => planText(made, context.out));
  return planExit(made);
}

/** --from and --to, needed unless the plan comes from a file. */
function requireSourceAndTargets(options: Partial<PlanOptions>): asserts options is PlanOptions {
  if (options.from === undefined) throw usage("required option '--from <source>' not specified");
  if (options.to === undefined || options.to.length === 0) {
    throw usage("required option '--to <targets...>' not specified");
  }
}

/** The saved plan of `file`, planned again; refused (68) when it no longer holds. */
async function replan(context: Context, file: string): Promise<Plan> {
  const saved = await readPlanFile(file);
  const runId = randomUUID();
  const stop = await progressNotes(context, runId, 'read');
  let fresh: Plan;
  try {
    fresh = await context.call('fleet:plan', { ...replanRequest(saved), runId });
  } finally {
    stop();
  }
  const moved = movedSince(saved, fresh);
  if (moved.length > 0) throw stalePlan(file, moved);
  return fresh;
}

async function askBeforeApplying(context: Context, changing: PlanTarget[]): Promise<void> {
  await askTwiceForProduction(
    `Apply these changes to ${changing.map(targetName).join(', ')}?`,
    changing,
    'apply',
    'Nothing was applied.',
  );
  context.out.note('Applying...');
}

/** `--deadline <seconds>`: a whole number from 1 to 86400. */
function deadlineSeconds(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const seconds = Number(text);
  if (!/^\d+$/.test(text.trim()) || seconds < 1 || seconds > 86_400) {
    throw usage(`--deadline must be a whole number of seconds from 1 to 86400, not "${text}".`);
  }
  return seconds;
}

/** The options of `fleet apply`. */
type ApplyOptions = Partial<PlanOptions> & {
  yes?: boolean;
  deadline?: string;
  plan?: string;
  dryRun?: boolean;
};

async function apply(context: Context, options: ApplyOptions): Promise<ExitCode> {
  const deadline = deadlineSeconds(options.deadline);
  const alsoGiven = [options.from, options.to, options.sections].some(
    (given) => given !== undefined,
  );
  if (options.plan !== undefined && alsoGiven) {
    throw usage(
      '--plan takes the source, the targets and the sections from the file: leave out --from, --to and --sections.',
    );
  }
  let made: Plan;
  if (options.plan !== undefined) {
    made = await replan(context, options.plan);
  } else {
    requireSourceAndTargets(options);
    made = await makePlan(context, options);
  }
  if (options.dryRun) {
    context.out.result({ plan: made, report: null, dryRun: true }, () =>
      [planText(made, context.out), 'Dry run: nothing was applied.'].join('\n'),
    );
    return EXIT.ok;
  }
  const changing = made.targets.filter((target) => target.status === 'change');
  if (!context.out.json) context.out.result(null, () => planText(made, context.out));
  if (changing.length === 0) {
    context.out.result(
      { plan: made, report: null },
      () => 'Nothing to apply: no target would change.',
    );
    return combinedExit(
      made.targets.map((target) =>
        target.status === 'unreadable' ? exitCodeOf(target.problem.code) : EXIT.ok,
      ),
    );
  }
  if (!options.yes) await askBeforeApplying(context, changing);
  const runId = randomUUID();
  const stop = await progressNotes(context, runId, 'applied');
  let report: ApplyReport;
  try {
    report = await context.call('fleet:apply', {
      planId: made.id,
      runId,
      ...(deadline !== undefined ? { deadlineSeconds: deadline } : {}),
    });
  } finally {
    stop();
  }
  context.out.result({ plan: made, report }, () => reportText(report, context.out));
  return combinedExit(report.outcomes.map(outcomeExit));
}

function planOptions(command: Command): Command {
  return command
    .option('--from <source>', 'a server or a profile (server:<name> or profile:<name> if both)')
    .option('--to <targets...>', 'servers by name or id, all, or env:production|staging|test')
    .option(
      '--sections <sections>',
      `comma-separated: ${SETTINGS_SECTIONS.join(', ')} (default all)`,
    );
}

/** The fields of a plan's target in JSON. */
const PLAN_TARGET_FIELDS = [
  'serverId',
  'name',
  'environment',
  'status',
  'version',
  'changes',
  'canUpdate',
  'advice',
  'problem',
  'errors',
];

/** Adds `qbsc fleet ...`. */
export function fleetCommand(runner: Runner): Command {
  const fleet = new Command('fleet').description('plan, apply and check settings across servers');
  planOptions(
    declareFields(
      fleet
        .command('plan')
        .description('what applying the source to the targets would change (nothing is changed)'),
      { rows: ['targets'], fields: PLAN_TARGET_FIELDS },
    ),
  )
    .option('--out <file>', 'save the plan (no secret in it; mode 0600) for fleet apply --plan')
    .addHelpText(
      'after',
      '\nExit 0: nothing would change; 2: something would (terraform -detailed-exitcode).\nExample:\n  qbsc fleet plan --from "Demo Production" --to all --out plan.json',
    )
    .action(
      runner.action((context, options: PlanOptions & { out?: string }) => plan(context, options)),
    );
  withDryRun(
    withYes(
      planOptions(
        declareFields(fleet.command('apply'), {
          rows: ['plan.targets', 'report.outcomes'],
          fields: [...PLAN_TARGET_FIELDS, 'kind', 'version', 'changed', 'message'],
        }).description(
          'plan, confirm, then save on every target in parallel (If-Match on the planned version)',
        ),
      ),
    ),
  )
    .option(
      '--plan <file>',
      'apply a plan saved by fleet plan --out; refused (68) if a target moved since',
    )
    .option(
      '--deadline <seconds>',
      `how long the apply may take in all; a server still saving then is reported "unknown" (default ${DEFAULT_FLEET_DEADLINE_MS / 60_000} min)`,
    )
    .addHelpText(
      'after',
      '\nExamples:\n  qbsc fleet apply --from profile:Hardened --to env:production \\\n    --sections timeouts --yes\n  qbsc fleet apply --plan plan.json',
    )
    .action(runner.action((context, options: ApplyOptions) => apply(context, options)));
  fleet.addCommand(driftCommand(runner));
  return fleet;
}
