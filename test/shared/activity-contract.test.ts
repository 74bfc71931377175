/**
 * The activity channels' request schemas: what a page may ask for, and the fleet's cursors.
 */

import { describe, expect, it } from 'vitest';
import { ACTIVITY_PAGE_MAX } from '../../src-shared/activity-contract';
import { requestSchemas } from '../../src-shared/ipc-contract';

const list = requestSchemas['activity:list'];
const fleet = requestSchemas['activity:fleet'];

describe('activity:list', () => {
  it('takes a server, and optionally a bound above 0 and a page of 1 to the maximum', () => {
    expect(list.safeParse({ serverId: 's1' }).success).toBe(true);
    expect(list.safeParse({ serverId: 's1', before: 1, limit: ACTIVITY_PAGE_MAX }).success).toBe(
      true,
    );
    expect(list.safeParse({ serverId: 's1', before: 0 }).success).toBe(false);
    expect(list.safeParse({ serverId: 's1', before: 2.5 }).success).toBe(false);
    expect(list.safeParse({ serverId: 's1', limit: ACTIVITY_PAGE_MAX + 1 }).success).toBe(false);
    expect(list.safeParse({ serverId: 's1', after: 3 }).success).toBe(false);
    expect(list.safeParse({ serverId: '' }).success).toBe(false);
  });
});

describe('activity:fleet', () => {
  it('takes nothing, or cursors that are bounds or null, for at most 1000 servers', () => {
    expect(fleet.safeParse(undefined).success).toBe(true);
    expect(fleet.safeParse({ cursors: { a: 5, b: null }, limit: 50 }).success).toBe(true);
    expect(fleet.safeParse({ cursors: { a: 0 } }).success).toBe(false);
    expect(fleet.safeParse({ cursors: { a: 'x' } }).success).toBe(false);
    const many = Object.fromEntries(Array.from({ length: 1001 }, (_, index) => [`s${index}`, 1]));
    expect(fleet.safeParse({ cursors: many }).success).toBe(false);
    const most = Object.fromEntries(Array.from({ length: 1000 }, (_, index) => [`s${index}`, 1]));
    expect(fleet.safeParse({ cursors: most }).success).toBe(true);
  });
});
