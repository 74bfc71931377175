/**
 * `qbsc events [<server>...|--all] [--type mass_logout,...] [--since 2h] [--follow]`: the
 * app's activity feed, newest first, merged across servers (`activity:fleet`, page by page),
 * and with --follow the events as they happen, from core's event watcher (the stream resumed
 * with Last-Event-ID across reconnects; its place kept in memory, so the app's is untouched).
 * Followed events are one line each, or, with -o json|yaml, each a row of `events --json` (its
 * --json fields only) as one JSON line or one YAML document after `---`
 * (docs/adr/0148-followed-events-are-rows-of-events.md); Ctrl-C ends it, signed out (130,
 * src-cli/interrupt.ts).
 */

import { plural } from '../../src-shared/plural';
import { Command } from 'commander';
import type { ActivityCursors, ActivityFailure } from '../../src-shared/activity-contract';
import type { ServerView } from '../../src-shared/domain';
import { EVENT_TYPES, type QuickBoxEvent, type QuickBoxEventType } from '../../src-shared/quickbox';
import type { Context } from '../context';
import { exitCodeOf, type ExitCode } from '../exit-codes';
import { usage } from '../failure';
import { interruptAsJsonLine } from '../interrupt';
import { declareFields } from '../fields';
import type { Column } from '../render-table';
import { combinedExit, type Runner } from '../program';
import { resolveServer } from '../resolve';
import { sinceTime } from '../since';
import { logTime, whenText } from '../time-text';
import { listServers } from './servers';

/** The short names of the event types (`mass_logout` is what the app alerts on). */
const TYPE_NAMES: Record<string, QuickBoxEventType> = {
  mass_logout: 'sessions.invalidated_all',
  revoked: 'session.revoked',
  evicted: 'session.evicted',
  settings: 'settings.updated',
};

const DEFAULT_LIMIT = 50;

interface EventsOptions {
  all?: boolean;
  type?: string;
  since?: string;
  limit?: string;
  follow?: boolean;
}

/** One event as printed: the server's name beside its id. */
interface EventLine {
  serverId: string;
  server: string;
  event: QuickBoxEvent;
}

/** The types `--type` names (short or full names, comma-separated); all when absent. */
export function typesOf(text: string | undefined): Set<QuickBoxEventType> {
  if (text === undefined) return new Set(EVENT_TYPES);
  const types = new Set<QuickBoxEventType>();
  for (const part of text
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '')) {
    const type = TYPE_NAMES[part] ?? EVENT_TYPES.find((known) => known === part);
    if (!type) {
      throw usage(
        `"${part}" is not an event type; use ${[...Object.keys(TYPE_NAMES), ...EVENT_TYPES].join(', ')}.`,
      );
    }
    types.add(type);
  }
  return types;
}

/** What an event did, in a few words. */
function detail(event: QuickBoxEvent): string {
  switch (event.type) {
    case 'sessions.invalidated_all':
      return `mass logout: ${plural(event.data.invalidated, 'session')} ended`;
    case 'session.revoked':
      return `revoked a session of ${event.data.username}`;
    case 'session.evicted':
      return `evicted a session of ${event.data.username} (session limit)`;
    case 'settings.updated':
      return `settings version ${event.data.version}: ${event.data.changed.join(', ')}`;
  }
}

/** The columns of the history: when (relative within a day), server, actor, what. */
function eventColumns(now: number): Column<EventLine>[] {
  return [
    { header: 'TIME', value: (line) => whenText(line.event.at, now) },
    { header: 'AT', value: (line) => logTime(line.event.at), wide: true },
    { header: 'SERVER', value: (line) => line.server },
    { header: 'ACTOR', value: (line) => line.event.actor, shrink: 'truncate' },
    { header: 'EVENT', value: (line) => detail(line.event), shrink: 'wrap' },
    { header: 'ID', value: (line) => String(line.event.id), wide: true },
  ];
}

/** The fields of an event in JSON (for --json a,b and completion). */
const EVENT_FIELDS = ['serverId', 'server', 'id', 'type', 'at', 'actor', 'data'];

/** The chosen servers: those named, or every one. */
function chosenServers(
  all: readonly ServerView[],
  names: readonly string[],
  everyone: boolean,
): ServerView[] {
  if (names.length > 0 && everyone) throw usage('Name servers or give --all, not both.');
  if (names.length === 0) return [...all];
  const ids = new Set(names.map((name) => resolveServer(all, name).id));
  return all.filter((server) => ids.has(server.id));
}

/** The newest events of `servers` (newest first), back to `since` or up to `limit`. */
async function history(
  context: Context,
  all: readonly ServerView[],
  servers: readonly ServerView[],
  types: ReadonlySet<QuickBoxEventType>,
  since: number | null,
  limit: number,
): Promise<{ lines: EventLine[]; failures: ActivityFailure[] }> {
  const chosen = new Set(servers.map((server) => server.id));
  const names = new Map(all.map((server) => [server.id, server.name]));
  // A server mapped to null has nothing older: the servers not chosen are never read.
  let cursors: ActivityCursors = Object.fromEntries(
    all.filter((server) => !chosen.has(server.id)).map((server) => [server.id, null]),
  );
  const lines: EventLine[] = [];
  const failures = new Map<string, ActivityFailure>();
  for (;;) {
    const page = await context.call('activity:fleet', { cursors, limit: 100 });
    for (const failure of page.failures) failures.set(failure.serverId, failure);
    let older = false;
    for (const entry of page.entries) {
      if (since !== null && Date.parse(entry.event.at) < since) {
        older = true;
        break;
      }
      if (!types.has(entry.event.type)) continue;
      lines.push({
        serverId: entry.serverId,
        server: names.get(entry.serverId) ?? entry.serverId,
        event: entry.event,
      });
      if (lines.length >= limit) return { lines, failures: [...failures.values()] };
    }
    // Failed servers are not asked again here: a history is one look, not a retry loop.
    for (const failure of page.failures) page.cursors[failure.serverId] = null;
    const more = Object.entries(page.cursors).some(
      ([id, cursor]) => chosen.has(id) && cursor !== null,
    );
    if (older || !more || page.entries.length === 0) break;
    cursors = page.cursors;
  }
  return { lines, failures: [...failures.values()] };
}

/** An event as a row of the answer: the server's name beside its id, then the event. */
function rowOf(line: EventLine): Record<string, unknown> & QuickBoxEvent {
  return { serverId: line.serverId, server: line.server, ...line.event };
}

/**
 * The writer of followed events: a line of text each, or, as `-o json|yaml` asks, a row of
 * `events --json` (its --json fields only) as one JSON line or one YAML document.
 */
function eventWriter(context: Context): (line: EventLine) => void {
  const write = context.out.records((row) => {
    const event = row as unknown as QuickBoxEvent & { server: string };
    return [logTime(event.at), event.server, event.actor, detail(event)]
      .join('  ')
      .replace(/\n/g, ' ');
  });
  return (line) => write(rowOf(line));
}

/** Streams the chosen servers' new events until Ctrl-C (which ends the process). */
async function follow(
  context: Context,
  servers: readonly ServerView[],
  types: ReadonlySet<QuickBoxEventType>,
  print: (line: EventLine) => void,
): Promise<never> {
  interruptAsJsonLine();
  const chosen = new Map(servers.map((server) => [server.id, server.name]));
  const core = await context.core();
  core.subscribe('events:server-event', ({ serverId, event }) => {
    const server = chosen.get(serverId);
    if (server === undefined || !types.has(event.type)) return;
    print({ serverId, server, event });
  });
  core.startWatching();
  context.out.note(
    `Following ${servers.length > 1 ? plural(servers.length, 'server') : (servers[0]?.name ?? '')} (Ctrl-C to stop)...`,
  );
  // Until a signal ends the process (signed out first).
  return new Promise<never>(() => {
    setInterval(() => undefined, 1 << 30);
  });
}

async function events(
  context: Context,
  names: string[],
  options: EventsOptions,
): Promise<ExitCode> {
  const types = typesOf(options.type);
  const since = options.since === undefined ? null : sinceTime(options.since);
  const limit = options.limit === undefined ? DEFAULT_LIMIT : Number(options.limit);
  if (!Number.isInteger(limit) || limit < 1)
    throw usage(`--limit must be a whole number above 0 (not "${options.limit}").`);
  // Under --follow, a mistyped --json field is refused before anything is read.
  const print = options.follow ? eventWriter(context) : null;
  const all = await listServers(context);
  const servers = chosenServers(all, names, options.all === true);
  if (servers.length === 0) throw usage('There is no server yet: add one with qbsc servers add.');
  // Following without --since starts from now; with it, what happened since comes first.
  const { lines, failures } =
    options.follow && since === null
      ? { lines: [], failures: [] }
      : await history(context, all, servers, types, since, limit);
  for (const failure of failures) {
    context.out.note(`warning: ${failure.serverName}: ${failure.error.message}`);
  }
  if (print) {
    // Oldest first above the live ones, as a log reads.
    for (const line of [...lines].reverse()) print(line);
    return follow(context, servers, types, print);
  }
  context.out.result(
    {
      events: lines.map(rowOf),
      failures: failures.map((failure) => ({
        serverId: failure.serverId,
        server: failure.serverName,
        error: failure.error,
      })),
    },
    () => (lines.length === 0 ? 'No event.' : context.out.table(lines, eventColumns(Date.now()))),
  );
  // As servers test: a failure's code when the failed servers failed alike (those that
  // answered aside), 77 when they failed in different ways
  // (docs/adr/0149-events-exit-as-servers-test.md).
  return combinedExit(failures.map((failure) => exitCodeOf(failure.error.code)));
}

/** Adds `qbsc events`. */
export function eventsCommand(runner: Runner): Command {
  return declareFields(new Command('events'), {
    rows: ['events', 'failures'],
    fields: [...EVENT_FIELDS, 'error'],
  })
    .description("the servers' activity, newest first, merged; --follow streams new events")
    .argument('[servers...]', 'display names or ids (default: every server)')
    .option('--all', 'every server')
    .option(
      '--type <types>',
      `comma-separated: ${Object.keys(TYPE_NAMES).join(', ')} (or the full names)`,
    )
    .option('--since <when>', 'only events since: 30m, 2h, 7d, or a date')
    .option('--limit <count>', `at most this many (default ${DEFAULT_LIMIT})`)
    .option('-f, --follow', 'then print new events as they happen, until Ctrl-C')
    .addHelpText(
      'after',
      '\nExamples:\n  qbsc events --all --type mass_logout --since 24h\n  qbsc events "Box A" --follow --json | jq .type',
    )
    .action(runner.action(events));
}
