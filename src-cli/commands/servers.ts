/**
 * `qbsc servers list|add|remove|test`: the registered servers, through the handlers of the
 * app's server list. `add` reads the password or API key at a no-echo prompt or from stdin,
 * never from an argument, and, for a self-signed certificate, pins only a fingerprint the
 * admin has seen (`--pin`, or yes at the prompt after it is shown).
 */

import { Command, Option } from 'commander';
import type { CertificateInfo, Credentials, ServerView } from '../../src-shared/domain';
import { ENVIRONMENTS } from '../../src-shared/domain';
import { mixedScriptWarning } from '../../src-shared/host-scripts';
import type { ServerDraft } from '../../src-shared/ipc-contract';
import type { Context } from '../context';
import type { CliTranslator } from '../locale';
import { EXIT, type ExitCode } from '../exit-codes';
import { CliFailure, fromAppError, usage } from '../failure';
import { declareFields } from '../fields';
import { cell } from '../output';
import type { Column } from '../render-table';
import { shortId } from '../resolve';
import { whenText } from '../time-text';
import { combinedExit, withYes, type Runner } from '../program';
import { confirm, readSecret } from '../prompt';
import { resolveServer } from '../resolve';
import { muteCommands } from './mute';
import { withDryRun } from './safety';
import { addDryRun, setCredentialsDryRun } from './server-dry-runs';
import { trustCommand } from './trust';

/** The servers of the registry (a problem with its file is said on stderr). */
export async function listServers(context: Context): Promise<ServerView[]> {
  const { servers, registryProblem } = await context.call('servers:list', undefined);
  if (registryProblem) context.out.note(`warning: ${registryProblem.message}`);
  return servers;
}

/** Warns on stderr about each address whose host mixes scripts (a look-alike host). */
export function warnLookAlikes(context: Context, addresses: readonly string[]): void {
  for (const address of new Set(addresses)) {
    const warning = mixedScriptWarning(address);
    if (warning) context.out.note(`warning: ${warning}`);
  }
}

/** The server named by display name or id. */
export async function serverNamed(context: Context, name: string): Promise<ServerView> {
  return resolveServer(await listServers(context), name);
}

function authText(t: CliTranslator, server: ServerView): string {
  return server.authKind === 'api_key'
    ? t.t('cli.servers.apiKey')
    : t.t('cli.servers.account', { username: server.username ?? '' });
}

/** The columns of `servers list` (the wide ones with -o wide), in the translator's words. */
function serverColumns(t: CliTranslator, now: number): Column<ServerView>[] {
  return [
    { header: t.t('cli.column.name'), value: (server) => server.name },
    {
      header: t.t('cli.column.env'),
      value: (server) =>
        server.environment ? t.t(`common.environment.${server.environment}`) : cell(undefined),
      color: (text, server, style) =>
        server.environment === 'production' ? style.yellow(text) : text,
    },
    { header: t.t('cli.column.address'), value: (server) => server.baseUrl, shrink: 'truncate' },
    { header: t.t('cli.column.auth'), value: (server) => authText(t, server), shrink: 'truncate' },
    {
      header: t.t('cli.column.cert'),
      value: (server) => (server.pinnedFingerprint ? t.t('cli.servers.pinned') : '-'),
      wide: true,
    },
    {
      header: t.t('cli.column.muted'),
      value: (server) =>
        server.mutedUntil
          ? t.t('cli.servers.mutedUntil', { time: whenText(server.mutedUntil, now, t) })
          : '-',
      wide: true,
    },
    { header: t.t('cli.column.id'), value: (server) => shortId(server.id) },
    { header: t.t('cli.column.fullId'), value: (server) => server.id, wide: true },
  ];
}

/** The fields of a server in JSON, for --json a,b and completion. */
export const SERVER_FIELDS = [
  'id',
  'name',
  'baseUrl',
  'environment',
  'authKind',
  'username',
  'pinnedFingerprint',
  'expectedFingerprint',
  'lastEventId',
  'status',
  'mutedUntil',
];

/** A certificate as the admin checks it with the server's administrator. */
export function certificateText(certificate: CertificateInfo): string {
  return [
    `  fingerprint (SHA-256): ${certificate.fingerprint256}`,
    `  subject: ${certificate.subject}`,
    `  issuer: ${certificate.issuer}${certificate.selfSigned ? ' (self-signed)' : ''}`,
    `  valid: ${certificate.validFrom} to ${certificate.validTo}`,
  ].join('\n');
}

interface AddOptions {
  env?: (typeof ENVIRONMENTS)[number];
  username?: string;
  passwordStdin?: boolean;
  apiKey?: boolean;
  apiKeyStdin?: boolean;
  pin?: string;
  dryRun?: boolean;
}

async function credentialsFrom(options: AddOptions): Promise<Credentials> {
  if (options.apiKey || options.apiKeyStdin) {
    if (options.username || options.passwordStdin) {
      throw usage('Give either --username (an account) or --api-key, not both.');
    }
    const apiKey = await readSecret('API key', options.apiKeyStdin === true, '--api-key-stdin');
    return { kind: 'api_key', apiKey };
  }
  if (!options.username) throw usage('Say how to sign in: --username <name> or --api-key.');
  const password = await readSecret(
    `Password for ${options.username}`,
    options.passwordStdin === true,
    '--password-stdin',
  );
  return { kind: 'account', username: options.username, password };
}

async function addServer(
  context: Context,
  name: string,
  baseUrl: string,
  options: AddOptions,
): Promise<ExitCode> {
  if (!options.dryRun) await context.assertAppNotRunning();
  warnLookAlikes(context, [baseUrl]);
  const draft: ServerDraft = {
    name,
    baseUrl,
    environment: options.env ?? null,
    credentials: await credentialsFrom(options),
    ...(options.pin ? { pinnedFingerprint: options.pin } : {}),
  };
  if (options.dryRun) return addDryRun(context, draft);
  const handlers = (await context.core()).handlers;
  let result = await handlers['servers:add'](draft);
  if (!result.ok && result.error.code === 'tls_untrusted' && result.error.certificate) {
    const certificate = result.error.certificate;
    context.out.note(
      `${name} presents a certificate this computer does not trust:\n${certificateText(certificate)}`,
    );
    const secretOnStdin = options.passwordStdin === true || options.apiKeyStdin === true;
    if (secretOnStdin || !process.stdin.isTTY) {
      throw new CliFailure(
        result.error,
        EXIT.certificate,
        `Check the fingerprint with the server's administrator, then add it again with --pin ${certificate.fingerprint256}`,
      );
    }
    await confirm(
      'Trust this certificate (pin its fingerprint)?',
      'The certificate was not trusted; the server was not added.',
    );
    result = await handlers['servers:add']({
      ...draft,
      pinnedFingerprint: certificate.fingerprint256,
    });
  }
  if (!result.ok) throw fromAppError(result.error);
  const { server, connection } = result.value;
  context.out.result(
    result.value,
    () => `Added ${server.name} (${server.id}): ${connection.summary}.`,
  );
  return EXIT.ok;
}

async function setCredentials(
  context: Context,
  name: string,
  options: Omit<AddOptions, 'env' | 'pin'>,
): Promise<void> {
  if (!options.dryRun) await context.assertAppNotRunning();
  const server = await serverNamed(context, name);
  const apiKey = options.apiKey === true || options.apiKeyStdin === true;
  const username = apiKey ? undefined : (options.username ?? server.username ?? undefined);
  const credentials = await credentialsFrom({ ...options, ...(username ? { username } : {}) });
  // An imported self-signed server: its certificate is looked at and pinned first.
  const pinFirst = (error: unknown): never => {
    if (error instanceof CliFailure && error.exitCode === EXIT.certificate && !error.hint) {
      throw new CliFailure(
        error.error,
        error.exitCode,
        `Look at its certificate and pin it first: qbsc servers trust "${server.name}"`,
      );
    }
    throw error;
  };
  if (options.dryRun) {
    await setCredentialsDryRun(context, server, credentials).catch(pinFirst);
    return;
  }
  const value = await context
    .call('servers:update', { id: server.id, changes: { credentials } })
    .catch(pinFirst);
  context.out.result(
    value,
    () => `Saved the new credentials of ${server.name}: ${value.connection?.summary ?? 'saved'}.`,
  );
}

async function removeServer(
  context: Context,
  name: string,
  options: { yes?: boolean; dryRun?: boolean },
): Promise<void> {
  if (options.dryRun) {
    const server = await serverNamed(context, name);
    context.out.result(
      { id: server.id, name: server.name, removed: false, dryRun: true },
      () => `Would remove ${server.name} and its secret. Dry run: nothing was removed.`,
    );
    return;
  }
  await context.assertAppNotRunning();
  const server = await serverNamed(context, name);
  if (!options.yes) {
    await confirm(
      `Remove ${server.name} and its password or key from the keychain?`,
      `${server.name} was not removed.`,
    );
  }
  const removed = await context.call('servers:remove', { id: server.id });
  context.out.result(
    { ...removed, id: server.id, name: server.name },
    () => `Removed ${server.name}.`,
  );
}

async function testServers(context: Context, names: string[]): Promise<ExitCode> {
  const servers = await listServers(context);
  const chosen = names.length === 0 ? servers : names.map((name) => resolveServer(servers, name));
  if (chosen.length === 0)
    throw usage('There is no server to test; add one with qbsc servers add.');
  const handlers = (await context.core()).handlers;
  const results = await Promise.all(
    chosen.map(async (server) => ({
      server,
      result: await handlers['servers:test']({ id: server.id }),
    })),
  );
  const codes = results.map(({ result }) =>
    result.ok ? EXIT.ok : fromAppError(result.error).exitCode,
  );
  context.out.result(
    {
      servers: results.map(({ server, result }) => ({
        id: server.id,
        name: server.name,
        ...(result.ok
          ? { ok: true, connection: result.value.connection }
          : { ok: false, error: result.error }),
      })),
    },
    () =>
      context.out.table(results, [
        { header: 'NAME', value: ({ server }) => server.name },
        {
          header: 'RESULT',
          value: ({ result }) =>
            result.ok
              ? result.value.connection.summary
              : `${result.error.code}: ${result.error.message}`,
          color: (text, { result }, style) => (result.ok ? style.green(text) : style.red(text)),
          shrink: 'wrap',
        },
      ]),
  );
  return combinedExit(codes);
}

/** Adds `qbsc servers ...`. */
export function serversCommand(runner: Runner): Command {
  const servers = new Command('servers').description("the registered servers (the app's list)");
  declareFields(servers.command('list').description('list the servers'), {
    rows: ['servers'],
    fields: SERVER_FIELDS,
  }).action(
    runner.action(async (context) => {
      const list = await listServers(context);
      warnLookAlikes(
        context,
        list.map((server) => server.baseUrl),
      );
      context.out.result({ servers: list }, () =>
        list.length === 0
          ? context.t.t('cli.servers.none')
          : context.out.table(list, serverColumns(context.t, Date.now())),
      );
    }),
  );
  withDryRun(
    servers
      .command('add')
      .description('test a server, then save it and its secret (in the OS keychain)')
      .argument('<name>', 'display name')
      .argument('<url>', 'address, http:// or https://')
      .addOption(new Option('--env <tag>', 'environment tag').choices(ENVIRONMENTS))
      .option('--username <name>', 'sign in with this account (the password is asked for)')
      .option('--password-stdin', "read the account's password from stdin")
      .option('--api-key', 'sign in with an API key (asked for)')
      .option('--api-key-stdin', 'read the API key from stdin')
      .option(
        '--pin <fingerprint>',
        'trust a self-signed certificate with this SHA-256 fingerprint',
      )
      .addHelpText(
        'after',
        '\nThe secret is never an argument (ps would show it): type it at the prompt,\nor pipe it:\n  printf %s "$PASSWORD" | qbsc servers add "Box A" https://box-a.example \\\n    --username admin --password-stdin',
      ),
  ).action(runner.action(addServer));
  withDryRun(
    servers
      .command('set-credentials')
      .description("test and save a server's new password or API key (imported servers have none)")
      .argument('<server>', 'display name or id')
      .option('--username <name>', "the account (default: the server's current one)")
      .option('--password-stdin', "read the account's password from stdin")
      .option('--api-key', 'sign in with an API key (asked for)')
      .option('--api-key-stdin', 'read the API key from stdin'),
  ).action(runner.action(setCredentials));
  servers.addCommand(trustCommand(runner));
  for (const command of muteCommands(runner)) servers.addCommand(command);
  withDryRun(
    withYes(
      servers
        .command('remove')
        .description('remove a server and its secret')
        .argument('<server>', 'display name or id'),
    ),
  ).action(runner.action(removeServer));
  declareFields(
    servers
      .command('test')
      .description('test servers: health, sign-in, permissions (default: every server)')
      .argument('[servers...]', 'display names or ids'),
    { rows: ['servers'], fields: ['id', 'name', 'ok', 'connection', 'error'] },
  ).action(runner.action((context, names: string[]) => testServers(context, names)));
  return servers;
}
