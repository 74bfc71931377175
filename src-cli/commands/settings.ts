/**
 * `qbsc settings get|set|diff`: a server's session settings. `set` reads the settings and
 * their version, puts in the `field=value` pairs and saves with If-Match on that version
 * (`settings:save`), so a change someone made meanwhile is a conflict (exit 68), never
 * overwritten. `diff` compares a server with another server or a profile.
 */

import { Command } from 'commander';
import {
  FIELD_RULES,
  SETTINGS_FIELDS,
  getField,
  pickSettings,
  validateSettings,
  type SessionSettings,
  type SessionSettingsDocument,
} from '../../src-shared/settings';
import { diffSettings, type FieldChange } from '../../src-shared/settings-diff';
import { changesDiff, valueText } from '../changes-text';
import type { Context } from '../context';
import type { CliTranslator } from '../locale';
import { EXIT, type ExitCode } from '../exit-codes';
import type { ServerView } from '../../src-shared/domain';
import { fromAppError, usage } from '../failure';
import { declareFields } from '../fields';
import type { Output } from '../output';
import { withYes, type Runner } from '../program';
import { resolveProfile } from '../resolve';
import { parseAssignments, withValues } from '../settings-input';
import { whenText } from '../time-text';
import { askTwiceForProduction, targetName, withDryRun } from './safety';
import { serverNamed } from './servers';
import { agree, plural } from '../../src-shared/plural';

export { formatValue } from '../changes-text';

/** The settings as a table: field, value, label (the label cut first when it is too wide). */
export function settingsTable(out: Output, t: CliTranslator, settings: SessionSettings): string {
  return out.table(SETTINGS_FIELDS, [
    { header: t.t('cli.column.field'), value: (field) => field },
    {
      header: t.t('cli.column.value'),
      value: (field) => valueText(t, field, getField(settings, field)),
    },
    {
      header: t.t('cli.column.label'),
      value: (field) => FIELD_RULES[field].label,
      shrink: 'truncate',
    },
  ]);
}

/** The fields of a settings answer, for --json a,b and completion. */
const SETTINGS_ANSWER = ['server', 'settings', 'canUpdate', 'advice'];

async function getSettings(context: Context, name: string): Promise<void> {
  const server = await serverNamed(context, name);
  const value = await context.call('settings:get', { serverId: server.id });
  const { advice } = validateSettings(value.settings);
  const { t } = context;
  const header = t.t('cli.settings.header', {
    server: server.name,
    version: String(value.settings.version),
    updated: whenText(value.settings.updatedAt, Date.now(), t),
    by: value.settings.updatedBy,
  });
  context.out.result({ server: { id: server.id, name: server.name }, ...value, advice }, () =>
    [
      value.canUpdate ? header : `${header} ${t.t('cli.settings.readOnly')}`,
      settingsTable(context.out, t, value.settings),
      ...advice.map((issue) =>
        t.t('cli.settings.advice', { field: issue.field, message: issue.message }),
      ),
    ].join('\n'),
  );
}

async function setSettings(
  context: Context,
  name: string,
  pairs: string[],
  options: { yes?: boolean; dryRun?: boolean },
): Promise<void> {
  if (pairs.length === 0)
    throw usage('Give at least one field=value (e.g. timeouts.idleMinutes=30m).');
  const values = parseAssignments(pairs);
  const server = await serverNamed(context, name);
  const { settings } = await context.call('settings:get', { serverId: server.id });
  const desired = withValues(pickSettings(settings), values);
  if (!(await confirmSave(context, server, settings, desired, options))) return;
  const saved = await context.call('settings:save', {
    serverId: server.id,
    settings: desired,
    baseVersion: settings.version,
  });
  const changes = diffSettings(settings, saved.settings, saved.changed);
  const { advice } = validateSettings(saved.settings);
  context.out.result(
    { server: { id: server.id, name: server.name }, ...saved, changes, advice },
    () =>
      saved.changed.length === 0
        ? `${server.name} already has these values; nothing changed.`
        : [
            `Saved ${server.name} (version ${settings.version} -> ${saved.settings.version}):`,
            ...(saved.answerLost
              ? ["The server's answer was lost; read back, the values sent are there."]
              : []),
            changesDiff(
              changes,
              {
                before: `${server.name} (version ${settings.version})`,
                after: `${server.name} (version ${saved.settings.version})`,
              },
              context.out.style,
            ),
            `The new values apply to NEW sessions only: the ${plural(saved.activeSessions, 'active session')} ${agree(saved.activeSessions, 'keeps', 'keep')} the old ones (qbsc sessions invalidate-all ends them).`,
            ...advice.map((issue) => `advice: ${issue.field}: ${issue.message}`),
          ].join('\n'),
  );
}

/** What a diff compares: a server or a profile, by name (and id). */
interface DiffSide {
  kind: 'server' | 'profile';
  id: string;
  name: string;
  settings: SessionSettings;
}

/** The other side of a diff: another server, `--profile`, or the server's assigned profile. */
async function otherSide(
  context: Context,
  server: { id: string; name: string },
  other: string | undefined,
  profileOption: string | undefined,
): Promise<DiffSide> {
  if (other) {
    const otherServer = await serverNamed(context, other);
    const read = await context.call('settings:get', { serverId: otherServer.id });
    return { kind: 'server', id: otherServer.id, name: otherServer.name, settings: read.settings };
  }
  const { profiles, assignments } = await context.call('profiles:list', undefined);
  const profileName = profileOption ?? assignments[server.id];
  if (!profileName) {
    throw usage(`${server.name} follows no profile: name another server or --profile <profile>.`);
  }
  const profile = resolveProfile(profiles, profileName);
  return { kind: 'profile', id: profile.id, name: profile.name, settings: profile.settings };
}

/** A side as the diff's header names it ("Box A", "profile Hardened"). */
function sideName(side: { kind: string; name: string }): string {
  return side.kind === 'server' ? side.name : `${side.kind} ${side.name}`;
}

async function diffCommand(
  context: Context,
  name: string,
  other: string | undefined,
  options: { profile?: string },
): Promise<ExitCode> {
  if (other && options.profile)
    throw usage('Compare with another server or with --profile, not both.');
  const server = await serverNamed(context, name);
  const { settings } = await context.call('settings:get', { serverId: server.id });
  const to = await otherSide(context, server, other, options.profile);
  // From the first to the second, as diff reads "diff A B": `-` is A's value, `+` is B's.
  const changes: FieldChange[] = diffSettings(settings, to.settings);
  const from = { kind: 'server' as const, id: server.id, name: server.name };
  context.out.result(
    {
      from,
      to: { kind: to.kind, id: to.id, name: to.name },
      server: { id: server.id, name: server.name },
      reference: { kind: to.kind, id: to.id, name: to.name },
      same: changes.length === 0,
      changes,
    },
    () =>
      changes.length === 0
        ? `${server.name} has the same settings as ${sideName(to)}.`
        : changesDiff(changes, { before: sideName(from), after: sideName(to) }, context.out.style),
  );
  return changes.length === 0 ? EXIT.ok : EXIT.differs;
}

/** Changes not saved yet, one field per line: the server's values, then the new ones. */
function pendingDiff(
  context: Context,
  server: ServerView,
  version: number,
  changes: readonly FieldChange[],
): string {
  return changesDiff(
    changes,
    { before: `${server.name} (version ${version})`, after: `${server.name} with the new values` },
    context.out.style,
  );
}

/**
 * Before a save: the changes, then, under --dry-run, nothing more (false); on a production
 * server, the two questions fleet apply asks, unless --yes. Settings the rules refuse are
 * refused here already (65), as the save would refuse them.
 */
async function confirmSave(
  context: Context,
  server: ServerView,
  settings: SessionSettingsDocument,
  desired: SessionSettings,
  options: { yes?: boolean; dryRun?: boolean },
): Promise<boolean> {
  const changes = diffSettings(settings, desired);
  const { errors } = validateSettings(desired);
  if (errors.length > 0) {
    throw fromAppError({
      code: 'invalid_settings',
      message: 'The settings are not valid; nothing was saved.',
      errors,
    });
  }
  if (options.dryRun) {
    context.out.result(
      {
        server: { id: server.id, name: server.name },
        dryRun: true,
        version: settings.version,
        changes,
      },
      () =>
        [
          changes.length === 0
            ? `${server.name} already has these values; nothing would change.`
            : `Would save ${server.name} (version ${settings.version}):\n${pendingDiff(context, server, settings.version, changes)}`,
          'Dry run: nothing was saved.',
        ].join('\n'),
    );
    return false;
  }
  if (options.yes || server.environment !== 'production' || changes.length === 0) return true;
  context.out.note(
    `${server.name} (production), version ${settings.version}:\n${pendingDiff(context, server, settings.version, changes)}`,
  );
  await askTwiceForProduction(
    `Save these changes to ${targetName(server)}?`,
    [server],
    'save',
    'Nothing was saved.',
  );
  return true;
}

/** Adds `qbsc settings ...`. */
export function settingsCommand(runner: Runner): Command {
  const settings = new Command('settings').description("a server's session settings");
  declareFields(
    settings
      .command('get')
      .description('show the settings, their version and the advice')
      .argument('<server>', 'display name or id'),
    { rows: [], fields: SETTINGS_ANSWER },
  ).action(runner.action((context, name: string) => getSettings(context, name)));
  withDryRun(
    withYes(
      declareFields(settings.command('set'), {
        rows: ['changes'],
        fields: ['field', 'from', 'to'],
      }),
    ),
  )
    .description(
      'change fields, saved with If-Match on the version read (a change meanwhile is a conflict)',
    )
    .argument('<server>', 'display name or id')
    .argument('<field=value...>', `fields: ${SETTINGS_FIELDS.join(', ')}`)
    .addHelpText(
      'after',
      '\nDurations take a unit: 30 or 30m (minutes), 1.5h, 2d. Booleans: true/false.\nExample:\n  qbsc settings set "Box A" timeouts.idleMinutes=20m \\\n    timeouts.sessionMinutes=8h persistence.cookie.secure=true',
    )
    .action(runner.action(setSettings));
  declareFields(settings.command('diff'), {
    rows: ['changes'],
    fields: ['field', 'from', 'to'],
  })
    .description(
      'compare with another server or a profile (default: its assigned one), from the first to the second; exit 2 when they differ',
    )
    .argument('<server>', 'display name or id')
    .argument('[other]', 'another server')
    .option('--profile <profile>', 'compare with this profile')
    .action(runner.action(diffCommand));
  return settings;
}
