/**
 * Which native notifications to show for the notices of the watcher (mass logouts, drift),
 * decided in plain code with an injected clock and timer, so it is tested without waiting
 * and without Electron; the tray only shows what it is told.
 *
 * The rule (docs/adr/0022-grouped-notifications.md): the first notice after a quiet
 * spell is shown at once, on its own. Notices that follow within `windowMs` of the last one
 * join it in a group: one notification naming the servers, which replaces the one on screen
 * (silently), refreshed at most every `updateMs`. So a notice waits at most `updateMs` before
 * a notification shows it, and a burst leaves one notification, not one per event. A group
 * lasts at most `maxGroupMs` from its first notice; the next one starts a new, audible group.
 */

import type { PanelId } from '../../src-shared/domain';
import type { ShellTranslator } from './shell-language';

/** Where a click on a notification takes the admin. */
export type NoticeTarget = { serverId: string; panel: PanelId } | { fleet: 'activity' };

/** One thing worth a notification, as the tray hands it over. */
export interface Notice {
  /** Unique per event: a notice offered twice is shown once. */
  key: string;
  kind: 'mass-logout' | 'drift';
  serverId: string;
  serverName: string;
  actor: string;
  /** When it happened (ISO), as the server says. */
  at: string;
  /** The text of a notification for this notice alone. */
  title: string;
  body: string;
  /** Where a click on this notice alone goes. */
  target: { serverId: string; panel: PanelId };
}

/** A native notification to show. */
export interface NoticeDisplay {
  /** Increasing per display. */
  id: number;
  title: string;
  body: string;
  /** Whether it comes without a sound: a group's update replacing the one on screen. */
  silent: boolean;
  target: NoticeTarget;
  /** The display this one replaces (close it), or null. */
  replaces: number | null;
  /** The keys of the notices shown for the first time by this display. */
  keys: string[];
}

/** The clock and timer the grouping runs on (real ones in the app, fake ones in tests). */
export interface GroupingClock {
  now(): number;
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** How notices are grouped. */
export interface GroupingOptions {
  /** A notice within this long of the previous one joins its group. */
  windowMs: number;
  /** How often at most a group's notification is refreshed (the longest a notice waits). */
  updateMs: number;
  /**
   * How long a group may last from its first notice: after that, the next notice starts a
   * new, audible one, however steadily notices keep coming.
   */
  maxGroupMs: number;
}

/**
 * "Within a few seconds" becomes one; a notice waits at most 25 ms for its group's refresh:
 * the storm's p95 target is 100 ms, and the core alone takes up to about 75 ms of it on a
 * loaded machine; a group lasts at most a minute, so a steady trickle cannot hide what
 * follows it in a silent update (docs/adr/0022-grouped-notifications.md).
 */
export const DEFAULT_GROUPING: GroupingOptions = {
  windowMs: 5_000,
  updateMs: 25,
  maxGroupMs: 60_000,
};

/** The real clock and timers. */
export const REAL_CLOCK: GroupingClock = {
  now: () => Date.now(),
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/** What happened to an offered notice. */
export type NoticeVerdict = 'shown' | 'grouped' | 'duplicate' | 'quiet';

/** How many event keys are remembered against doubles (the watcher delivers each once). */
const REMEMBERED_KEYS = 10_000;
/** How many actors a group names at most. */
const NAMED_ACTORS = 3;
/** How many servers a group's title names before "and N more". */
const NAMED_SERVERS = 3;

/** A group of notices: counted, not kept, so a storm holds no more than its servers. */
interface Group {
  first: Notice;
  /** When its first notice came (the clock's ms): a group lasts at most `maxGroupMs`. */
  startedAt: number;
  lastAt: number;
  servers: Map<string, string>;
  massLogouts: number;
  /** Mass logouts in the display on screen: the refresh that brings the first one is audible. */
  massLogoutsShown: number;
  drifts: number;
  actors: Set<string>;
  moreActors: boolean;
  /** The time of the newest notice (ms since the epoch). */
  latestAt: number;
  /** Keys not shown yet (waiting for the next refresh). */
  pending: string[];
  /** The display on screen for this group. */
  displayId: number;
}

/** "A, B, C" or "A, B, C, and 4 more", as the language joins a list. */
function listNames(t: ShellTranslator, names: string[], named: number): string {
  const shown = names.slice(0, named);
  if (names.length > named)
    shown.push(t.t('shell.notice.group.more', { count: names.length - named }));
  return t.list(shown);
}

/** The title and body of a group's notification, in `t`'s language. */
export function groupText(
  group: {
    servers: ReadonlyMap<string, string>;
    massLogouts: number;
    drifts: number;
    actors: ReadonlySet<string>;
    moreActors: boolean;
    latestAt: number;
  },
  t: ShellTranslator,
): { title: string; body: string } {
  const names = [...group.servers.values()];
  const { massLogouts, drifts } = group;
  const counts = t.list([
    ...(massLogouts > 0 ? [t.t('shell.notice.group.massLogouts', { count: massLogouts })] : []),
    ...(drifts > 0 ? [t.t('shell.notice.group.drifts', { count: drifts })] : []),
  ]);
  const actors = [...group.actors];
  const by = group.moreActors
    ? t.list([...actors, t.t('shell.notice.group.others')])
    : listNames(t, actors, NAMED_ACTORS);
  const body = t.t('shell.notice.group.body', {
    counts,
    actors: by,
    time: t.dateTime(group.latestAt, { timeStyle: 'medium' }),
  });
  if (names.length === 1) {
    return { title: t.t('shell.notice.group.titleOne', { counts, server: names[0] ?? '' }), body };
  }
  const what = drifts === 0 ? 'massLogout' : massLogouts === 0 ? 'drift' : 'both';
  return {
    title: t.t('shell.notice.group.titleMany', {
      what,
      count: names.length,
      servers: listNames(t, names, NAMED_SERVERS),
    }),
    body,
  };
}

/** Decides, notice by notice, what the admin is shown. */
export class NoticeGrouper {
  private readonly seen = new Set<string>();
  private group: Group | null = null;
  private refresh: unknown = null;
  private displays = 0;

  constructor(
    private readonly show: (display: NoticeDisplay) => void,
    /** Whether a server's notices are silenced now (muted, or do not disturb). */
    private readonly quiet: (serverId: string) => boolean,
    /** The shell's words now: a group's text is worded when it is shown. */
    private readonly translator: () => ShellTranslator,
    private readonly clock: GroupingClock = REAL_CLOCK,
    private readonly options: GroupingOptions = DEFAULT_GROUPING,
  ) {}

  /** Takes a notice: shows it, groups it, or drops it (a double, or a silenced server). */
  offer(notice: Notice): NoticeVerdict {
    if (this.seen.has(notice.key)) return 'duplicate';
    this.remember(notice.key);
    if (this.quiet(notice.serverId)) return 'quiet';
    const now = this.clock.now();
    const group = this.group;
    if (
      group &&
      now - group.lastAt <= this.options.windowMs &&
      now - group.startedAt < this.options.maxGroupMs
    ) {
      this.join(group, notice, now);
      this.refresh ??= this.clock.setTimeout(() => this.update(), this.options.updateMs);
      return 'grouped';
    }
    if (this.refresh !== null) {
      // A window shorter than the refresh: what the old group still owes is shown first.
      this.cancelRefresh();
      this.update();
    }
    this.group = this.startGroup(notice, now);
    return 'shown';
  }

  /** Stops a pending refresh (the shell is quitting). */
  dispose(): void {
    this.cancelRefresh();
  }

  private startGroup(notice: Notice, now: number): Group {
    const id = this.nextId();
    const group: Group = {
      first: notice,
      startedAt: now,
      lastAt: now,
      servers: new Map(),
      massLogouts: 0,
      massLogoutsShown: 0,
      drifts: 0,
      actors: new Set(),
      moreActors: false,
      latestAt: 0,
      pending: [],
      displayId: id,
    };
    this.join(group, notice, now);
    group.pending = [];
    group.massLogoutsShown = group.massLogouts;
    this.show({
      id,
      title: notice.title,
      body: notice.body,
      silent: false,
      target: notice.target,
      replaces: null,
      keys: [notice.key],
    });
    return group;
  }

  private join(group: Group, notice: Notice, now: number): void {
    group.lastAt = now;
    group.servers.set(notice.serverId, notice.serverName);
    const at = Date.parse(notice.at);
    if (Number.isFinite(at) && at > group.latestAt) group.latestAt = at;
    if (notice.kind === 'mass-logout') group.massLogouts += 1;
    else group.drifts += 1;
    if (!group.actors.has(notice.actor)) {
      if (group.actors.size < NAMED_ACTORS) group.actors.add(notice.actor);
      else group.moreActors = true;
    }
    group.pending.push(notice.key);
  }

  /** Shows the group as it is now, in place of its notification on screen. */
  private update(): void {
    this.refresh = null;
    const group = this.group;
    if (!group || group.pending.length === 0) return;
    const id = this.nextId();
    const oneServer = group.servers.size === 1;
    this.show({
      id,
      ...groupText(group, this.translator()),
      // A mass logout is never news told silently: the refresh that brings a drift group its
      // first one is audible; the rest of a group's refreshes are not.
      silent: !(group.massLogouts > 0 && group.massLogoutsShown === 0),
      target: oneServer ? group.first.target : { fleet: 'activity' },
      replaces: group.displayId,
      keys: group.pending,
    });
    group.displayId = id;
    group.pending = [];
    group.massLogoutsShown = group.massLogouts;
  }

  private remember(key: string): void {
    this.seen.add(key);
    if (this.seen.size <= REMEMBERED_KEYS) return;
    const oldest = this.seen.values().next();
    if (!oldest.done) this.seen.delete(oldest.value);
  }

  private cancelRefresh(): void {
    if (this.refresh === null) return;
    this.clock.clearTimeout(this.refresh);
    this.refresh = null;
  }

  private nextId(): number {
    this.displays += 1;
    return this.displays;
  }
}
