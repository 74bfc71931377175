/**
 * `qbsc sessions list|summary|revoke|invalidate-all`: a server's active sessions.
 * `invalidate-all` is the dangerous one: it ends every session of the server, so it runs only
 * with `--confirm "<display name>"` typed exactly (checked here, and again by core before it
 * sends the contract's confirmation phrase), as the app's dialog asks for the typed name.
 */

import { Command } from 'commander';
import type { ActiveSession } from '../../src-shared/quickbox';
import type { Context } from '../context';
import { fromAppError, refused, usage, type CliFailure } from '../failure';
import { table } from '../output';
import type { Runner } from '../program';
import { serverNamed } from './servers';
import { plural } from '../../src-shared/plural';

/** The most sessions `list` reads (pages of 500) unless --limit says otherwise. */
const DEFAULT_LIMIT = 1000;

function sessionRows(sessions: readonly ActiveSession[]): string[][] {
  return sessions.map((session) => [
    session.id,
    session.username + (session.current ? ' (this session)' : ''),
    session.ip,
    session.userAgent.slice(0, 40),
    session.createdAt,
    session.lastSeenAt,
    session.expiresAt,
    session.rememberMe ? 'yes' : 'no',
  ]);
}

/** A session list that pages in a circle: core's protocol error, in its words. */
function repeatedCursor(): CliFailure {
  return fromAppError({
    code: 'protocol_error',
    message:
      "The server's answer is not what the QuickBox session API returns: its session list gave a cursor it had given before, so its pages go round in a circle.",
  });
}

async function listSessions(
  context: Context,
  name: string,
  options: { user?: string; limit?: string },
): Promise<void> {
  const limit = options.limit === undefined ? DEFAULT_LIMIT : Number(options.limit);
  if (!Number.isInteger(limit) || limit < 1)
    throw usage(`--limit must be a whole number above 0 (not "${options.limit}").`);
  const server = await serverNamed(context, name);
  const sessions: ActiveSession[] = [];
  let cursor: string | undefined;
  // Core refuses a page that names no new position (empty, or its own cursor again); a
  // cursor given twice is a circle. So each page adds a session, and the loop ends by --limit.
  const cursors = new Set<string>();
  do {
    const page = await context.call('sessions:list', {
      serverId: server.id,
      ...(options.user ? { username: options.user } : {}),
      ...(cursor ? { cursor } : {}),
      limit: Math.min(500, limit - sessions.length),
    });
    sessions.push(...page.sessions);
    cursor = page.nextCursor ?? undefined;
    if (cursor !== undefined && cursors.has(cursor)) throw repeatedCursor();
    if (cursor !== undefined) cursors.add(cursor);
  } while (cursor && sessions.length < limit);
  context.out.result(
    { server: { id: server.id, name: server.name }, sessions, more: cursor !== undefined },
    () =>
      [
        table(
          ['ID', 'USER', 'IP', 'CLIENT', 'STARTED', 'LAST SEEN', 'EXPIRES', 'REMEMBERED'],
          sessionRows(sessions),
        ),
        `${plural(sessions.length, 'session')}${cursor ? ` shown; more with --limit ${limit * 2}` : ''}.`,
      ].join('\n'),
  );
}

async function summary(context: Context, name: string): Promise<void> {
  const server = await serverNamed(context, name);
  const value = await context.call('sessions:summary', { serverId: server.id });
  context.out.result({ server: { id: server.id, name: server.name }, ...value }, () =>
    [
      `${server.name}: ${plural(value.active, 'active session')}`,
      table(
        ['USER', 'SESSIONS'],
        value.byUser.map((entry) => [entry.username, String(entry.count)]),
      ),
    ].join('\n'),
  );
}

async function revoke(context: Context, name: string, ids: string[]): Promise<void> {
  const server = await serverNamed(context, name);
  const revoked: string[] = [];
  for (const sessionId of ids) {
    await context.call('sessions:revoke', { serverId: server.id, sessionId });
    revoked.push(sessionId);
  }
  context.out.result({ server: { id: server.id, name: server.name }, revoked }, () =>
    revoked.map((id) => `Revoked ${id} on ${server.name}.`).join('\n'),
  );
}

async function invalidateAll(
  context: Context,
  name: string,
  options: { confirm?: string },
): Promise<void> {
  const server = await serverNamed(context, name);
  if (options.confirm === undefined) {
    // A missing option is a usage error (64); 67 is for a --confirm that does not match.
    throw usage(`Ending every session of ${server.name} needs --confirm "${server.name}".`);
  }
  if (options.confirm !== server.name) {
    throw refused(
      `--confirm "${options.confirm}" is not the server's display name exactly ("${server.name}"); nothing was done.`,
    );
  }
  const value = await context.call('sessions:invalidate-all', {
    serverId: server.id,
    typedName: options.confirm,
  });
  context.out.result(
    { server: { id: server.id, name: server.name }, ...value },
    () =>
      `Ended ${plural(value.invalidated, 'session')} on ${server.name} at ${value.at}. Local API keys stay valid.`,
  );
}

/** Adds `qbsc sessions ...`. */
export function sessionsCommand(runner: Runner): Command {
  const sessions = new Command('sessions').description("a server's active sessions");
  sessions
    .command('list')
    .description('the active sessions, oldest first')
    .argument('<server>', 'display name or id')
    .option('--user <username>', "only this user's sessions")
    .option('--limit <count>', `at most this many (default ${DEFAULT_LIMIT})`)
    .action(runner.action(listSessions));
  sessions
    .command('summary')
    .description('how many sessions are active, per user')
    .argument('<server>', 'display name or id')
    .action(runner.action((context, name: string) => summary(context, name)));
  sessions
    .command('revoke')
    .description('end sessions by id')
    .argument('<server>', 'display name or id')
    .argument('<session-id...>', 'ids from sessions list')
    .action(runner.action((context, name: string, ids: string[]) => revoke(context, name, ids)));
  sessions
    .command('invalidate-all')
    .description('end EVERY session of the server (yours too); local API keys stay valid')
    .argument('<server>', 'display name or id')
    .option('--confirm <name>', "the server's display name, typed exactly")
    .addHelpText('after', '\nExample:\n  qbsc sessions invalidate-all "Box A" --confirm "Box A"')
    .action(runner.action(invalidateAll));
  return sessions;
}
