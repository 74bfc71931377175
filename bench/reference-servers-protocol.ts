/**
 * What bench/reference-servers-child.ts and its parent (bench/reference-servers-process.ts)
 * say to each other, kept apart from the child so that importing it starts nothing.
 */

/** What the child says to its parent. */
export type ServersMessage =
  | { type: 'ready'; urls: string[]; apiKey: string; password: string | null; startMs: number }
  | { type: 'count'; streams: number; servers: number }
  | { type: 'fired'; ok: boolean }
  | { type: 'failed'; message: string };

/** What the parent asks: a count of open streams; another admin's change on server `index`
 * (an invalidate-all, or a settings save); every proxied connection cut at once. */
export type ServersRequest =
  | { type: 'count' }
  | { type: 'fire'; index: number; what: 'invalidate-all' | 'settings' }
  | { type: 'cut' };

/** The account every server has with `--account`. */
export const ACCOUNT_USERNAME = 'admin';
