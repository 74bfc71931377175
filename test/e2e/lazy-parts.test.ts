import { expect, test } from './harness/fixtures';
import { addFleet, settingsWith } from './harness/fleet-people';

// The fleet view, the panels after Timeouts and the dialogs are chunks of their own, loaded
// when first used (src-renderer/lazy-parts.tsx). A chunk that cannot be loaded costs only
// its own part of the window: the rest stays and says what to do.

test('a part of the window whose chunk cannot be loaded says so in its place, and the rest of the window stays', async ({
  app,
  core,
  referenceServers,
}) => {
  await addFleet(core, referenceServers, [
    { name: 'Box Lazy', environment: 'staging', settings: settingsWith({}) },
  ]);
  await app.route(/\/assets\/fleet-view-[^/]*\.js$/, (route) => route.abort('failed'));
  await app.reload();
  await expect(app.getByRole('tab', { name: 'Timeouts' })).toBeVisible();

  await app.getByRole('button', { name: /^Fleet/ }).click();
  const failed = app.getByTestId('part-failed');
  await expect(failed).toBeVisible();
  await expect(failed).toContainText('This part of the window could not be shown.');
  await expect(failed).toContainText('Reload the window');
  await expect(app.getByRole('navigation', { name: 'Servers' })).toContainText('Box Lazy');

  await app.unroute(/\/assets\/fleet-view-[^/]*\.js$/);
  await app.reload();
  await app.getByRole('button', { name: /^Fleet/ }).click();
  await expect(app.getByRole('heading', { level: 2, name: 'Fleet' })).toBeVisible();
  await expect(app.getByTestId('part-failed')).toHaveCount(0);
});
