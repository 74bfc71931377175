import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../../../src-shared/settings';
import { useSeededServer } from '../fixtures';
import { addAdmin, call, unwrap, useServices } from '../service-fixtures';

const shared = useSeededServer({ name: 'Box A' });
const { services } = useServices(shared);

describe('settings', () => {
  it('gets settings, saves a change with the active session count, and refuses a stale version', async () => {
    const target = await services();
    const view = await addAdmin(shared, target);
    const got = unwrap(await call(() => target.settings.getSettings(view.id)));
    const next = {
      ...DEFAULT_SETTINGS,
      timeouts: {
        ...got.settings.timeouts,
        idleMinutes: got.settings.timeouts.idleMinutes === 20 ? 25 : 20,
      },
    };

    const saved = unwrap(
      await call(() =>
        target.settings.saveSettings({
          serverId: view.id,
          settings: next,
          baseVersion: got.settings.version,
        }),
      ),
    );
    const stale = await call(() =>
      target.settings.saveSettings({
        serverId: view.id,
        settings: DEFAULT_SETTINGS,
        baseVersion: got.settings.version,
      }),
    );

    expect(got.canUpdate).toBe(true);
    expect(saved.changed).toContain('timeouts.idleMinutes');
    expect(saved.settings.version).toBe(got.settings.version + 1);
    expect(saved.activeSessions).toBeGreaterThanOrEqual(1);
    expect(stale).toMatchObject({
      ok: false,
      error: { code: 'version_conflict', current: { version: saved.settings.version } },
    });
  });

  it('refuses invalid settings with field errors without calling the server', async () => {
    const target = await services();
    const view = await addAdmin(shared, target);
    const before = unwrap(await call(() => target.settings.getSettings(view.id)));
    const invalid = {
      ...DEFAULT_SETTINGS,
      timeouts: { ...DEFAULT_SETTINGS.timeouts, idleMinutes: 2000 },
    };

    const result = await call(() =>
      target.settings.saveSettings({
        serverId: view.id,
        settings: invalid,
        baseVersion: 0,
      }),
    );
    const after = unwrap(await call(() => target.settings.getSettings(view.id)));

    expect(result).toMatchObject({ ok: false, error: { code: 'invalid_settings' } });
    if (!result.ok && result.error.code === 'invalid_settings') {
      expect(result.error.errors.map((issue) => issue.field)).toContain('timeouts.idleMinutes');
    }
    // A call that reached the server with baseVersion 0 would have been a version conflict.
    expect(after.settings.version).toBe(before.settings.version);
  });

  it('reports forbidden for a viewer saving, with the permission', async () => {
    const target = await services();
    const view = await addAdmin(shared, target, {
      credentials: { kind: 'account', username: 'viewer', password: shared.secrets.viewerPassword },
    });
    const got = unwrap(await call(() => target.settings.getSettings(view.id)));

    const result = await call(() =>
      target.settings.saveSettings({
        serverId: view.id,
        settings: got.settings,
        baseVersion: got.settings.version,
      }),
    );

    expect(got.canUpdate).toBe(false);
    expect(result).toMatchObject({
      ok: false,
      error: { code: 'forbidden', permission: 'admin.settings.update' },
    });
  });
});
