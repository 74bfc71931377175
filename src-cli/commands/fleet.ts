/**
 * `qbsc fleet plan|apply|drift`: the fleet view's plan and apply, from a source (a server or
 * a profile) to targets (`all`, `env:production`, names), through `fleet:plan` and
 * `fleet:apply`, so each target is saved with If-Match on the version the plan read and gets
 * its own outcome. `apply` shows the plan, asks (again for production targets) unless `--yes`,
 * and shows progress n of N on stderr.
 */

import { randomUUID } from 'node:crypto';
import { Command, Option } from 'commander';
import type { ApplyOutcome, ApplyReport, Plan, PlanTarget } from '../../src-shared/fleet';
import { DEFAULT_FLEET_DEADLINE_MS } from '../../src-shared/fleet-contract';
import { SETTINGS_SECTIONS, type SettingsSection } from '../../src-shared/settings-sections';
import type { Context } from '../context';
import { EXIT, exitCodeOf, type ExitCode } from '../exit-codes';
import { usage } from '../failure';
import { cell, table } from '../output';
import { combinedExit, withYes, type Runner } from '../program';
import { confirm } from '../prompt';
import { resolveSource, resolveTargets } from '../resolve';
import { driftCommand } from './fleet-drift';
import { listServers } from './servers';
import { formatValue } from './settings';
import { agree, plural } from '../../src-shared/plural';

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

/** Reports `events:fleet-progress` of one run on stderr, as "verb n of N: name outcome". */
async function progressNotes(context: Context, runId: string, verb: string): Promise<() => void> {
  const core = await context.core();
  return core.subscribe('events:fleet-progress', (progress) => {
    if (progress.runId !== runId) return;
    const what =
      progress.operation === 'apply'
        ? `${progress.outcome.name}: ${progress.outcome.kind}`
        : progress.operation === 'plan'
          ? `${progress.target.name}: ${progress.target.status}`
          : progress.row.name;
    context.out.note(`${verb} ${progress.done} of ${progress.total}: ${what}`);
  });
}

function targetDetail(target: PlanTarget): string {
  switch (target.status) {
    case 'change':
      return (
        target.changes
          .map(
            (change) =>
              `${change.field} ${formatValue(change.field, change.from)} -> ${formatValue(change.field, change.to)}`,
          )
          .join('; ') +
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

/** The plan as text: one line per target with what would change. */
export function planText(plan: Plan): string {
  const counts = Object.entries(plan.counts)
    .filter(([, count]) => count > 0)
    .map(([status, count]) => `${count} ${status}`)
    .join(', ');
  return [
    `Plan from ${plan.source.kind} ${plan.source.name} (${plan.sections.join(', ')}) to ${plural(plan.targets.length, 'server')}: ${counts}`,
    table(
      ['SERVER', 'ENV', 'STATUS', 'CHANGES'],
      plan.targets.map((target) => [
        target.name,
        cell(target.environment),
        target.status,
        targetDetail(target),
      ]),
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

function reportText(report: ApplyReport): string {
  return [
    table(
      ['SERVER', 'ENV', 'OUTCOME', 'DETAIL'],
      report.outcomes.map((outcome) => [
        outcome.name,
        cell(outcome.environment),
        outcome.kind,
        outcomeDetail(outcome),
      ]),
    ),
    // Core words the reason with its "Stopped:" (the window shows it as it is).
    ...(report.stopped ? [report.stopped] : []),
  ].join('\n');
}

async function plan(context: Context, options: PlanOptions): Promise<void> {
  const made = await makePlan(context, options);
  context.out.result(made, () => planText(made));
}

async function askBeforeApplying(context: Context, changing: PlanTarget[]): Promise<void> {
  const names = changing.map(
    (target) => `${target.name}${target.environment ? ` (${target.environment})` : ''}`,
  );
  await confirm(`Apply these changes to ${names.join(', ')}?`, 'Nothing was applied.');
  const production = changing.filter((target) => target.environment === 'production');
  if (production.length > 0) {
    await confirm(
      `${production.map((target) => target.name).join(', ')} ${agree(production.length, 'is a production server', 'are production servers')}: apply there too?`,
      'Nothing was applied.',
    );
  }
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

async function apply(
  context: Context,
  options: PlanOptions & { yes?: boolean; deadline?: string },
): Promise<ExitCode> {
  const deadline = deadlineSeconds(options.deadline);
  const made = await makePlan(context, options);
  const changing = made.targets.filter((target) => target.status === 'change');
  if (!context.out.json) context.out.result(null, () => planText(made));
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
  context.out.result({ plan: made, report }, () => reportText(report));
  return combinedExit(report.outcomes.map(outcomeExit));
}

function planOptions(command: Command): Command {
  return command
    .requiredOption(
      '--from <source>',
      'a server or a profile (server:<name> or profile:<name> if both)',
    )
    .addOption(
      new Option(
        '--to <targets...>',
        'servers by name or id, all, or env:production|staging|test',
      ).makeOptionMandatory(),
    )
    .option(
      '--sections <sections>',
      `comma-separated: ${SETTINGS_SECTIONS.join(', ')} (default all)`,
    );
}

/** Adds `qbsc fleet ...`. */
export function fleetCommand(runner: Runner): Command {
  const fleet = new Command('fleet').description('plan, apply and check settings across servers');
  planOptions(
    fleet
      .command('plan')
      .description('what applying the source to the targets would change (nothing is changed)'),
  )
    .addHelpText('after', '\nExample:\n  qbsc fleet plan --from "Demo Production" --to all')
    .action(runner.action((context, options: PlanOptions) => plan(context, options)));
  withYes(
    planOptions(
      fleet
        .command('apply')
        .description(
          'plan, confirm, then save on every target in parallel (If-Match on the planned version)',
        ),
    ),
  )
    .option(
      '--deadline <seconds>',
      `how long the apply may take in all; a server still saving then is reported "unknown" (default ${DEFAULT_FLEET_DEADLINE_MS / 60_000} min)`,
    )
    .addHelpText(
      'after',
      '\nExample:\n  qbsc fleet apply --from profile:Hardened --to env:production --sections timeouts --yes',
    )
    .action(
      runner.action((context, options: PlanOptions & { yes?: boolean; deadline?: string }) =>
        apply(context, options),
      ),
    );
  fleet.addCommand(driftCommand(runner));
  return fleet;
}
