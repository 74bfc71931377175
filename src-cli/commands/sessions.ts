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
import { declareFields } from '../fields';
import type { Column } from '../render-table';
import type { Runner } from '../program';
import { shortId } from '../resolve';
import { localTime, relativeTime } from '../time-text';
import { serverNamed } from './servers';

/** The most sessions `list` reads (pages of 500) unless --limit says otherwise. */
const DEFAULT_LIMIT = 1000;

/** The columns of `sessions list`: the short id and times relative to now by default. */
function sessionColumns(now: number): Column<ActiveSession>[] {
  return [
    { header: 'ID', value: (session) => shortId(session.id) },
    { header: 'FULL ID', value: (session) => session.id, wide: true },
    {
      header: 'USER',
      value: (session) => session.username + (session.current ? ' (this session)' : ''),
    },
    { header: 'IP', value: (session) => session.ip },
    { header: 'CLIENT', value: (session) => session.userAgent, shrink: 'truncate' },
    { header: 'STARTED', value: (session) => localTime(session.createdAt) },
    { header: 'LAST SEEN', value: (session) => relativeTime(session.lastSeenAt, now) },
    { header: 'EXPIRES', value: (session) => relativeTime(session.expiresAt, now), wide: true },
    { header: 'REMEMBERED', value: (session) => (session.rememberMe ? 'yes' : 'no'), wide: true },
  ];
}

/** The fields of a session in JSON. */
const SESSION_FIELDS = [
  'id',
  'username',
  'ip',
  'userAgent',
  'createdAt',
  'lastSeenAt',
  'expiresAt',
  'rememberMe',
  'current',
];

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
        context.out.table(sessions, sessionColumns(Date.now())),
        `${sessions.length} session${sessions.length === 1 ? '' : 's'}${cursor ? ` shown; more with --limit ${limit * 2}` : ''}.`,
      ].join('\n'),
  );
}

async function summary(context: Context, name: string): Promise<void> {
  const server = await serverNamed(context, name);
  const value = await context.call('sessions:summary', { serverId: server.id });
  context.out.result({ server: { id: server.id, name: server.name }, ...value }, () =>
    [
      `${server.name}: ${value.active} active session${value.active === 1 ? '' : 's'}`,
      context.out.table(value.byUser, [
        { header: 'USER', value: (entry) => entry.username },
        { header: 'SESSIONS', value: (entry) => String(entry.count) },
      ]),
    ].join('\n'),
  );
}

/**
 * The whole ids of `ids`: one shorter than a whole id is read as the start of one (as the
 * table shows them) and looked up in the server's list; it must start exactly one.
 */
async function wholeIds(context: Context, serverId: string, ids: string[]): Promise<string[]> {
  if (ids.every((id) => id.length >= WHOLE_ID_LENGTH)) return ids;
  const known: string[] = [];
  let cursor: string | undefined;
  const cursors = new Set<string>();
  do {
    const page = await context.call('sessions:list', {
      serverId,
      ...(cursor ? { cursor } : {}),
      limit: 500,
    });
    known.push(...page.sessions.map((session) => session.id));
    cursor = page.nextCursor ?? undefined;
    if (cursor !== undefined && cursors.has(cursor)) throw repeatedCursor();
    if (cursor !== undefined) cursors.add(cursor);
  } while (cursor && known.length < 10_000);
  return ids.map((id) => {
    if (id.length >= WHOLE_ID_LENGTH || known.includes(id)) return id;
    const started = known.filter((candidate) => candidate.startsWith(id));
    if (started.length > 1) throw usage(`"${id}" starts several session ids; give more of it.`);
    return started[0] ?? id;
  });
}

/** A session id at least this long is taken as whole (a UUID has 36 characters). */
const WHOLE_ID_LENGTH = 32;

async function revoke(context: Context, name: string, shortIds: string[]): Promise<void> {
  const server = await serverNamed(context, name);
  const ids = await wholeIds(context, server.id, shortIds);
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
      `Ended ${value.invalidated} session${value.invalidated === 1 ? '' : 's'} on ${server.name} at ${value.at}. Local API keys stay valid.`,
  );
}

/** Adds `qbsc sessions ...`. */
export function sessionsCommand(runner: Runner): Command {
  const sessions = new Command('sessions').description("a server's active sessions");
  declareFields(sessions.command('list'), { rows: ['sessions'], fields: SESSION_FIELDS })
    .description('the active sessions, oldest first')
    .argument('<server>', 'display name or id')
    .option('--user <username>', "only this user's sessions")
    .option('--limit <count>', `at most this many (default ${DEFAULT_LIMIT})`)
    .action(runner.action(listSessions));
  declareFields(sessions.command('summary'), {
    rows: ['byUser'],
    fields: ['username', 'count'],
  })
    .description('how many sessions are active, per user')
    .argument('<server>', 'display name or id')
    .action(runner.action((context, name: string) => summary(context, name)));
  sessions
    .command('revoke')
    .description('end sessions by id')
    .argument('<server>', 'display name or id')
    .argument('<session-id...>', 'ids from sessions list (the start of one is enough)')
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
