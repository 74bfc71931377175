/**
 * `qbsc drift show|revert|adopt|accept`: one server's drift from its assigned profile and
 * the app's verdicts on it. `show` reads the server now and compares (exit 0 matches, 2
 * drifted, as `fleet drift`); `revert` plans the profile's values onto the server through
 * `fleet:plan` (the app's revert: the same plan, If-Match on the version read, the same
 * questions as fleet apply); `adopt` and `accept` are core's DriftService verdicts
 * (`drift:adopt`, `drift:accept`), which change the app's local files.
 */

import { agree, plural } from '../../src-shared/plural';
import { randomUUID } from 'node:crypto';
import { Command } from 'commander';
import type { ServerView } from '../../src-shared/domain';
import { exceptionHolds, type ServerDrift } from '../../src-shared/drift';
import type { Profile } from '../../src-shared/fleet';
import { pickSettings, SETTINGS_FIELDS, type SettingsField } from '../../src-shared/settings';
import { diffSettings, type FieldChange } from '../../src-shared/settings-diff';
import { sectionOf } from '../../src-shared/settings-sections';
import type { Context } from '../context';
import { EXIT, type ExitCode } from '../exit-codes';
import { CliFailure, usage } from '../failure';
import { declareFields } from '../fields';
import type { Column } from '../render-table';
import { combinedExit, withYes, type Runner } from '../program';
import { resolveProfile } from '../resolve';
import { sinceTime } from '../since';
import { outcomeExit, planText } from './fleet';
import { askTwiceForProduction, targetName, withDryRun } from './safety';
import { serverNamed } from './servers';
import { changesDiff, formatValue } from '../changes-text';
import { localTime, whenText } from '../time-text';

/** One drifted field as shown: the profile's value, the server's, who and since when. */
interface ShownField extends FieldChange {
  since: string | null;
  by: string | null;
  acceptedUntil: string | null;
}

interface DriftState {
  server: ServerView;
  profile: Profile;
  version: number;
  fields: ShownField[];
}

function field(text: string): SettingsField {
  if ((SETTINGS_FIELDS as readonly string[]).includes(text)) return text as SettingsField;
  throw usage(`"${text}" is not a settings field; the fields are ${SETTINGS_FIELDS.join(', ')}.`);
}

/** The server's drift now: its settings read and compared with its profile. */
async function driftNow(context: Context, name: string): Promise<DriftState> {
  const server = await serverNamed(context, name);
  const { profiles, assignments } = await context.call('profiles:list', undefined);
  const profileId = assignments[server.id];
  if (!profileId) {
    throw new CliFailure(
      {
        code: 'not_found',
        what: 'profile',
        message: `${server.name} follows no profile, so it cannot drift (qbsc profiles assign <profile> "${server.name}").`,
      },
      EXIT.notFound,
    );
  }
  const profile = resolveProfile(profiles, profileId);
  const { settings } = await context.call('settings:get', { serverId: server.id });
  const { servers } = await context.call('drift:list', {});
  const kept: ServerDrift | undefined = servers.find((entry) => entry.serverId === server.id);
  const now = Date.now();
  const fields = diffSettings(profile.settings, pickSettings(settings)).map((change) => {
    const known =
      kept?.profileId === profileId ? kept.fields.find((f) => f.field === change.field) : undefined;
    return {
      ...change,
      since: known?.since ?? null,
      by: known?.by ?? null,
      acceptedUntil: exceptionHolds(known?.acceptedUntil, now)
        ? (known?.acceptedUntil ?? null)
        : null,
    };
  });
  return { server, profile, version: settings.version, fields };
}

/** The columns of `drift show`: the profile's value, the server's, who, since when, verdict. */
function fieldColumns(now: number): Column<ShownField>[] {
  return [
    { header: 'FIELD', value: (entry) => entry.field },
    { header: 'PROFILE', value: (entry) => formatValue(entry.field, entry.from), shrink: 'wrap' },
    { header: 'SERVER', value: (entry) => formatValue(entry.field, entry.to), shrink: 'wrap' },
    { header: 'BY', value: (entry) => entry.by ?? '-', shrink: 'truncate' },
    { header: 'SINCE', value: (entry) => (entry.since ? whenText(entry.since, now) : '-') },
    {
      header: 'VERDICT',
      value: (entry) =>
        entry.acceptedUntil ? `accepted until ${localTime(entry.acceptedUntil)}` : 'drifted',
    },
  ];
}

/** The fields of a drifted field in JSON. */
const SHOWN_FIELDS = ['field', 'from', 'to', 'since', 'by', 'acceptedUntil'];

async function show(context: Context, name: string): Promise<ExitCode> {
  const state = await driftNow(context, name);
  const drifted = state.fields.filter((entry) => entry.acceptedUntil === null);
  context.out.result(
    {
      server: { id: state.server.id, name: state.server.name },
      profile: { id: state.profile.id, name: state.profile.name },
      version: state.version,
      drifted: drifted.length > 0,
      fields: state.fields,
    },
    () =>
      state.fields.length === 0
        ? `${state.server.name} matches its profile ${state.profile.name}.`
        : [
            `${state.server.name} (version ${state.version}) against its profile ${state.profile.name}:`,
            context.out.table(state.fields, fieldColumns(Date.now())),
          ].join('\n'),
  );
  return drifted.length > 0 ? EXIT.differs : EXIT.ok;
}

async function revert(
  context: Context,
  name: string,
  names: string[],
  options: { yes?: boolean; dryRun?: boolean },
): Promise<ExitCode> {
  const chosen = names.map(field);
  const state = await driftNow(context, name);
  const differing = new Set(state.fields.map((entry) => entry.field));
  for (const each of chosen) {
    if (!differing.has(each))
      throw usage(`${each} of ${state.server.name} has its profile's value already.`);
  }
  // By default every drifted field; an accepted exception only when named.
  const fields =
    chosen.length > 0
      ? chosen
      : state.fields.filter((entry) => entry.acceptedUntil === null).map((entry) => entry.field);
  if (fields.length === 0) {
    context.out.result(
      { server: { id: state.server.id, name: state.server.name }, plan: null, report: null },
      () => `${state.server.name} has no drifted field to revert.`,
    );
    return EXIT.ok;
  }
  const plan = await context.call('fleet:plan', {
    source: { kind: 'profile', profileId: state.profile.id },
    sections: [...new Set(fields.map(sectionOf))],
    fields,
    targets: [state.server.id],
    runId: randomUUID(),
  });
  if (options.dryRun) {
    context.out.result({ plan, report: null, dryRun: true }, () =>
      [planText(plan, context.out), 'Dry run: nothing was reverted.'].join('\n'),
    );
    return EXIT.ok;
  }
  if (!context.out.json) context.out.result(null, () => planText(plan, context.out));
  const changing = plan.targets.filter((target) => target.status === 'change');
  if (changing.length === 0) {
    context.out.result({ plan, report: null }, () => 'Nothing to revert.');
    return EXIT.ok;
  }
  if (!options.yes) {
    await askTwiceForProduction(
      `Revert ${fields.join(', ')} of ${targetName(state.server)} to ${state.profile.name}'s values?`,
      [state.server],
      'revert',
      'Nothing was reverted.',
    );
  }
  const report = await context.call('fleet:apply', { planId: plan.id, runId: randomUUID() });
  context.out.result({ plan, report }, () =>
    report.outcomes
      .map((outcome) =>
        outcome.kind === 'applied'
          ? `Reverted ${outcome.changed.join(', ')} of ${outcome.name} (now version ${outcome.version}).`
          : `${outcome.name}: ${outcome.kind}: ${'message' in outcome ? outcome.message : 'reason' in outcome ? outcome.reason : ''}`,
      )
      .join('\n'),
  );
  return combinedExit(report.outcomes.map(outcomeExit));
}

async function adopt(
  context: Context,
  name: string,
  fieldName: string,
  options: { dryRun?: boolean },
): Promise<void> {
  const chosen = field(fieldName);
  const state = await driftNow(context, name);
  const change = state.fields.find((entry) => entry.field === chosen);
  if (!change) throw usage(`${chosen} of ${state.server.name} has its profile's value already.`);
  const profile = { id: state.profile.id, name: state.profile.name };
  // The profile's value before, the server's after: one field per line, as settings set shows.
  const changes: FieldChange[] = [{ field: chosen, from: change.from, to: change.to }];
  const diff = changesDiff(
    changes,
    {
      before: `profile ${state.profile.name}`,
      after: `profile ${state.profile.name} with ${state.server.name}'s value`,
    },
    context.out.style,
  );
  if (options.dryRun) {
    context.out.result({ profile, changes, dryRun: true }, () =>
      [
        `Would copy ${chosen} of ${state.server.name} into its profile ${state.profile.name}:`,
        diff,
        'Dry run: nothing was changed.',
      ].join('\n'),
    );
    return;
  }
  await context.assertAppNotRunning();
  const value = await context.call('drift:adopt', { serverId: state.server.id, field: chosen });
  const others = value.servers.filter(
    (entry) => entry.serverId !== state.server.id && entry.fields.length > 0,
  );
  context.out.result({ ...value, changes }, () =>
    [
      `Copied ${chosen} of ${state.server.name} into its profile ${state.profile.name}:`,
      diff,
      ...(others.length > 0
        ? [
            `${plural(others.length, 'other server')} following ${state.profile.name} now ${agree(others.length, 'differs', 'differ')} from it (qbsc fleet drift).`,
          ]
        : []),
    ].join('\n'),
  );
}

/** `--until`: a date (2027-01-31, the start of that day here), a date and time, or 30d ahead. */
export function untilTime(text: string, now: number = Date.now()): string {
  const ahead = /^\+?(\d+(?:\.\d+)?)\s*(m|min|h|d)$/i.exec(text.trim());
  const at = ahead
    ? 2 * now - sinceTime(`${ahead[1]}${ahead[2]}`, now)
    : /^\d{4}-\d{2}-\d{2}$/.test(text.trim())
      ? new Date(`${text.trim()}T00:00`).getTime()
      : Date.parse(text.trim());
  if (!Number.isFinite(at)) {
    throw usage(
      `--until takes a date (2027-01-31), a date and time, or a time ahead (30d), not "${text}".`,
    );
  }
  if (at <= now) throw usage(`--until ${text} is not in the future.`);
  return new Date(at).toISOString();
}

async function accept(
  context: Context,
  name: string,
  fieldName: string,
  options: { until?: string; clear?: boolean; dryRun?: boolean },
): Promise<void> {
  const chosen = field(fieldName);
  if ((options.until === undefined) === (options.clear !== true)) {
    throw usage('Give --until <date> (accept until then) or --clear (remove the exception).');
  }
  const until = options.clear ? null : untilTime(options.until ?? '');
  const server = await serverNamed(context, name);
  const what =
    until === null
      ? `the exception for ${chosen} of ${server.name} removed`
      : `${chosen} of ${server.name} accepted as an exception until ${localTime(until)}`;
  if (options.dryRun) {
    context.out.result(
      { server: { id: server.id, name: server.name }, field: chosen, until, dryRun: true },
      () => `Would have ${what}. Dry run: nothing was changed.`,
    );
    return;
  }
  await context.assertAppNotRunning();
  const value = await context.call('drift:accept', { serverId: server.id, field: chosen, until });
  context.out.result(value, () => `${what[0]?.toUpperCase() ?? ''}${what.slice(1)}.`);
}

/** Adds `qbsc drift ...`. */
export function driftCommands(runner: Runner): Command {
  const drift = new Command('drift').description(
    "one server's drift from its profile, and the verdicts on it",
  );
  declareFields(drift.command('show'), { rows: ['fields'], fields: SHOWN_FIELDS })
    .description('the fields that differ from the profile, read now; exit 0 matches, 2 drifted')
    .argument('<server>', 'display name or id')
    .action(runner.action((context, name: string) => show(context, name)));
  withDryRun(
    withYes(
      declareFields(drift.command('revert'), {
        rows: ['plan.targets', 'report.outcomes'],
        fields: ['serverId', 'name', 'status', 'changes', 'kind', 'version', 'changed', 'message'],
      })
        .description("put the profile's values back (a plan, confirmed as fleet apply is)")
        .argument('<server>', 'display name or id')
        .argument('[field...]', 'the fields (default: every drifted field not accepted)'),
    ),
  ).action(runner.action(revert));
  withDryRun(
    drift
      .command('adopt')
      .description("copy the server's value of a field into its profile")
      .argument('<server>', 'display name or id')
      .argument('<field>', 'a settings field, e.g. timeouts.idleMinutes'),
  ).action(runner.action(adopt));
  withDryRun(
    drift
      .command('accept')
      .description(
        "accept the server's value of a field as an exception until a date (or --clear it)",
      )
      .argument('<server>', 'display name or id')
      .argument('<field>', 'a settings field, e.g. timeouts.idleMinutes')
      .option('--until <date>', 'until when: 2027-01-31, a date and time, or 30d ahead')
      .option('--clear', 'remove the exception'),
  ).action(runner.action(accept));
  return drift;
}
