/**
 * The activity views' window over a feed, as pure transitions: the events held (newest
 * first, at most a fixed number: older ones are dropped and read again on demand), where
 * each server's next older page starts, and whether newer events were let go to make room
 * for older ones (then live events wait until the admin goes back to the newest). One
 * server's tab and the fleet's view are the same window, over one server or all of them.
 */

import type { ActivityCursors, ActivityFailure } from '../../src-shared/activity-contract';
import { newestFirst, type ServerEvent } from '../../src-shared/activity';
import type { AppError } from '../../src-shared/errors';
import type { QuickBoxEventType } from '../../src-shared/quickbox';

/** The most events a window holds (per server tab, and for the fleet). */
export const WINDOW_LIMIT = 300;
/** Events asked for per page. */
export const PAGE_LIMIT = 100;

/** A window of events. */
export interface ActivityWindow {
  /** Newest first, at most WINDOW_LIMIT, each server+id once. */
  entries: ServerEvent[];
  /** Each server's next older page: absent from its newest, null when it has nothing older. */
  cursors: ActivityCursors;
  /** Newer events were dropped for older ones: live events are counted, not shown. */
  detached: boolean;
  /** Live events that came while detached. */
  missed: number;
  status: 'idle' | 'loading' | 'error';
  error: AppError | null;
  /** The servers the last fleet page could not read. */
  failures: ActivityFailure[];
  /** Whether a first page has arrived since the window was (re)opened at the newest. */
  loaded: boolean;
  /** The request whose answer the window waits for (older answers are ignored). */
  requestId: number;
}

/** A window before anything was read. */
export const EMPTY_WINDOW: ActivityWindow = {
  entries: [],
  cursors: {},
  detached: false,
  missed: 0,
  status: 'idle',
  error: null,
  failures: [],
  loaded: false,
  requestId: 0,
};

/** What the admin filters the list by: the types left out, and one actor (null: anyone). */
export interface ActivityFilter {
  hidden: QuickBoxEventType[];
  actor: string | null;
}

/** No filter. */
export const NO_ACTIVITY_FILTER: ActivityFilter = { hidden: [], actor: null };

const keyOf = (entry: ServerEvent): string => `${entry.serverId}\u0000${entry.event.id}`;

/** The entries once each, newest first. */
function merged(entries: readonly ServerEvent[]): ServerEvent[] {
  const unique = new Map<string, ServerEvent>();
  for (const entry of entries) if (!unique.has(keyOf(entry))) unique.set(keyOf(entry), entry);
  return [...unique.values()].sort(newestFirst);
}

/**
 * The cursors after the oldest entries were dropped: a server keeps its older page at its
 * oldest entry still held, or just above the newest one dropped when none is held.
 */
function cursorsAfterDropping(
  cursors: ActivityCursors,
  kept: readonly ServerEvent[],
  dropped: readonly ServerEvent[],
): ActivityCursors {
  const next = { ...cursors };
  const touched = new Set(dropped.map((entry) => entry.serverId));
  for (const serverId of touched) {
    const oldestKept = kept.filter((entry) => entry.serverId === serverId).at(-1);
    const newestDropped = dropped.find((entry) => entry.serverId === serverId);
    if (oldestKept) next[serverId] = oldestKept.event.id;
    else if (newestDropped) next[serverId] = newestDropped.event.id + 1;
  }
  return next;
}

/** The window reopened at the newest events, waiting for request `requestId`. */
export function reopened(requestId: number): ActivityWindow {
  return { ...EMPTY_WINDOW, status: 'loading', requestId };
}

/** The window waiting for an older page (request `requestId`). */
export function loadingOlder(window: ActivityWindow, requestId: number): ActivityWindow {
  return { ...window, status: 'loading', error: null, requestId };
}

/**
 * A page arrived (the newest, or an older one): merged in, and when the window would hold
 * too many, the NEWEST are dropped (the admin is reading back), which detaches it.
 */
export function receivePage(
  window: ActivityWindow,
  page: { entries: readonly ServerEvent[]; cursors: ActivityCursors; failures?: ActivityFailure[] },
  limit = WINDOW_LIMIT,
): ActivityWindow {
  const all = merged([...window.entries, ...page.entries]);
  const overflow = Math.max(0, all.length - limit);
  return {
    ...window,
    entries: all.slice(overflow),
    cursors: { ...window.cursors, ...page.cursors },
    detached: window.detached || overflow > 0,
    status: 'idle',
    error: null,
    failures: page.failures ?? [],
    loaded: true,
  };
}

/** A page could not be read: the window keeps what it had and says why. */
export function pageFailed(window: ActivityWindow, error: AppError): ActivityWindow {
  return { ...window, status: 'error', error };
}

/**
 * A live event from the watcher: added in its place (once), the OLDEST dropped when the
 * window is full (their servers' cursors move so they are read again on demand); counted
 * only while the window is detached from the newest.
 */
export function receiveLive(
  window: ActivityWindow,
  entry: ServerEvent,
  limit = WINDOW_LIMIT,
): ActivityWindow {
  if (window.entries.some((held) => keyOf(held) === keyOf(entry))) return window;
  if (window.detached) return { ...window, missed: window.missed + 1 };
  const all = merged([entry, ...window.entries]);
  if (all.length <= limit) return { ...window, entries: all };
  const kept = all.slice(0, limit);
  const dropped = all.slice(limit);
  return { ...window, entries: kept, cursors: cursorsAfterDropping(window.cursors, kept, dropped) };
}

/** Whether an older page may hold more: some server of `serverIds` is not read to its start. */
export function hasOlder(window: ActivityWindow, serverIds: readonly string[]): boolean {
  if (!window.loaded) return false;
  return serverIds.some((serverId) => window.cursors[serverId] !== null);
}

/** The entries the filter lets through. */
export function filterEntries(
  entries: readonly ServerEvent[],
  filter: ActivityFilter,
): ServerEvent[] {
  return entries.filter(
    ({ event }) =>
      !filter.hidden.includes(event.type) &&
      (filter.actor === null || event.actor === filter.actor),
  );
}

/** The actors of the entries (and the one filtered by, even when none is held now), sorted. */
export function actorsOf(entries: readonly ServerEvent[], current: string | null): string[] {
  const actors = new Set(entries.map(({ event }) => event.actor));
  if (current !== null) actors.add(current);
  return [...actors].sort((a, b) => a.localeCompare(b));
}

/** The filter with one type shown again, or left out. */
export function toggleType(filter: ActivityFilter, type: QuickBoxEventType): ActivityFilter {
  const hidden = filter.hidden.includes(type)
    ? filter.hidden.filter((each) => each !== type)
    : [...filter.hidden, type];
  return { ...filter, hidden };
}

/** How many servers' windows are held at once (the most recently opened). */
export const SERVER_WINDOWS_LIMIT = 5;

/** The windows of the servers, the most recently opened first. */
export interface ServerWindows {
  order: string[];
  windows: Record<string, ActivityWindow>;
}

/** No server's window. */
export const NO_SERVER_WINDOWS: ServerWindows = { order: [], windows: {} };

/**
 * The windows with `serverId`'s set to `window` (and made the most recent); the least
 * recently opened ones beyond the limit are let go, to be read again when opened again.
 */
export function withServerWindow(
  servers: ServerWindows,
  serverId: string,
  window: ActivityWindow,
  limit = SERVER_WINDOWS_LIMIT,
): ServerWindows {
  const order = [serverId, ...servers.order.filter((id) => id !== serverId)].slice(0, limit);
  const windows: Record<string, ActivityWindow> = {};
  for (const id of order) {
    const kept = id === serverId ? window : servers.windows[id];
    if (kept) windows[id] = kept;
  }
  return { order, windows };
}
