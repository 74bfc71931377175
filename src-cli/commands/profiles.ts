/**
 * `qbsc profiles list|show|create|assign|unassign`: the named sets of settings kept on this
 * computer (profiles.json, the app's own), and which server follows which.
 */

import { readFile } from 'node:fs/promises';
import { Command } from 'commander';
import type { Profile } from '../../src-shared/fleet';
import { plural } from '../../src-shared/plural';
import { pickSettings, validateSettings, type SessionSettings } from '../../src-shared/settings';
import { nameKey } from '../../src-main/core/profiles/profile-store';
import type { Context } from '../context';
import { EXIT } from '../exit-codes';
import { CliFailure, usage } from '../failure';
import { declareFields } from '../fields';
import type { Runner } from '../program';
import { resolveProfile, resolveServer, shortId } from '../resolve';
import { whenText } from '../time-text';
import { listServers, serverNamed } from './servers';
import { withDryRun } from './safety';
import { settingsTable } from './settings';

async function profilesAndAssignments(context: Context) {
  const value = await context.call('profiles:list', undefined);
  if (value.problem) context.out.note(`warning: ${value.problem.message}`);
  return value;
}

async function list(context: Context): Promise<void> {
  const { profiles, assignments } = await profilesAndAssignments(context);
  const servers = await listServers(context);
  // Names beside ids: each profile with the servers that follow it.
  const followers = (profile: Profile): { id: string; name: string }[] =>
    servers
      .filter((server) => assignments[server.id] === profile.id)
      .map(({ id, name }) => ({ id, name }));
  const rows = profiles.map((profile) => ({ ...profile, servers: followers(profile) }));
  context.out.result({ profiles: rows, assignments }, () =>
    profiles.length === 0
      ? 'No profile yet: create one with qbsc profiles create.'
      : context.out.table(rows, [
          { header: 'NAME', value: (profile) => profile.name },
          { header: 'SERVERS', value: (profile) => String(profile.servers.length) },
          {
            header: 'FOLLOWED BY',
            value: (profile) => profile.servers.map((server) => server.name).join(', '),
            wide: true,
          },
          { header: 'UPDATED', value: (profile) => whenText(profile.updatedAt) },
          { header: 'ID', value: (profile) => shortId(profile.id) },
          { header: 'FULL ID', value: (profile) => profile.id, wide: true },
        ]),
  );
}

async function show(context: Context, name: string): Promise<void> {
  const { profiles, assignments } = await profilesAndAssignments(context);
  const profile = resolveProfile(profiles, name);
  const servers = await listServers(context);
  const following = servers.filter((server) => assignments[server.id] === profile.id);
  context.out.result(
    { profile, servers: following.map(({ id, name: serverName }) => ({ id, name: serverName })) },
    () =>
      [
        `${profile.name} (${profile.id}), updated ${whenText(profile.updatedAt)}`,
        settingsTable(context.out, context.t, profile.settings),
        `Followed by: ${following.length === 0 ? 'no server' : following.map((server) => server.name).join(', ')}`,
      ].join('\n'),
  );
}

async function readSettingsFile(file: string): Promise<unknown> {
  try {
    const text = file === '-' ? await readStdinText() : await readFile(file, 'utf8');
    const parsed = JSON.parse(text) as unknown;
    // The output of `settings get --json` holds the settings under `settings`.
    if (
      typeof parsed === 'object' &&
      parsed !== null &&
      !('timeouts' in parsed) &&
      'settings' in parsed
    ) {
      return (parsed as { settings: unknown }).settings;
    }
    return parsed;
  } catch (error) {
    throw new CliFailure(
      {
        code: 'invalid_request',
        message: `${file === '-' ? 'stdin' : file} is not a JSON file of settings (${error instanceof Error ? error.message : String(error)}).`,
        issues: [{ path: 'settings', message: 'must be JSON' }],
      },
      EXIT.invalid,
    );
  }
}

async function readStdinText(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * `profiles create --dry-run`: the settings read (from the server, or the file) and checked
 * with the rules core applies, the name checked against the profiles, nothing saved.
 */
async function createDryRun(
  context: Context,
  name: string,
  options: { fromServer?: string; settings?: string },
): Promise<void> {
  const { profiles } = await profilesAndAssignments(context);
  if (profiles.some((profile) => nameKey(profile.name) === nameKey(name))) {
    throw new CliFailure(
      {
        code: 'invalid_request',
        message: `A profile named "${name.trim()}" already exists; choose another name.`,
        issues: [{ path: 'name', message: 'already taken' }],
      },
      EXIT.invalid,
    );
  }
  const server = options.fromServer ? await serverNamed(context, options.fromServer) : null;
  const source = server
    ? (await context.call('settings:get', { serverId: server.id })).settings
    : await readSettingsFile(options.settings ?? '-');
  const { errors, advice } = validateSettings(source);
  if (errors.length > 0) {
    throw new CliFailure(
      {
        code: 'invalid_settings',
        message: `The settings have ${plural(errors.length, 'error')}; the profile would not be saved.`,
        errors,
      },
      EXIT.invalid,
    );
  }
  const settings = pickSettings(source as SessionSettings);
  const from = server ? server.name : options.settings === '-' ? 'stdin' : options.settings;
  context.out.result({ profile: { name, settings }, advice, dryRun: true }, () =>
    [
      `Would create profile ${name} from ${from}:`,
      settingsTable(context.out, context.t, settings),
      ...advice.map((issue) => `advice: ${issue.field}: ${issue.message}`),
      'Dry run: nothing was created.',
    ].join('\n'),
  );
}

async function create(
  context: Context,
  name: string,
  options: { fromServer?: string; settings?: string; dryRun?: boolean },
): Promise<void> {
  if (Boolean(options.fromServer) === Boolean(options.settings)) {
    throw usage('Create a profile --from-server <server> or from --settings <file.json>.');
  }
  if (options.dryRun) return createDryRun(context, name, options);
  await context.assertAppNotRunning();
  const from = options.fromServer
    ? { kind: 'server' as const, serverId: (await serverNamed(context, options.fromServer)).id }
    : { kind: 'settings' as const, settings: await readSettingsFile(options.settings ?? '-') };
  const value = await context.call('profiles:create', { name, from });
  context.out.result(value, () =>
    [
      `Created profile ${value.profile.name} (${value.profile.id}).`,
      ...value.advice.map((issue) => `advice: ${issue.field}: ${issue.message}`),
    ].join('\n'),
  );
}

async function assign(
  context: Context,
  profileName: string | null,
  serverNames: string[],
  options: { dryRun?: boolean } = {},
): Promise<void> {
  if (!options.dryRun) await context.assertAppNotRunning();
  const { profiles } = await profilesAndAssignments(context);
  const profile = profileName === null ? null : resolveProfile(profiles, profileName);
  const servers = await listServers(context);
  const chosen = serverNames.map((serverName) => resolveServer(servers, serverName));
  if (options.dryRun) {
    context.out.result(
      {
        servers: chosen.map(({ id, name }) => ({ id, name })),
        profile: profile?.name ?? null,
        dryRun: true,
      },
      () =>
        `Would make ${chosen.map((server) => server.name).join(', ')} follow ${profile ? profile.name : 'no profile'}. Dry run: nothing was changed.`,
    );
    return;
  }
  let assignments: Record<string, string> = {};
  for (const server of chosen) {
    ({ assignments } = await context.call('profiles:assign', {
      serverId: server.id,
      profileId: profile?.id ?? null,
    }));
  }
  const changed = chosen.map((server) => ({
    id: server.id,
    name: server.name,
    profileId: profile?.id ?? null,
    profile: profile?.name ?? null,
  }));
  context.out.result({ servers: changed, assignments }, () =>
    chosen
      .map((server) =>
        profile
          ? `${server.name} now follows ${profile.name}.`
          : `${server.name} follows no profile now.`,
      )
      .join('\n'),
  );
}

/** Adds `qbsc profiles ...`. */
export function profilesCommand(runner: Runner): Command {
  const profiles = new Command('profiles').description(
    'named sets of settings kept on this computer',
  );
  declareFields(profiles.command('list'), {
    rows: ['profiles'],
    fields: ['id', 'name', 'settings', 'createdAt', 'updatedAt', 'servers'],
  })
    .description('the profiles and how many servers follow each')
    .action(runner.action((context) => list(context)));
  profiles
    .command('show')
    .description("a profile's settings and the servers that follow it")
    .argument('<profile>', 'name or id')
    .action(runner.action((context, name: string) => show(context, name)));
  withDryRun(
    profiles
      .command('create')
      .description("a new profile from a server's current settings or a JSON file")
      .argument('<name>', "the new profile's name")
      .option('--from-server <server>', "copy this server's settings")
      .option(
        '--settings <file>',
        'settings as JSON (or the output of settings get --json), - for stdin',
      ),
  ).action(runner.action(create));
  const assignCommand = profiles
    .command('assign')
    .description('make servers follow a profile (one profile per server)')
    .argument('<profile>', 'name or id')
    .argument('<servers...>', 'display names or ids');
  withDryRun(assignCommand).action(
    runner.action((context, name: string, servers: string[], options: { dryRun?: boolean }) =>
      assign(context, name, servers, options),
    ),
  );
  withDryRun(
    profiles
      .command('unassign')
      .description('make servers follow no profile')
      .argument('<servers...>', 'display names or ids'),
  ).action(
    runner.action((context, servers: string[], options: { dryRun?: boolean }) =>
      assign(context, null, servers, options),
    ),
  );
  return profiles;
}
