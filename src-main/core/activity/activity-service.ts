/**
 * `activity:list` and `activity:fleet`: a server's event feed read backwards, newest first,
 * page by page (activity-paging.ts), and the fleet's pages merged by time. Stateless: every
 * page is read from the server when asked and handed over, so a long history costs core
 * nothing between calls (live events reach the window through `events:server-event`).
 */

import {
  ACTIVITY_PAGE_DEFAULT,
  type ActivityCursors,
  type ActivityEntry,
  type ActivityFailure,
} from '../../../src-shared/activity-contract';
import { newestFirst } from '../../../src-shared/activity';
import type { ParsedRequestOf, ResponseOf } from '../../../src-shared/ipc-contract';
import { feedTop, HeldEvents, olderPage, type OlderPage } from './activity-paging';
import { mapBounded } from '../support/bounded';
import type { ClientPool } from '../registry/client-pool';
import { toAppError } from '../support/core-error';
import type { ServerRegistry } from '../registry/server-registry';

/** The collaborators of the activity service. */
export interface ActivityDependencies {
  registry: ServerRegistry;
  pool: ClientPool;
  /** How many servers a fleet page reads at once. */
  concurrency: number;
}

type ServerPage = { serverId: string; page: OlderPage } | { failure: ActivityFailure };

/** The activity channels. */
export class ActivityService {
  /** The events the paging holds: none between calls, at most a page and an answer during one. */
  readonly held = new HeldEvents();
  /** How far apart each server's event ids were on its last page: a number per server. */
  private readonly spread = new Map<string, number>();

  constructor(private readonly deps: ActivityDependencies) {}

  /** `activity:list`: one server's newest events before `before`, newest first. */
  async list(request: ParsedRequestOf<'activity:list'>): Promise<ResponseOf<'activity:list'>> {
    const page = await this.page(request.serverId, request.before, request.limit);
    return { serverId: request.serverId, ...page };
  }

  /**
   * `activity:fleet`: each server's next page, merged newest first, cut to the limit. A
   * server's cursor moves only past what was handed over, so the next call continues where
   * this one stopped for every server, and a server that could not be read is asked again.
   */
  async fleet(request: ParsedRequestOf<'activity:fleet'>): Promise<ResponseOf<'activity:fleet'>> {
    const limit = request?.limit ?? ACTIVITY_PAGE_DEFAULT;
    const cursors: ActivityCursors = { ...request?.cursors };
    const servers = this.deps.registry.list().filter((server) => cursors[server.id] !== null);
    const pages = await mapBounded(
      servers,
      this.deps.concurrency,
      async (server): Promise<ServerPage> => {
        try {
          const before = cursors[server.id] ?? undefined;
          return { serverId: server.id, page: await this.page(server.id, before, limit) };
        } catch (error) {
          const failure = {
            serverId: server.id,
            serverName: server.name,
            error: toAppError(error),
          };
          return { failure };
        }
      },
    );
    const read = pages.filter((entry) => 'page' in entry);
    const entries = mergeNewest(read, limit);
    for (const { serverId, page } of read) {
      const taken = entries.filter((entry) => entry.serverId === serverId);
      const oldest = taken[taken.length - 1];
      if (taken.length === page.events.length) {
        if (taken.length > 0 || page.nextBefore === null) cursors[serverId] = page.nextBefore;
      } else if (oldest) cursors[serverId] = oldest.event.id;
    }
    for (const id of Object.keys(cursors)) if (!this.deps.registry.get(id)) delete cursors[id];
    const failures = pages.flatMap((entry) => ('failure' in entry ? [entry.failure] : []));
    return { entries, cursors, failures };
  }

  private page(
    serverId: string,
    before: number | undefined,
    limit = ACTIVITY_PAGE_DEFAULT,
  ): Promise<OlderPage> {
    return this.deps.pool.withServer(serverId, async (client, server) => {
      const read = (after: number, count: number) => client.feedPage(after, count);
      const bound = before ?? (await feedTop(read, server.lastEventId));
      const { idsPerEvent, ...page } = await olderPage(read, bound, limit, {
        held: this.held,
        ...(this.spread.has(serverId) ? { idsPerEvent: this.spread.get(serverId) } : {}),
      });
      this.spread.set(serverId, idsPerEvent);
      for (const id of this.spread.keys()) if (!this.deps.registry.get(id)) this.spread.delete(id);
      return page;
    });
  }
}

/**
 * The newest `limit` events of the servers' pages (each newest first), taken head by head,
 * so each server's share is a prefix of its page whatever the time stamps say.
 */
function mergeNewest(
  pages: { serverId: string; page: OlderPage }[],
  limit: number,
): ActivityEntry[] {
  const heads = pages.map(() => 0);
  const merged: ActivityEntry[] = [];
  while (merged.length < limit) {
    let best: { index: number; entry: ActivityEntry } | null = null;
    pages.forEach(({ serverId, page }, index) => {
      const event = page.events[heads[index] ?? 0];
      if (!event) return;
      const entry = { serverId, event };
      if (!best || newestFirst(entry, best.entry) < 0) best = { index, entry };
    });
    if (!best) break;
    const { index, entry } = best as { index: number; entry: ActivityEntry };
    heads[index] = (heads[index] ?? 0) + 1;
    merged.push(entry);
  }
  return merged;
}
