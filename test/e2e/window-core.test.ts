import type { ServerView } from '../../src-shared/domain';
import { ADMIN_USER, expect, test } from './harness/fixtures';
import { windowCore } from './harness/window-core';

// The harness's own check, in the Chromium project only (playwright.config.ts): the
// Electron project arranges every scenario through window-core.ts, over the window's
// `window.quickbox`. The Chromium page's `window.quickbox` is built by the same factory as
// the preload's, so here that path runs against the real core in the test process, which
// says what it received.

test('arranging through window.quickbox reaches the app’s core, and its events come back, also after a reload', async ({
  app,
  inProcessCore,
  referenceServers,
}) => {
  const box = await referenceServers.start({ name: 'Box Window', seed: { users: [ADMIN_USER] } });
  const throughWindow = await windowCore(app);
  const pushed: ServerView[][] = [];
  throughWindow.subscribe('servers:changed', ({ servers }) => pushed.push(servers));

  const added = await throughWindow.handlers['servers:add']({
    name: 'Box Window',
    baseUrl: box.url,
    environment: 'staging',
    credentials: { kind: 'account', username: ADMIN_USER.username, password: ADMIN_USER.password },
  });
  expect(added.ok).toBe(true);
  const listed = await inProcessCore.handlers['servers:list'](undefined);
  expect(listed.ok && listed.value.servers.map((server) => server.name)).toEqual(['Box Window']);
  expect(await throughWindow.handlers['servers:list'](undefined)).toEqual(listed);
  await expect
    .poll(() => pushed.some((servers) => servers.some((server) => server.name === 'Box Window')))
    .toBe(true);
  await expect(app.getByRole('navigation', { name: 'Servers' })).toContainText('Box Window');

  const refused = await throughWindow.handlers['servers:add']({ name: '', baseUrl: 'ftp://x' });
  expect(refused).toEqual(
    await inProcessCore.handlers['servers:add']({ name: '', baseUrl: 'ftp://x' }),
  );
  expect(refused.ok).toBe(false);

  await app.reload();
  const id = added.ok ? added.value.server.id : '';
  const before = pushed.length;
  const renamed = await throughWindow.handlers['servers:update']({
    id,
    changes: { name: 'Box Renamed' },
  });
  expect(renamed.ok).toBe(true);
  await expect
    .poll(() =>
      pushed
        .slice(before)
        .some((servers) => servers.some((server) => server.name === 'Box Renamed')),
    )
    .toBe(true);
});
