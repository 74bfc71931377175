import { describe, expect, it } from 'vitest';
import { useSeededServer } from '../fixtures';
import { addAdmin, call, unwrap, useServices } from '../service-fixtures';

const shared = useSeededServer({ name: 'Box A' });
const { services } = useServices(shared);

describe('sessions', () => {
  it('lists sessions, revokes one, and answers not_found for an unknown one', async () => {
    const target = await services();
    const view = await addAdmin(shared, target);
    const other = await services();
    await addAdmin(shared, other);

    const page = unwrap(
      await call(() =>
        target.sessions.listSessions({ serverId: view.id, username: 'admin', limit: 500 }),
      ),
    );
    const victim = page.sessions.find((session) => !session.current);
    const revoked = await call(() => target.sessions.revoke(view.id, victim?.id ?? 'none'));
    const again = await call(() => target.sessions.revoke(view.id, victim?.id ?? 'none'));
    const summary = unwrap(await call(() => target.sessions.summary(view.id)));
    const badCursor = await call(() =>
      target.sessions.listSessions({ serverId: view.id, cursor: 'nope' }),
    );

    expect(page.sessions.some((session) => session.current)).toBe(true);
    expect(revoked).toEqual({ ok: true, value: { revoked: true } });
    expect(again).toMatchObject({ ok: false, error: { code: 'not_found', what: 'session' } });
    expect(summary.active).toBeGreaterThanOrEqual(1);
    expect(badCursor).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
  });

  it('invalidates all sessions only with the exact name, then logs back in', async () => {
    const target = await services();
    const view = await addAdmin(shared, target);

    const mismatch = await call(() => target.sessions.invalidateAll(view.id, 'box a'));
    const stillThere = unwrap(await call(() => target.sessions.summary(view.id)));
    const done = unwrap(await call(() => target.sessions.invalidateAll(view.id, 'Box A')));
    const after = unwrap(await call(() => target.sessions.summary(view.id)));

    expect(mismatch).toMatchObject({ ok: false, error: { code: 'confirmation_mismatch' } });
    expect(stillThere.active).toBeGreaterThanOrEqual(1);
    expect(done.invalidated).toBeGreaterThanOrEqual(1);
    expect(done.reconnected).toBe(true);
    expect(after.active).toBe(1);
  });
});
