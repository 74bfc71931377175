/**
 * Backward paging over a feed that only pages forward. The contract's feed answers "the
 * events after id n, oldest first, at most 1000"; the activity view wants "the newest events
 * before id n". Ids are strictly increasing but not consecutive, so a page cannot be
 * addressed by arithmetic: it is found by reading windows of ids below the bound, widened
 * when they hold too few events and narrowed when they hold more than one answer can carry
 * (docs/adr/0017-reading-a-forward-only-feed-backwards.md). Nothing is kept between calls,
 * and one call holds at most the page asked for plus one answer of the server.
 */

import type { QuickBoxEvent } from '../../src-shared/quickbox';
import { protocolError } from './quickbox-client';

/** The contract's largest page (`limit` is clamped to 1..1000). */
export const FEED_PAGE_LIMIT = 1000;

/** One answer of the feed: the known events, its `lastId`, and how many items it had. */
export interface FeedAnswer {
  events: QuickBoxEvent[];
  lastId: number;
  /** Items the server sent, types this app does not know included. */
  received: number;
}

/** Reads `GET /api/sessions/events?after=&limit=`. */
export type ReadFeed = (after: number, limit: number) => Promise<FeedAnswer>;

/**
 * The most reads one search (`feedTop`, or one `olderPage`) makes. A feed that keeps the
 * contract's order needs far fewer (the gallop and the bisection are about 50 reads each
 * over every possible id, a page's windows a few); one that answers in order yet never
 * lets a search end is a protocol error rather than a loop.
 */
export const MAX_FEED_READS = 200;

/** `read`, refusing the read after the `MAX_FEED_READS`th. */
function boundedReads(read: ReadFeed, what: string): ReadFeed {
  let reads = 0;
  return (after, limit) => {
    reads += 1;
    if (reads > MAX_FEED_READS) {
      throw protocolError(`its event feed did not let ${what} end within ${MAX_FEED_READS} reads`);
    }
    return read(after, limit);
  };
}

/** The newest events before a bound, and where the next older page starts. */
export interface OlderPage {
  /** Newest first. */
  events: QuickBoxEvent[];
  /** The `before` of the next older page; null when the feed holds nothing older. */
  nextBefore: number | null;
}

/** How many events the paging holds at the moment, and at most since it was made. */
export class HeldEvents {
  private current = 0;
  private highest = 0;

  /** Events held now (by calls in progress). */
  get now(): number {
    return this.current;
  }

  /** The most ever held at once. */
  get peak(): number {
    return this.highest;
  }

  /** Counts `count` more events held (negative: released). */
  add(count: number): void {
    this.current += count;
    this.highest = Math.max(this.highest, this.current);
  }
}

/**
 * An exclusive upper bound of the feed's ids: one more than its newest id. Starts from a
 * hint (the watcher's last seen id): one read when the hint is current; when it is far
 * behind, the bound is galloped to and then bisected with one-event reads, so a long
 * history is never read through.
 */
export async function feedTop(readFeed: ReadFeed, hint: number): Promise<number> {
  const read = boundedReads(readFeed, 'the search for its newest event');
  const start = Math.max(0, Math.floor(hint));
  const first = await read(start, FEED_PAGE_LIMIT);
  if (first.received < FEED_PAGE_LIMIT) return Math.max(start, first.lastId) + 1;
  // `known` is always the id of an event that exists; nothing exists above `ceiling`.
  let known = first.lastId;
  let step = Math.max(FEED_PAGE_LIMIT, known - start);
  let ceiling: number;
  for (;;) {
    const probe = Math.min(Number.MAX_SAFE_INTEGER, known + step);
    const answer = await read(probe, 1);
    if (answer.received === 0) {
      ceiling = probe;
      break;
    }
    known = answer.lastId;
    step *= 2;
  }
  while (known < ceiling) {
    const middle = Math.floor((known + ceiling) / 2);
    const answer = await read(middle, 1);
    if (answer.received === 0) ceiling = middle;
    else known = answer.lastId;
  }
  return known + 1;
}

/** What one page may start from, and what it counts. */
export interface PagingOptions {
  /** Counts the events held while the page is read. */
  held?: HeldEvents;
  /** How many ids apart events were on the previous page (its first window's guess). */
  idsPerEvent?: number;
}

/**
 * The newest `limit` events with an id below `before`, newest first, and how far apart
 * their ids were (the next page's guess). Each step reads the window of ids (floor, bound):
 * a window read in full moves the bound down to its floor; one with more events than an
 * answer carries has its floor raised to where the events still wanted must lie (estimated
 * from the density just seen, and at least past the answer's last id, so every step makes
 * progress).
 */
export async function olderPage(
  readFeed: ReadFeed,
  before: number,
  limit: number,
  { held = new HeldEvents(), idsPerEvent = 2 }: PagingOptions = {},
): Promise<OlderPage & { idsPerEvent: number }> {
  const read = boundedReads(readFeed, `a page of ${limit} events`);
  let bound = before;
  let width = Math.max(16, Math.ceil(limit * idsPerEvent * 1.25));
  let collected: QuickBoxEvent[] = [];
  let heldNow = 0;
  const hold = (count: number): void => {
    held.add(count - heldNow);
    heldNow = count;
  };
  try {
    while (bound > 1 && collected.length < limit) {
      const floor = Math.max(0, bound - 1 - width);
      const answer = await read(floor, FEED_PAGE_LIMIT);
      hold(collected.length + answer.events.length);
      const wholeWindow = answer.received < FEED_PAGE_LIMIT || answer.lastId >= bound - 1;
      if (!wholeWindow) {
        const density = answer.received / (answer.lastId - floor);
        const span = Math.ceil(((limit - collected.length) / density) * 1.25) + 1;
        width = bound - 1 - Math.max(answer.lastId, bound - 1 - span);
        continue;
      }
      const inWindow = answer.events.filter((event) => event.id < bound);
      collected = [...inWindow, ...collected];
      hold(collected.length);
      const span = bound - 1 - floor;
      bound = floor + 1;
      const missing = limit - collected.length;
      width =
        inWindow.length === 0
          ? span * 4
          : Math.min(span * 8, Math.ceil((missing / (inWindow.length / span)) * 1.25) + 1);
    }
    // `collected` is oldest first: the page is its newest `limit`, the oldest of them the
    // next page's bound, unless the feed was read down to its start and all of it was taken.
    const taken = collected.slice(-limit);
    const oldest = taken[0]?.id ?? null;
    const exhausted = bound <= 1 && taken.length === collected.length;
    const spread = oldest === null ? idsPerEvent : Math.max(1, (before - oldest) / taken.length);
    return { events: taken.reverse(), nextBefore: exhausted ? null : oldest, idsPerEvent: spread };
  } finally {
    hold(0);
  }
}
