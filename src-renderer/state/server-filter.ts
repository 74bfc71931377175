/**
 * The sidebar's filter as pure functions: when the box is offered, and which servers a
 * query keeps (by name, address or environment).
 */

import type { ServerView } from '../../src-shared/domain';
import { ENVIRONMENT_LABELS } from '../labels';

/** From this many servers on, the sidebar offers its filter box (a dozen). */
export const SIDEBAR_FILTER_THRESHOLD = 12;

/** Whether the sidebar shows its filter box for a list of `count` servers. */
export function offersFilter(count: number): boolean {
  return count >= SIDEBAR_FILTER_THRESHOLD;
}

/** Lower case without accents, so "prod" finds "Production" and "cafe" finds "Café". */
function fold(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

/** What a server can be found by: its name, its address as typed, and its environment. */
function haystack(server: ServerView): string {
  const environment = server.environment ? ENVIRONMENT_LABELS[server.environment] : '';
  return fold([server.name, server.baseUrl, environment].join('\n'));
}

/**
 * The servers a query keeps, in their order. Each word of the query must be found (in any
 * of the three), so "prod eu" narrows to production servers with "eu" in a name or address.
 * An empty query keeps every server.
 */
export function filterServers(servers: readonly ServerView[], query: string): ServerView[] {
  const words = fold(query).split(/\s+/).filter(Boolean);
  if (words.length === 0) return [...servers];
  return servers.filter((server) => {
    const text = haystack(server);
    return words.every((word) => text.includes(word));
  });
}
