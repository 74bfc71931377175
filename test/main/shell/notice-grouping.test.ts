import { describe, expect, it } from 'vitest';
import {
  NoticeGrouper,
  groupText,
  type Notice,
  type NoticeDisplay,
} from '../../../src-main/shell/notice-grouping';
import { shellTranslator } from '../../../src-main/shell/shell-language';
import { fakeClock } from './fake-clock';

const ENGLISH = shellTranslator('en');

const AT = '2026-12-03T10:00:00Z';
/** The end of a group's body: the time of its newest notice. */
const LATEST = `, the latest at ${ENGLISH.dateTime(AT, { timeStyle: 'medium' })}.`;
let counter = 0;
function massLogout(serverId: string, serverName: string, actor = 'alice'): Notice {
  counter += 1;
  return {
    key: `${serverId}#${counter}`,
    kind: 'mass-logout',
    serverId,
    serverName,
    actor,
    at: AT,
    title: `Everyone was logged out of ${serverName}`,
    body: `${actor} ended 3 sessions.`,
    target: { serverId, panel: 'operations' },
  };
}

function drift(serverId: string, serverName: string): Notice {
  counter += 1;
  return {
    key: `drift:${serverId}#${counter}`,
    kind: 'drift',
    serverId,
    serverName,
    actor: 'automation',
    at: AT,
    title: `${serverName} drifted from Standard`,
    body: 'automation changed Idle timeout.',
    target: { serverId, panel: 'timeouts' },
  };
}

function setup(quiet: (serverId: string) => boolean = () => false) {
  const clock = fakeClock();
  const shown: NoticeDisplay[] = [];
  const grouper = new NoticeGrouper(
    (display) => shown.push(display),
    quiet,
    () => ENGLISH,
    clock,
    {
      windowMs: 5_000,
      updateMs: 50,
      maxGroupMs: 60_000,
    },
  );
  return { clock, shown, grouper };
}

describe('NoticeGrouper', () => {
  it('shows a lone notice at once, on its own, with its own target', () => {
    const { shown, grouper } = setup();
    const notice = massLogout('a', 'Box A');
    expect(grouper.offer(notice)).toBe('shown');
    expect(shown).toEqual([
      {
        id: 1,
        title: 'Everyone was logged out of Box A',
        body: 'alice ended 3 sessions.',
        silent: false,
        target: { serverId: 'a', panel: 'operations' },
        replaces: null,
        keys: [notice.key],
      },
    ]);
  });

  it('turns a burst of five mass logouts on three servers into one group that replaces the first', () => {
    const { clock, shown, grouper } = setup();
    const burst = [
      massLogout('a', 'Box A'),
      massLogout('b', 'Box B', 'bob'),
      massLogout('a', 'Box A'),
      massLogout('c', 'Box C'),
      massLogout('b', 'Box B', 'bob'),
    ];
    expect(burst.map((notice) => grouper.offer(notice))).toEqual([
      'shown',
      'grouped',
      'grouped',
      'grouped',
      'grouped',
    ]);
    clock.advance(49);
    expect(shown).toHaveLength(1);
    clock.advance(1);
    expect(shown).toHaveLength(2);
    expect(shown[1]).toEqual({
      id: 2,
      title: 'Mass logout on 3 servers: Box A, Box B, and Box C',
      body: `5 mass logouts by alice and bob${LATEST}`,
      silent: true,
      target: { fleet: 'activity' },
      replaces: 1,
      keys: burst.slice(1).map((notice) => notice.key),
    });
    clock.advance(10_000);
    expect(shown).toHaveLength(2);
  });

  it('keeps a group open while notices keep coming within the window, then starts afresh', () => {
    const { clock, shown, grouper } = setup();
    grouper.offer(massLogout('a', 'Box A'));
    clock.advance(4_000);
    grouper.offer(massLogout('b', 'Box B'));
    clock.advance(4_000);
    expect(grouper.offer(drift('c', 'Box C'))).toBe('grouped');
    clock.advance(50);
    expect(shown.map((display) => [display.id, display.replaces, display.title])).toEqual([
      [1, null, 'Everyone was logged out of Box A'],
      [2, 1, 'Mass logout on 2 servers: Box A and Box B'],
      [3, 2, 'Mass logouts and drift on 3 servers: Box A, Box B, and Box C'],
    ]);
    expect(shown[2]?.body).toBe(`2 mass logouts and 1 drift by alice and automation${LATEST}`);
    clock.advance(5_001);
    expect(grouper.offer(massLogout('a', 'Box A'))).toBe('shown');
    expect(shown.at(-1)).toMatchObject({ replaces: null, silent: false });
  });

  it('ends a group a minute after it began, however steadily notices trickle in: the next is audible, on its own', () => {
    const { clock, shown, grouper } = setup();
    const keys: string[] = [];
    // One drift every 4 s for an hour: always within the 5 s window of the previous one.
    for (let second = 0; second < 3_600; second += 4) {
      const notice = drift('staging', 'Box S');
      keys.push(notice.key);
      grouper.offer(notice);
      clock.advance(4_000);
    }
    const audible = shown.filter((display) => !display.silent);
    const logout = massLogout('production', 'Box P');

    expect(grouper.offer(logout)).toBe('shown');
    expect(shown.at(-1)).toMatchObject({
      title: 'Everyone was logged out of Box P',
      silent: false,
      replaces: null,
      keys: [logout.key],
    });
    // A new audible group about once a minute, and every drift in exactly one display.
    expect(audible.length).toBeGreaterThanOrEqual(59);
    expect(audible.length).toBeLessThanOrEqual(61);
    expect(shown.slice(0, -1).flatMap((display) => display.keys)).toEqual(keys);
  });

  it('makes the refresh audible that brings a drift group its first mass logout, and only that one', () => {
    const { clock, shown, grouper } = setup();
    grouper.offer(drift('a', 'Box A'));
    clock.advance(1_000);
    grouper.offer(drift('b', 'Box B'));
    clock.advance(50);
    expect(shown.map((display) => display.silent)).toEqual([false, true]);
    clock.advance(1_000);
    expect(grouper.offer(massLogout('c', 'Production'))).toBe('grouped');
    clock.advance(50);
    clock.advance(1_000);
    grouper.offer(massLogout('c', 'Production'));
    clock.advance(50);
    expect(shown.map((display) => display.silent)).toEqual([false, true, false, true]);
    expect(shown[2]?.title).toBe(
      'Mass logouts and drift on 3 servers: Box A, Box B, and Production',
    );
  });

  it('opens the server itself when the whole group is on one server', () => {
    const { clock, shown, grouper } = setup();
    grouper.offer(massLogout('a', 'Box A'));
    grouper.offer(massLogout('a', 'Box A'));
    clock.advance(50);
    expect(shown[1]).toMatchObject({
      title: '2 mass logouts on Box A',
      target: { serverId: 'a', panel: 'operations' },
    });
  });

  it('names drift alone as drift, and many servers with "and N more"', () => {
    const servers = new Map(['A', 'B', 'C', 'D', 'E'].map((name) => [name, `Box ${name}`]));
    expect(
      groupText(
        {
          servers,
          massLogouts: 0,
          drifts: 5,
          actors: new Set(['a', 'b', 'c']),
          moreActors: true,
          latestAt: Date.parse(AT),
        },
        ENGLISH,
      ),
    ).toEqual({
      title: 'Drift on 5 servers: Box A, Box B, Box C, and 2 more',
      body: `5 drifts by a, b, c, and others${LATEST}`,
    });
  });

  it('shows a notice offered twice once', () => {
    const { clock, shown, grouper } = setup();
    const notice = massLogout('a', 'Box A');
    grouper.offer(notice);
    expect(grouper.offer(notice)).toBe('duplicate');
    clock.advance(100);
    expect(shown).toHaveLength(1);
  });

  it('shows nothing for a silenced server, and does not let it join or start a group', () => {
    const { clock, shown, grouper } = setup((serverId) => serverId === 'muted');
    expect(grouper.offer(massLogout('muted', 'Box M'))).toBe('quiet');
    expect(shown).toHaveLength(0);
    grouper.offer(massLogout('a', 'Box A'));
    grouper.offer(massLogout('muted', 'Box M'));
    clock.advance(100);
    expect(shown.map((display) => display.title)).toEqual(['Everyone was logged out of Box A']);
  });

  it('refreshes a storm at most every updateMs, each notice in exactly one display', () => {
    const { clock, shown, grouper } = setup();
    const keys: string[] = [];
    for (let i = 0; i < 100; i++) {
      const notice = massLogout(`s${i % 10}`, `Box ${i % 10}`);
      keys.push(notice.key);
      grouper.offer(notice);
      clock.advance(10);
    }
    clock.advance(50);
    expect(shown.length).toBeLessThanOrEqual(1 + Math.ceil(1_000 / 50));
    expect(shown.flatMap((display) => display.keys)).toEqual(keys);
    expect(shown.at(-1)?.title).toBe('Mass logout on 10 servers: Box 0, Box 1, Box 2, and 7 more');
  });

  it('stops a pending refresh when disposed', () => {
    const { clock, shown, grouper } = setup();
    grouper.offer(massLogout('a', 'Box A'));
    grouper.offer(massLogout('b', 'Box B'));
    grouper.dispose();
    clock.advance(100);
    expect(shown).toHaveLength(1);
  });
});
