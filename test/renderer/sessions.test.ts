import { describe, expect, it } from 'vitest';
import {
  filterSessions,
  nextSort,
  sortSessions,
  usersAboveLimit,
} from '../../src-renderer/state/sessions';
import type { ActiveSession } from '../../src-shared/quickbox';

function session(
  id: string,
  username: string,
  createdAt: string,
  rememberMe = false,
): ActiveSession {
  return {
    id,
    username,
    ip: '127.0.0.1',
    userAgent: 'test',
    createdAt,
    lastSeenAt: createdAt,
    expiresAt: createdAt,
    rememberMe,
    current: false,
  };
}

const sessions = [
  session('1', 'carol', '2026-11-28T10:00:00Z'),
  session('2', 'alice', '2026-11-28T11:00:00Z', true),
  session('3', 'Bob', '2026-11-28T09:00:00Z'),
];

describe('sessions table', () => {
  it('filters by a part of the user name, ignoring case', () => {
    expect(filterSessions(sessions, ' b').map((s) => s.id)).toEqual(['3']);
    expect(filterSessions(sessions, '')).toHaveLength(3);
  });

  it('sorts by a column both ways', () => {
    expect(
      sortSessions(sessions, { key: 'createdAt', direction: 'ascending' }).map((s) => s.id),
    ).toEqual(['3', '1', '2']);
    expect(
      sortSessions(sessions, { key: 'username', direction: 'descending' }).map((s) => s.id),
    ).toEqual(['1', '3', '2']);
    expect(
      sortSessions(sessions, { key: 'rememberMe', direction: 'descending' }).map((s) => s.id),
    ).toEqual(['2', '1', '3']);
  });

  it('flips the direction on the same column and starts ascending on another', () => {
    expect(nextSort({ key: 'username', direction: 'ascending' }, 'username')).toEqual({
      key: 'username',
      direction: 'descending',
    });
    expect(nextSort({ key: 'username', direction: 'descending' }, 'ip')).toEqual({
      key: 'ip',
      direction: 'ascending',
    });
  });
});

describe('usersAboveLimit', () => {
  it('names the users above a proposed limit and how many sessions would end', () => {
    const summary = {
      active: 9,
      byUser: [
        { username: 'a', count: 2 },
        { username: 'b', count: 4 },
        { username: 'c', count: 3 },
      ],
    };

    expect(usersAboveLimit(summary, 2)).toEqual({
      users: [
        { username: 'b', count: 4, over: 2 },
        { username: 'c', count: 3, over: 1 },
      ],
      sessionsOver: 3,
    });
    expect(usersAboveLimit(summary, 4)).toEqual({ users: [], sessionsOver: 0 });
  });
});
