/**
 * `qbsc sessions list|summary|revoke|invalidate-all`: a server's active sessions.
 * `invalidate-all` is the dangerous one: it ends every session of the server, so it runs only
 * with `--confirm "<display name>"` typed exactly (checked here, and again by core before it
 * sends the contract's confirmation phrase), as the app's dialog asks for the typed name.
 */

import { Command } from 'commander';
import type { ServerView } from '../../src-shared/domain';
import { ACTIVE_SESSION_FIELDS, type ActiveSession } from '../../src-shared/quickbox';
import type { Context } from '../context';
import { fromAppError, refused, usage, type CliFailure } from '../failure';
import { declareFields } from '../fields';
import type { Column } from '../render-table';
import { withYes, type Runner } from '../program';
import { confirm } from '../prompt';
import { shortId } from '../resolve';
import { sinceTime } from '../since';
import { localTime, relativeTime } from '../time-text';
import { withDryRun } from './safety';
import { serverNamed } from './servers';
import { plural } from '../../src-shared/plural';

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

/** The fields of a revoke's answer. */
const REVOKE_FIELDS = ['server', 'user', 'revoked', 'wouldRevoke', 'dryRun'];

/** A session list that pages in a circle: core's protocol error, in its words. */
function repeatedCursor(): CliFailure {
  return fromAppError({
    code: 'protocol_error',
    message:
      "The server's answer is not what the QuickBox session API returns: its session list gave a cursor it had given before, so its pages go round in a circle.",
  });
}

/** The filters of `sessions list`, as the app's Operations panel filters (user, since, client). */
interface SessionFilters {
  user?: string;
  since?: string;
  client?: string;
}

/** Whether a session passes the filters: user and client contain the text (any case). */
function matcher(filters: SessionFilters): (session: ActiveSession) => boolean {
  const user = filters.user?.trim().toLowerCase() ?? '';
  const client = filters.client?.trim().toLowerCase() ?? '';
  const since = filters.since === undefined ? null : sinceTime(filters.since);
  return (session) =>
    session.username.toLowerCase().includes(user) &&
    session.userAgent.toLowerCase().includes(client) &&
    (since === null || Date.parse(session.createdAt) >= since);
}

/**
 * The sessions of a server, page after page, that pass `keep`, until `limit` of them or the
 * last page; `username` is the server's own (exact) filter. Whether more were left unread.
 */
async function readSessions(
  context: Context,
  serverId: string,
  limit: number,
  keep: (session: ActiveSession) => boolean,
  username?: string,
): Promise<{ sessions: ActiveSession[]; more: boolean }> {
  const sessions: ActiveSession[] = [];
  let cursor: string | undefined;
  // Core refuses a page that names no new position (empty, or its own cursor again); a
  // cursor given twice is a circle. So each page adds a session, and the loop ends.
  const cursors = new Set<string>();
  do {
    const page = await context.call('sessions:list', {
      serverId,
      ...(username !== undefined ? { username } : {}),
      ...(cursor ? { cursor } : {}),
      limit: Math.min(500, Math.max(1, limit - sessions.length)),
    });
    sessions.push(...page.sessions.filter(keep).slice(0, limit - sessions.length));
    cursor = page.nextCursor ?? undefined;
    if (cursor !== undefined && cursors.has(cursor)) throw repeatedCursor();
    if (cursor !== undefined) cursors.add(cursor);
  } while (cursor && sessions.length < limit);
  return { sessions, more: cursor !== undefined };
}

function limitOf(text: string | undefined): number {
  const limit = text === undefined ? DEFAULT_LIMIT : Number(text);
  if (!Number.isInteger(limit) || limit < 1)
    throw usage(`--limit must be a whole number above 0 (not "${text}").`);
  return limit;
}

async function listSessions(
  context: Context,
  name: string,
  options: SessionFilters & { limit?: string },
): Promise<void> {
  const limit = limitOf(options.limit);
  const keep = matcher(options);
  const server = await serverNamed(context, name);
  const { sessions, more } = await readSessions(context, server.id, limit, keep);
  context.out.result({ server: { id: server.id, name: server.name }, sessions, more }, () =>
    [
      context.out.table(sessions, sessionColumns(Date.now())),
      `${plural(sessions.length, 'session')}${more ? ` shown; more with --limit ${limit * 2}` : ''}.`,
    ].join('\n'),
  );
}

async function summary(context: Context, name: string): Promise<void> {
  const server = await serverNamed(context, name);
  const value = await context.call('sessions:summary', { serverId: server.id });
  context.out.result({ server: { id: server.id, name: server.name }, ...value }, () =>
    [
      `${server.name}: ${plural(value.active, 'active session')}`,
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
  const { sessions } = await readSessions(context, serverId, 10_000, () => true);
  const known = sessions.map((session) => session.id);
  return ids.map((id) => {
    if (id.length >= WHOLE_ID_LENGTH || known.includes(id)) return id;
    const started = known.filter((candidate) => candidate.startsWith(id));
    if (started.length > 1) throw usage(`"${id}" starts several session ids; give more of it.`);
    return started[0] ?? id;
  });
}

/** A session id at least this long is taken as whole (a UUID has 36 characters). */
const WHOLE_ID_LENGTH = 32;

async function revoke(
  context: Context,
  name: string,
  shortIds: string[],
  options: { user?: string; yes?: boolean; dryRun?: boolean },
): Promise<void> {
  if (options.user !== undefined && shortIds.length > 0)
    throw usage('Name sessions by id or every session of one user with --user, not both.');
  if (options.user === undefined && shortIds.length === 0)
    throw usage('Name the sessions to end by id, or every session of one user with --user <name>.');
  const server = await serverNamed(context, name);
  const about = { id: server.id, name: server.name };
  if (options.user !== undefined) {
    await revokeUser(context, server, options.user, options);
    return;
  }
  const ids = await wholeIds(context, server.id, shortIds);
  if (options.dryRun) {
    context.out.result({ server: about, revoked: [], wouldRevoke: ids, dryRun: true }, () =>
      [
        ...ids.map((id) => `Would revoke ${id} on ${server.name}.`),
        'Dry run: nothing was ended.',
      ].join('\n'),
    );
    return;
  }
  const revoked: string[] = [];
  for (const sessionId of ids) {
    await context.call('sessions:revoke', { serverId: server.id, sessionId });
    revoked.push(sessionId);
  }
  context.out.result({ server: about, revoked }, () =>
    revoked.map((id) => `Revoked ${id} on ${server.name}.`).join('\n'),
  );
}

/**
 * Ends every session of one user (the exact user name), after a question unless --yes; the
 * session qbsc itself signed in with is left (it ends when qbsc signs out).
 */
async function revokeUser(
  context: Context,
  server: ServerView,
  user: string,
  options: { yes?: boolean; dryRun?: boolean },
): Promise<void> {
  const about = { id: server.id, name: server.name };
  const { sessions } = await readSessions(context, server.id, 100_000, () => true, user);
  const ending = sessions.filter((session) => !session.current && session.username === user);
  const what = `${plural(ending.length, 'session')} of ${user} on ${server.name}`;
  if (ending.length === 0) {
    context.out.result(
      { server: about, user, revoked: [] },
      () => `${user} has no session on ${server.name}.`,
    );
    return;
  }
  context.out.note(context.out.table(ending, sessionColumns(Date.now())));
  if (options.dryRun) {
    context.out.result(
      {
        server: about,
        user,
        revoked: [],
        wouldRevoke: ending.map((session) => session.id),
        dryRun: true,
      },
      () => `Would end ${what}. Dry run: nothing was ended.`,
    );
    return;
  }
  if (!options.yes) await confirm(`End ${what}?`, 'Nothing was ended.');
  const revoked: string[] = [];
  for (const session of ending) {
    await context.call('sessions:revoke', { serverId: server.id, sessionId: session.id });
    revoked.push(session.id);
  }
  context.out.result({ server: about, user, revoked }, () => `Ended ${what}.`);
}

async function invalidateAll(
  context: Context,
  name: string,
  options: { confirm?: string; dryRun?: boolean },
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
  if (options.dryRun) {
    const { active } = await context.call('sessions:summary', { serverId: server.id });
    context.out.result(
      { server: { id: server.id, name: server.name }, active, dryRun: true },
      () =>
        `Would end every session of ${server.name} (${active} active now). Dry run: nothing was ended.`,
    );
    return;
  }
  const value = await context.call('sessions:invalidate-all', {
    serverId: server.id,
    typedName: options.confirm,
  });
  context.out.result(
    { server: { id: server.id, name: server.name }, ...value },
    () =>
      `Ended ${plural(value.invalidated, 'session')} on ${server.name} at ${localTime(value.at)}. Local API keys stay valid.`,
  );
}

/** Adds `qbsc sessions ...`. */
export function sessionsCommand(runner: Runner): Command {
  const sessions = new Command('sessions').description("a server's active sessions");
  declareFields(sessions.command('list'), { rows: ['sessions'], fields: ACTIVE_SESSION_FIELDS })
    .description('the active sessions, oldest first')
    .argument('<server>', 'display name or id')
    .option('--user <text>', 'only users whose name contains this (any case), as the app filters')
    .option('--since <when>', 'only sessions started since: 30m, 2h, 7d, or a date')
    .option('--client <text>', 'only clients (user agents) that contain this (any case)')
    .option('--limit <count>', `at most this many (default ${DEFAULT_LIMIT})`)
    .action(runner.action(listSessions));
  declareFields(sessions.command('summary'), {
    rows: ['byUser'],
    fields: ['username', 'count'],
  })
    .description('how many sessions are active, per user')
    .argument('<server>', 'display name or id')
    .action(runner.action((context, name: string) => summary(context, name)));
  withDryRun(
    withYes(
      declareFields(sessions.command('revoke'), { rows: [], fields: REVOKE_FIELDS })
        .description('end sessions by id, or every session of one user (--user, asked first)')
        .argument('<server>', 'display name or id')
        .argument('[session-id...]', 'ids from sessions list (the start of one is enough)')
        .option('--user <name>', 'end every session of this user (the exact user name)'),
    ),
  ).action(runner.action(revoke));
  withDryRun(sessions.command('invalidate-all'))
    .description('end EVERY session of the server (yours too); local API keys stay valid')
    .argument('<server>', 'display name or id')
    .option('--confirm <name>', "the server's display name, typed exactly")
    .addHelpText('after', '\nExample:\n  qbsc sessions invalidate-all "Box A" --confirm "Box A"')
    .action(runner.action(invalidateAll));
  return sessions;
}
