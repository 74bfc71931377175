/**
 * The activity part of the IPC contract: a server's event feed read backwards, newest first,
 * page by page, and the same merged across the fleet. Merged into `ipc-contract.ts` like the
 * fleet's and the drift's channels. Live events come on `events:server-event`.
 */

import { z } from 'zod';
import type { AppError } from './errors';
import type { QuickBoxEvent } from './quickbox';

/** Events per page unless the request says. */
export const ACTIVITY_PAGE_DEFAULT = 100;
/** The most events one page may ask for. */
export const ACTIVITY_PAGE_MAX = 500;
/** The most servers a fleet request may name cursors for. */
const MAX_CURSORS = 1000;

const id = z.string().min(1).max(100);
/** An exclusive upper bound of event ids: the page holds events with smaller ids. */
const before = z.number().int().min(1).max(Number.MAX_SAFE_INTEGER);
const limit = z.number().int().min(1).max(ACTIVITY_PAGE_MAX);

/** The request schemas of the activity channels (merged into `requestSchemas`). */
export const activityRequestSchemas = {
  /** One server's newest events before `before` (its newest when absent), newest first. */
  'activity:list': z.strictObject({
    serverId: id,
    before: before.optional(),
    limit: limit.optional(),
  }),
  /**
   * The fleet's newest events, merged by time. `cursors` is the previous answer's: a server
   * missing from it is read from its newest event, one mapped to null has nothing older.
   */
  'activity:fleet': z
    .strictObject({
      cursors: z
        .record(id, before.nullable())
        .refine((cursors) => Object.keys(cursors).length <= MAX_CURSORS, {
          message: `at most ${MAX_CURSORS} servers`,
        })
        .optional(),
      limit: limit.optional(),
    })
    .optional(),
} as const satisfies { [C in keyof ActivityResponseMap]: z.ZodType };

/** One event of the fleet-wide activity, with the server it happened on. */
export interface ActivityEntry {
  serverId: string;
  event: QuickBoxEvent;
}

/** Where each server's next older page starts: absent from its newest, null when none. */
export type ActivityCursors = Record<string, number | null>;

/** A server the fleet-wide page could not read this time (its cursor is unchanged). */
export interface ActivityFailure {
  serverId: string;
  serverName: string;
  error: AppError;
}

/** The responses of the activity channels (merged into `ResponseMap`). */
export interface ActivityResponseMap {
  'activity:list': {
    serverId: string;
    /** Newest first. */
    events: QuickBoxEvent[];
    /** The `before` of the next older page; null when the server keeps nothing older. */
    nextBefore: number | null;
  };
  'activity:fleet': {
    /** Newest first across the servers. */
    entries: ActivityEntry[];
    cursors: ActivityCursors;
    failures: ActivityFailure[];
  };
}
