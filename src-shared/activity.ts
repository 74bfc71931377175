/**
 * The one order of the activity views, for core (merging the servers' pages) and the
 * renderer (merging live events): newest first by the server's time stamp, then by server,
 * then newest id first. Plain TypeScript, so the renderer imports it without zod.
 */

import type { QuickBoxEvent } from './quickbox';

/** An event and the server it happened on. */
export interface ServerEvent {
  serverId: string;
  event: QuickBoxEvent;
}

function time(event: QuickBoxEvent): number {
  const parsed = Date.parse(event.at);
  return Number.isNaN(parsed) ? 0 : parsed;
}

/** Sorts newest first: a negative number when `a` comes before `b`. */
export function newestFirst(a: ServerEvent, b: ServerEvent): number {
  const byTime = time(b.event) - time(a.event);
  if (byTime !== 0) return byTime;
  // Stryker disable next-line EqualityOperator: equivalent, `<=` differs from `<` only for equal server ids, which the condition has ruled out
  if (a.serverId !== b.serverId) return a.serverId < b.serverId ? -1 : 1;
  return b.event.id - a.event.id;
}
