/**
 * The backward paging over an in-memory feed that answers exactly as the contract says
 * (after, limit clamped to 1..1000, oldest first, lastId), for any spread of ids: dense
 * runs, huge gaps, a pruned start, types this app does not know.
 */

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  FEED_PAGE_LIMIT,
  feedTop,
  HeldEvents,
  MAX_FEED_READS,
  olderPage,
  type ReadFeed,
} from '../../../../src-main/core/activity/activity-paging';
import { CoreError } from '../../../../src-main/core/support/core-error';
import type { QuickBoxEvent } from '../../../../src-shared/quickbox';

/** A feed over sorted ids; `unknown` ids are of a type the app does not know. */
function feedOf(ids: readonly number[], unknown: ReadonlySet<number>) {
  let reads = 0;
  const all = ids.map((id): QuickBoxEvent => ({
    id,
    type: 'session.revoked',
    at: new Date(1_700_000_000_000 + id).toISOString(),
    actor: 'admin',
    data: { sessionId: `s${id}`, username: 'viewer' },
  }));
  const read: ReadFeed = async (after, limit) => {
    reads += 1;
    const count = Math.min(FEED_PAGE_LIMIT, Math.max(1, limit));
    let start = 0;
    let end = ids.length;
    while (start < end) {
      const middle = (start + end) >> 1;
      if ((ids[middle] ?? 0) > after) end = middle;
      else start = middle + 1;
    }
    const page = all.slice(start, start + count);
    return {
      events: page.filter((event) => !unknown.has(event.id)),
      lastId: page.at(-1)?.id ?? after,
      received: page.length,
    };
  };
  return { read, reads: () => reads };
}

/** Sorted distinct ids from steps: runs of small steps and, now and then, a huge one. */
const idsArbitrary = fc
  .array(fc.oneof(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 10_000_000 })), {
    maxLength: 3_000,
    // Lengths across the whole range, so that windows of more than one answer come up.
    size: 'max',
  })
  .map((steps) => {
    const ids: number[] = [];
    let id = 0;
    for (const step of steps) ids.push((id += step));
    return ids;
  });

async function pageBack(read: ReadFeed, top: number, limit: number, held: HeldEvents) {
  const seen: number[] = [];
  let before = top;
  let idsPerEvent: number | undefined;
  for (let pages = 0; pages < 10_000; pages += 1) {
    const page = await olderPage(read, before, limit, { held, idsPerEvent });
    idsPerEvent = page.idsPerEvent;
    expect(page.events.length).toBeLessThanOrEqual(limit);
    seen.push(...page.events.map((event) => event.id));
    if (page.nextBefore === null) return seen;
    expect(page.events).toHaveLength(limit);
    before = page.nextBefore;
  }
  throw new Error('paging did not end');
}

describe('backward paging', () => {
  it('gives every known event once, newest first, whatever the spread of ids', async () => {
    await fc.assert(
      fc.asyncProperty(
        idsArbitrary,
        fc.integer({ min: 3, max: 500 }),
        fc.integer({ min: 0, max: 12 }),
        async (ids, limit, unknownEvery) => {
          const unknown = new Set(
            ids.filter((_, index) => unknownEvery > 0 && index % unknownEvery === 1),
          );
          const { read } = feedOf(ids, unknown);
          const held = new HeldEvents();

          const seen = await pageBack(read, (ids.at(-1) ?? 0) + 1, limit, held);

          expect(seen).toEqual(ids.filter((id) => !unknown.has(id)).reverse());
          expect(held.now).toBe(0);
          expect(held.peak).toBeLessThanOrEqual(limit + FEED_PAGE_LIMIT);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('finds one more than the newest id from any hint, without reading a long history through', async () => {
    await fc.assert(
      fc.asyncProperty(idsArbitrary, fc.nat(), async (ids, hintSeed) => {
        const { read, reads } = feedOf(ids, new Set());
        const hint = ids.length === 0 ? hintSeed % 50 : (ids[hintSeed % ids.length] ?? 0);

        const top = await feedTop(read, hint);

        expect(top).toBe(Math.max(hint, ids.at(-1) ?? 0) + 1);
        // One read when current; otherwise a gallop and a bisection over at most 2^53 ids.
        expect(reads()).toBeLessThanOrEqual(1 + 2 * 54);
      }),
      { numRuns: 200 },
    );
  });

  it('reads a few windows per page of a dense feed, not the feed', async () => {
    const ids = Array.from({ length: 50_000 }, (_, index) => 3 * index + 1);
    const { read, reads } = feedOf(ids, new Set());

    const page = await olderPage(read, 150_000, 100);

    expect(page.events.map((event) => event.id)).toEqual(ids.slice(-100).reverse());
    expect(page.nextBefore).toBe(ids.at(-100));
    expect(reads()).toBeLessThanOrEqual(3);
  });

  it('crosses a long stretch of pruned ids below the oldest kept event in a few reads', async () => {
    const ids = [1e12, 1e12 + 5, 1e12 + 9];
    const { read, reads } = feedOf(ids, new Set());

    const first = await olderPage(read, 1e12 + 10, 2);
    const rest = await olderPage(read, first.nextBefore ?? 0, 2);

    expect(first.events.map((event) => event.id)).toEqual([1e12 + 9, 1e12 + 5]);
    expect(rest).toMatchObject({ events: [{ id: 1e12 }], nextBefore: null });
    expect(reads()).toBeLessThanOrEqual(40);
  });

  it('ends the search for the newest event of a feed that never ends with a protocol error', async () => {
    // In order, every answer past `after` and full: a feed whose newest event is never found.
    let reads = 0;
    const endless: ReadFeed = async (after, limit) => {
      reads += 1;
      if (reads > 10_000) throw new Error('the search has no bound');
      const events = Array.from({ length: limit }, (_, index) => ({
        id: after + 1 + index,
        type: 'session.revoked' as const,
        at: '2026-12-07T12:00:00Z',
        actor: 'admin',
        data: { sessionId: 's', username: 'viewer' },
      }));
      return { events, lastId: after + limit, received: limit };
    };

    const error = await feedTop(endless, 0).then(
      () => null,
      (thrown: unknown) => thrown,
    );

    expect(error).toBeInstanceOf(CoreError);
    expect((error as CoreError).appError).toMatchObject({
      code: 'protocol_error',
      message: expect.stringContaining(
        `did not let the search for its newest event end within ${MAX_FEED_READS} reads`,
      ),
    });
    expect(reads).toBe(MAX_FEED_READS);
  });
});
