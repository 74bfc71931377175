/**
 * `qbsc settings get|set|diff`: a server's session settings. `set` reads the settings and
 * their version, puts in the `field=value` pairs and saves with If-Match on that version
 * (`settings:save`), so a change someone made meanwhile is a conflict (exit 68), never
 * overwritten. `diff` compares a server with another server or a profile.
 */

import { Command } from 'commander';
import { formatMinutes } from '../../src-shared/duration';
import {
  FIELD_RULES,
  SETTINGS_FIELDS,
  getField,
  pickSettings,
  validateSettings,
  type SessionSettings,
  type SessionSettingsDocument,
  type SettingsField,
} from '../../src-shared/settings';
import { diffSettings, type FieldChange, type SettingsValue } from '../../src-shared/settings-diff';
import type { Context } from '../context';
import { EXIT, type ExitCode } from '../exit-codes';
import type { ServerView } from '../../src-shared/domain';
import { fromAppError, usage } from '../failure';
import { table } from '../output';
import { withYes, type Runner } from '../program';
import { resolveProfile } from '../resolve';
import { parseAssignments, withValues } from '../settings-input';
import { askTwiceForProduction, targetName, withDryRun } from './safety';
import { serverNamed } from './servers';
import { agree, plural } from '../../src-shared/plural';

/** A value as people read it: durations with their unit, days with theirs. */
export function formatValue(field: SettingsField, value: SettingsValue): string {
  const rule = FIELD_RULES[field];
  if (rule.kind === 'integer' && typeof value === 'number') {
    if (rule.unit === 'minutes')
      return value >= 60 ? `${value} min (${formatMinutes(value)})` : `${value} min`;
    return `${value} ${rule.unit}`;
  }
  return String(value);
}

/** The changes as a table: field, from, to. */
export function changesTable(changes: readonly FieldChange[]): string {
  return table(
    ['FIELD', 'FROM', 'TO'],
    changes.map((change) => [
      change.field,
      formatValue(change.field, change.from),
      formatValue(change.field, change.to),
    ]),
  );
}

function settingsTable(settings: SessionSettings): string {
  return table(
    ['FIELD', 'VALUE', 'LABEL'],
    SETTINGS_FIELDS.map((field) => [
      field,
      formatValue(field, getField(settings, field)),
      FIELD_RULES[field].label,
    ]),
  );
}

async function getSettings(context: Context, name: string): Promise<void> {
  const server = await serverNamed(context, name);
  const value = await context.call('settings:get', { serverId: server.id });
  const { advice } = validateSettings(value.settings);
  context.out.result({ server: { id: server.id, name: server.name }, ...value, advice }, () =>
    [
      `${server.name}: version ${value.settings.version}, updated ${value.settings.updatedAt} by ${value.settings.updatedBy}${value.canUpdate ? '' : ' (read-only: the credentials lack admin.settings.update)'}`,
      settingsTable(value.settings),
      ...advice.map((issue) => `advice: ${issue.field}: ${issue.message}`),
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
            changesTable(changes),
            `The new values apply to NEW sessions only: the ${plural(saved.activeSessions, 'active session')} ${agree(saved.activeSessions, 'keeps', 'keep')} the old ones (qbsc sessions invalidate-all ends them).`,
            ...advice.map((issue) => `advice: ${issue.field}: ${issue.message}`),
          ].join('\n'),
  );
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
  let reference: { kind: 'server' | 'profile'; name: string; settings: SessionSettings };
  if (other) {
    const otherServer = await serverNamed(context, other);
    const read = await context.call('settings:get', { serverId: otherServer.id });
    reference = { kind: 'server', name: otherServer.name, settings: read.settings };
  } else {
    const { profiles, assignments } = await context.call('profiles:list', undefined);
    const profileName = options.profile ?? assignments[server.id];
    if (!profileName) {
      throw usage(`${server.name} follows no profile: name another server or --profile <profile>.`);
    }
    const profile = resolveProfile(profiles, profileName);
    reference = { kind: 'profile', name: profile.name, settings: profile.settings };
  }
  const changes = diffSettings(reference.settings, settings);
  context.out.result(
    {
      server: { id: server.id, name: server.name },
      reference: { kind: reference.kind, name: reference.name },
      same: changes.length === 0,
      changes,
    },
    () =>
      changes.length === 0
        ? `${server.name} has the same settings as ${reference.kind} ${reference.name}.`
        : [
            `From ${reference.kind} ${reference.name} to ${server.name}:`,
            changesTable(changes),
          ].join('\n'),
  );
  return changes.length === 0 ? EXIT.ok : EXIT.differs;
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
            : `Would save ${server.name} (version ${settings.version}):\n${changesTable(changes)}`,
          'Dry run: nothing was saved.',
        ].join('\n'),
    );
    return false;
  }
  if (options.yes || server.environment !== 'production' || changes.length === 0) return true;
  context.out.note(
    `${server.name} (production), version ${settings.version}:\n${changesTable(changes)}`,
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
  settings
    .command('get')
    .description('show the settings, their version and the advice')
    .argument('<server>', 'display name or id')
    .action(runner.action((context, name: string) => getSettings(context, name)));
  withDryRun(withYes(settings.command('set')))
    .description(
      'change fields, saved with If-Match on the version read (a change meanwhile is a conflict)',
    )
    .argument('<server>', 'display name or id')
    .argument('<field=value...>', `fields: ${SETTINGS_FIELDS.join(', ')}`)
    .addHelpText(
      'after',
      '\nDurations take a unit: 30 or 30m (minutes), 1.5h, 2d. Booleans: true/false. Example:\n  qbsc settings set "Box A" timeouts.idleMinutes=20m timeouts.sessionMinutes=8h persistence.cookie.secure=true',
    )
    .action(runner.action(setSettings));
  settings
    .command('diff')
    .description(
      'compare with another server or a profile (default: its assigned one); exit 2 when they differ',
    )
    .argument('<server>', 'display name or id')
    .argument('[other]', 'another server')
    .option('--profile <profile>', 'compare with this profile')
    .action(runner.action(diffCommand));
  return settings;
}
