// The one order of the activity views: newest first by the server's time stamp, then by
// server id, then newest event id first; an unreadable time stamp sorts as the oldest.
import { describe, expect, it } from 'vitest';
import { newestFirst, type ServerEvent } from '../../src-shared/activity';

function entry(serverId: string, id: number, at: string): ServerEvent {
  return {
    serverId,
    event: {
      id,
      type: 'session.revoked',
      at,
      actor: 'admin',
      data: { sessionId: 's', username: 'u' },
    },
  };
}

const EARLY = '2026-12-07T10:00:00.000Z';
const LATE = '2026-12-07T10:00:01.000Z';

describe('newestFirst', () => {
  it('puts the later time stamp first, whatever the server or id', () => {
    const early = entry('a', 9, EARLY);
    const late = entry('b', 1, LATE);
    expect(newestFirst(late, early)).toBeLessThan(0);
    expect(newestFirst(early, late)).toBeGreaterThan(0);
  });

  it('orders events of the same time by server id, then by newest id', () => {
    expect(newestFirst(entry('a', 1, EARLY), entry('b', 9, EARLY))).toBe(-1);
    expect(newestFirst(entry('b', 9, EARLY), entry('a', 1, EARLY))).toBe(1);
    expect(newestFirst(entry('a', 7, EARLY), entry('a', 3, EARLY))).toBeLessThan(0);
    expect(newestFirst(entry('a', 3, EARLY), entry('a', 7, EARLY))).toBeGreaterThan(0);
    expect(newestFirst(entry('a', 3, EARLY), entry('a', 3, EARLY))).toBe(0);
  });

  it('sorts an event whose time cannot be read after every dated one, and among its kind by server and id', () => {
    const unreadable = entry('a', 5, 'yesterday');
    expect(newestFirst(unreadable, entry('b', 1, '1970-01-01T00:00:01.000Z'))).toBeGreaterThan(0);
    expect(newestFirst(entry('a', 5, 'soon'), entry('b', 6, 'later'))).toBe(-1);
    expect(newestFirst(entry('a', 5, 'soon'), entry('a', 6, 'later'))).toBeGreaterThan(0);
  });

  it('sorts a mixed list as the activity views show it', () => {
    const list = [
      entry('b', 2, EARLY),
      entry('a', 1, 'unknown'),
      entry('a', 4, EARLY),
      entry('a', 8, LATE),
      entry('a', 6, EARLY),
    ];
    const sorted = [...list].sort(newestFirst).map((item) => `${item.serverId}${item.event.id}`);
    expect(sorted).toEqual(['a8', 'a6', 'a4', 'b2', 'a1']);
  });
});
