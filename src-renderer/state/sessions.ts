/**
 * Pure helpers for the Operations and Concurrency panels: sorting and filtering the active
 * sessions, and who is above a proposed per-user limit.
 */

import type { ActiveSession, SessionSummary } from '../../src-shared/quickbox';

/** The columns the sessions table sorts by. */
export type SessionSortKey =
  'username' | 'ip' | 'userAgent' | 'createdAt' | 'lastSeenAt' | 'expiresAt' | 'rememberMe';

/** A sort order of the sessions table. */
export interface SessionSort {
  key: SessionSortKey;
  direction: 'ascending' | 'descending';
}

/** The sessions whose username contains the filter text (case-insensitive). */
export function filterSessions(sessions: readonly ActiveSession[], text: string): ActiveSession[] {
  const needle = text.trim().toLowerCase();
  if (needle === '') return [...sessions];
  return sessions.filter((session) => session.username.toLowerCase().includes(needle));
}

/** The sessions in the order of a column; ties keep the server's order (oldest first). */
export function sortSessions(
  sessions: readonly ActiveSession[],
  sort: SessionSort,
): ActiveSession[] {
  const factor = sort.direction === 'ascending' ? 1 : -1;
  return sessions
    .map((session, index) => ({ session, index }))
    .sort((a, b) => {
      const x = a.session[sort.key];
      const y = b.session[sort.key];
      const order =
        typeof x === 'boolean' && typeof y === 'boolean'
          ? Number(x) - Number(y)
          : String(x).localeCompare(String(y), 'en', { numeric: true });
      return order === 0 ? a.index - b.index : order * factor;
    })
    .map((entry) => entry.session);
}

/** The next sort after clicking a column header: same column flips, another starts ascending. */
export function nextSort(current: SessionSort, key: SessionSortKey): SessionSort {
  if (current.key !== key) return { key, direction: 'ascending' };
  return { key, direction: current.direction === 'ascending' ? 'descending' : 'ascending' };
}

/** Users with more active sessions than `limit`, most first, and how many sessions would end. */
export function usersAboveLimit(
  summary: SessionSummary,
  limit: number,
): { users: { username: string; count: number; over: number }[]; sessionsOver: number } {
  const users = summary.byUser
    .filter((user) => user.count > limit)
    .map((user) => ({ ...user, over: user.count - limit }))
    .sort((a, b) => b.count - a.count || a.username.localeCompare(b.username));
  return { users, sessionsOver: users.reduce((sum, user) => sum + user.over, 0) };
}
