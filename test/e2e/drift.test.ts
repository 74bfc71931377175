import { ADMIN_USER, expect, test } from './harness/fixtures';
import { addFleet, fleetRow, openFleet, settingsWith } from './harness/fleet-people';
import { changeSettings, login, readSettings, screenshots } from './harness/people';

/** The picker's text for a day some days from now (local time, as the date input shows). */
function dayFromToday(days: number): string {
  const date = new Date();
  date.setDate(date.getDate() + days);
  const pad = (value: number): string => String(value).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

test('a drift notification, and the per-field verdicts: revert one, adopt another, accept a third until a date', async ({
  app,
  core,
  referenceServers,
  checkA11y,
}) => {
  const boxes = await addFleet(core, referenceServers, [
    { name: 'Box Drift', environment: 'staging', settings: settingsWith({}) },
    { name: 'Box Calm', environment: 'test', settings: settingsWith({}) },
  ]);
  const created = await core.handlers['profiles:create']({
    name: 'Standard',
    from: { kind: 'settings', settings: settingsWith({}) },
  });
  if (!created.ok) throw new Error(created.error.message);
  for (const box of Object.values(boxes))
    await core.handlers['profiles:assign']({
      serverId: box.id,
      profileId: created.value.profile.id,
    });
  await app.reload();
  await openFleet(app, 2);
  await expect(fleetRow(app, 'Box Drift')).toContainText('Matches');

  // Another admin changes three fields of Box Drift in one save, behind the app's back.
  const drifting = boxes['Box Drift']?.url ?? '';
  const token = await login(drifting, ADMIN_USER.username, ADMIN_USER.password);
  await changeSettings(drifting, token, (settings) => {
    (settings.timeouts as Record<string, unknown>).idleMinutes = 20;
    (settings.concurrency as Record<string, unknown>).maxSessionsPerUser = 8;
    (settings.persistence as Record<string, Record<string, unknown>>).cookie!.sameSite = 'strict';
  });

  // Live: no refresh pressed.
  const badge = fleetRow(app, 'Box Drift').getByRole('button', { name: 'Drifted from Standard' });
  await expect(badge).toBeVisible();
  await expect(app.getByTestId('announcement')).toHaveText(
    'Box Drift drifted from Standard: admin changed Idle timeout, SameSite, Maximum sessions per user.',
  );
  // Its row is read again: the drifted values are in the table too.
  await expect(fleetRow(app, 'Box Drift').getByRole('gridcell').nth(4)).toHaveText('20 min');
  await expect(fleetRow(app, 'Box Calm')).not.toContainText('Drifted');
  await app
    .getByLabel('Drift', { exact: true })
    .selectOption({ label: 'Drifted from its profile' });
  await expect(app.getByTestId('fleet-count')).toContainText('1 of 2 servers');
  await checkA11y('fleet table with a drifted server');
  await screenshots(app, 'drift-fleet');
  await app.getByRole('button', { name: 'Clear filters' }).click();

  await badge.click();
  const dialog = app.getByRole('dialog', { name: 'Box Drift drifted from Standard' });
  const idle = dialog.getByTestId('drift-field-timeouts.idleMinutes');
  const sameSite = dialog.getByTestId('drift-field-persistence.cookie.sameSite');
  const perUser = dialog.getByTestId('drift-field-concurrency.maxSessionsPerUser');
  await expect(idle).toContainText('Standard has 30 min, the server 20 min');
  await expect(idle).toContainText('changed by admin');
  await expect(sameSite.getByLabel('Accept until')).toHaveValue(dayFromToday(30));
  await checkA11y('drift dialog');
  await screenshots(app, 'drift-verdicts');

  // Accept SameSite until a day ten days from now.
  await sameSite.getByLabel('Accept until').fill(dayFromToday(10));
  await sameSite.getByRole('button', { name: 'Accept' }).click();
  await expect(sameSite.getByTestId('drift-accepted')).toContainText('Accepted until');
  await expect(sameSite.getByRole('button', { name: 'Remove the exception' })).toBeVisible();

  // Adopt the per-user limit into the profile: Box Calm, which kept the old value, now drifts.
  await perUser.getByRole('button', { name: 'Adopt into Standard' }).click();
  await expect(perUser).toHaveCount(0);
  await expect(
    fleetRow(app, 'Box Calm').getByRole('button', { name: 'Drifted from Standard' }),
  ).toBeAttached();

  // Revert the idle timeout: the same plan and confirmation as any apply, that field only.
  await idle.getByRole('button', { name: 'Revert…' }).click();
  const review = app.getByRole('dialog', { name: 'The plan' });
  await expect(review.getByRole('list', { name: 'Changes on Box Drift' })).toHaveText(
    /Idle timeout 20 min → 30 min/,
  );
  await expect(
    review.getByRole('list', { name: 'Changes on Box Drift' }).getByRole('listitem'),
  ).toHaveCount(1);
  await screenshots(app, 'drift-revert-plan');
  await review.getByRole('button', { name: 'Apply to 1 server…' }).click();
  await app
    .getByRole('alertdialog', { name: 'Apply this plan?' })
    .getByRole('button', { name: 'Apply to 1 server' })
    .click();
  const done = app.getByRole('dialog', { name: 'Applied' });
  await expect(done.getByTestId(`outcome-${boxes['Box Drift']?.id}`)).toContainText('Applied');
  await done.getByRole('button', { name: 'Close' }).click();
  expect(await readSettings(drifting, token)).toMatchObject({
    timeouts: { idleMinutes: 30 },
    persistence: { cookie: { sameSite: 'strict' } },
    concurrency: { maxSessionsPerUser: 8 },
  });

  // Only the accepted exception is left: Box Drift no longer shows as drifted.
  await expect(fleetRow(app, 'Box Drift')).not.toContainText('Drifted');
  await app
    .getByRole('navigation', { name: 'Servers' })
    .getByRole('button', { name: /^Box Drift/ })
    .click();
  const banner = app.getByTestId('drift-banner');
  await expect(banner).toContainText('Follows Standard, with 1 accepted exception.');
  await banner.getByRole('button', { name: 'Drift history…' }).click();
  const history = app
    .getByRole('dialog', { name: 'Box Drift follows Standard' })
    .getByTestId('drift-history');
  await expect(history).toContainText(/Idle timeout 30 min → 20 min · Reverted by admin/);
  await expect(history).toContainText(/Maximum sessions per user 5 → 8 · Adopted into the profile/);
  await expect(history).toContainText(/SameSite \S+ → \S+ · Accepted until/);
  await checkA11y('drift history');
  await screenshots(app, 'drift-history');
});
