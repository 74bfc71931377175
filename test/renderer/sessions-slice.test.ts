/**
 * The sessions slice: the selected server's sessions and summary, the first failure as the
 * result, a revoke that refreshes the list, and actions that need a selected server.
 */

import { describe, expect, it } from 'vitest';
import { startStore } from './fixtures';

const session = {
  id: 's1',
  username: 'alice',
  ip: '10.0.0.1',
  userAgent: 'Firefox',
  createdAt: '2026-11-28T12:00:00Z',
  lastSeenAt: '2026-11-28T12:00:00Z',
  expiresAt: '2026-11-28T20:00:00Z',
  rememberMe: false,
  current: false,
};

describe('the sessions slice', () => {
  it('loads the list and summary of the selected server, with the first failure as the result', async () => {
    const { main, store } = await startStore();
    main.answer('sessions:list', { ok: true, value: { sessions: [session], nextCursor: null } });
    main.answer(
      'sessions:summary',
      { ok: true, value: { active: 1, byUser: [{ username: 'alice', count: 1 }] } },
      { ok: false, error: { code: 'unreachable', message: 'down' } },
    );

    const loaded = await store.getState().loadSessions();
    const failed = await store.getState().loadSessions();

    expect(loaded.ok).toBe(true);
    expect(failed).toMatchObject({ ok: false, error: { code: 'unreachable' } });
    expect(store.getState().sessions).toMatchObject({
      serverId: 'a',
      list: [session],
      summary: null,
      error: { code: 'unreachable' },
    });
  });

  it('refreshes the list after a revoke, and not after a refused one', async () => {
    const { main, store } = await startStore();
    main.answer(
      'sessions:revoke',
      { ok: true, value: { revoked: true } },
      {
        ok: false,
        error: { code: 'not_found', message: 'gone', what: 'session' },
      },
    );
    main.answer('sessions:list', { ok: true, value: { sessions: [], nextCursor: null } });
    main.answer('sessions:summary', { ok: true, value: { active: 0, byUser: [] } });

    const revoked = await store.getState().revokeSession('s1');
    const refused = await store.getState().revokeSession('s1');

    expect(revoked.ok).toBe(true);
    expect(refused).toMatchObject({ ok: false, error: { code: 'not_found', what: 'session' } });
    expect(main.channels()).toEqual([
      'sessions:revoke',
      'sessions:list',
      'sessions:summary',
      'sessions:revoke',
    ]);
  });

  it('answers not_found without calling main when no server is selected', async () => {
    const { main, store } = await startStore([]);

    const results = [
      await store.getState().loadSessions(),
      await store.getState().revokeSession('s1'),
      await store.getState().invalidateAll('Box A'),
    ];

    expect(results.map((result) => !result.ok && result.error.code)).toEqual([
      'not_found',
      'not_found',
      'not_found',
    ]);
    expect(main.calls).toEqual([]);
  });
});
