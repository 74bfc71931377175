import { ADMIN_USER, expect, test } from './harness/fixtures';
import { addFleet, fleetRow, openFleet, settingsWith } from './harness/fleet-people';
import { changeSettings, login, readSettings, screenshots } from './harness/people';

test('the fleet table marks the cells that differ from the reference, and says why a server has none', async ({
  app,
  core,
  referenceServers,
  checkA11y,
}) => {
  const boxes = await addFleet(core, referenceServers, [
    { name: 'Box Paris', environment: 'production', settings: settingsWith({}) },
    {
      name: 'Box Lyon',
      environment: 'staging',
      settings: settingsWith({
        'timeouts.idleMinutes': 20,
        'persistence.cookie.sameSite': 'strict',
      }),
    },
    {
      name: 'Box Nice',
      environment: 'test',
      settings: settingsWith({ 'concurrency.maxSessionsPerUser': 3 }),
      viewer: true,
    },
    { name: 'Box Gone', environment: null, settings: settingsWith({}) },
  ]);
  await boxes['Box Gone']?.close();
  await app.reload();

  await openFleet(app, 4);
  const grid = app.getByRole('grid', { name: 'Fleet' });
  await expect(fleetRow(app, 'Box Gone')).toContainText('Unreachable');
  await expect(fleetRow(app, 'Box Nice')).toContainText('Read-only');
  await expect(grid.locator('td.fleet-differs')).toHaveCount(0);

  await app.getByLabel('Compare with').selectOption({ label: 'Box Paris' });
  const differing = grid.locator('td.fleet-differs');
  await expect(differing).toHaveCount(3);
  await expect(fleetRow(app, 'Box Lyon').locator('td.fleet-differs')).toHaveCount(2);
  await expect(fleetRow(app, 'Box Lyon').locator('td.fleet-differs').first()).toHaveAttribute(
    'title',
    'Differs from Box Paris, which has 30 min',
  );
  await expect(fleetRow(app, 'Box Nice').locator('td.fleet-differs')).toContainText('ref 5');
  await checkA11y('fleet table');
  await screenshots(app, 'fleet-table');

  await app.getByLabel('Only servers that differ from the reference').check();
  await expect(app.getByTestId('fleet-count')).toContainText('2 of 4 servers');
  await app.getByRole('button', { name: 'Clear filters' }).click();
  await app.getByLabel('Environment').selectOption({ label: 'Production' });
  await expect(app.getByTestId('fleet-count')).toContainText('1 of 4 servers');
  await app.getByRole('button', { name: 'Clear filters' }).click();

  await grid.getByRole('columnheader', { name: /^Idle/ }).click();
  await expect(grid.getByRole('columnheader', { name: /^Idle/ })).toHaveAttribute(
    'aria-sort',
    'ascending',
  );
  await expect(grid.locator('tbody tr.vt-row').first()).toContainText('Box Lyon');

  for (const name of ['Box Paris', 'Box Lyon', 'Box Nice'])
    await app.getByRole('checkbox', { name: `Select ${name}` }).check();
  await app.getByRole('button', { name: 'Compare…' }).click();
  const compare = app.getByRole('dialog', { name: 'Compare 3 servers' });
  await expect(compare.locator('thead th')).toHaveText([
    'Setting',
    /Box Paris/,
    /Box Lyon/,
    /Box Nice/,
  ]);
  await expect(compare.locator('td.fleet-differs')).toHaveCount(3);
  await checkA11y('compare dialog');
  await screenshots(app, 'fleet-compare');
});

test('create a profile from a server, edit it in the panels’ fields, and assign it', async ({
  app,
  core,
  referenceServers,
  checkA11y,
}) => {
  await addFleet(core, referenceServers, [
    {
      name: 'Box Alpha',
      environment: 'production',
      settings: settingsWith({ 'timeouts.idleMinutes': 20 }),
    },
    { name: 'Box Beta', environment: 'staging', settings: settingsWith({}) },
  ]);
  await app.reload();
  await openFleet(app, 2);
  await app.getByRole('tab', { name: 'Profiles' }).click();
  await app.getByRole('button', { name: 'New profile…' }).click();
  const dialog = app.getByRole('dialog', { name: 'New profile' });
  await dialog.getByLabel('Start from').selectOption({ label: 'Box Alpha’s current settings' });
  await dialog.getByLabel('Profile name').fill('Strict');
  await dialog.getByRole('button', { name: 'Create profile' }).click();
  await expect(dialog).toHaveCount(0);

  const editor = app.getByRole('region', { name: 'Strict' });
  await expect(editor.getByLabel('Idle timeout', { exact: true })).toHaveValue('20');
  await editor.getByLabel('Idle timeout', { exact: true }).fill('2000');
  await expect(editor.getByText('Idle timeout must be from 1 to 1,440 minutes')).toBeVisible();
  await expect(app.getByRole('button', { name: 'Save profile' })).toBeDisabled();
  await editor.getByLabel('Idle timeout', { exact: true }).fill('15');
  await expect(app.getByTestId('profile-save-bar')).toContainText('Idle timeout 20 min → 15 min');
  await expect(editor.getByRole('list', { name: 'Security baselines' })).toBeVisible();
  await checkA11y('profile editor');
  await screenshots(app, 'fleet-profile');
  await app.getByRole('button', { name: 'Save profile' }).click();
  await expect(app.getByTestId('profile-save-bar')).toHaveCount(0);
  const saved = await core.handlers['profiles:list'](undefined);
  expect(
    saved.ok &&
      saved.value.profiles.map((profile) => [profile.name, profile.settings.timeouts.idleMinutes]),
  ).toEqual([['Strict', 15]]);

  await app.getByRole('tab', { name: 'Servers' }).click();
  await app.getByRole('checkbox', { name: 'Select Box Beta' }).check();
  await app.getByLabel('Profile for the selected servers').selectOption({ label: 'Strict' });
  await app.getByRole('button', { name: 'Assign' }).click();
  // Compared with its new profile at once (drift:list agrees with the table's marks).
  await expect(fleetRow(app, 'Box Beta')).toContainText('Drifted from Strict');
  await app.getByRole('button', { name: 'Refresh' }).click();
  await expect(fleetRow(app, 'Box Beta')).toContainText('Drifted from Strict');
  await app.getByLabel('Compare with').selectOption({ label: 'Strict' });
  await expect(fleetRow(app, 'Box Beta').locator('td.fleet-differs')).toHaveCount(1);
});

test('a plan over three servers, one of them production: the diffs, then two confirmations', async ({
  app,
  core,
  referenceServers,
  checkA11y,
}) => {
  const boxes = await addFleet(core, referenceServers, [
    { name: 'Box Prod', environment: 'production', settings: settingsWith({}) },
    {
      name: 'Box Stage',
      environment: 'staging',
      settings: settingsWith({ 'concurrency.maxSessionsPerUser': 8 }),
    },
    {
      name: 'Box Lab',
      environment: 'test',
      settings: settingsWith({ 'timeouts.idleMinutes': 15 }),
    },
  ]);
  await core.handlers['profiles:create']({
    name: 'Baseline',
    from: { kind: 'settings', settings: settingsWith({ 'timeouts.idleMinutes': 15 }) },
  });
  await app.reload();
  await openFleet(app, 3);
  await app.getByRole('button', { name: 'Plan and apply…' }).click();
  const choose = app.getByRole('dialog', { name: 'Plan a change across servers' });
  await choose.getByLabel('Take the values of').selectOption({ label: 'Baseline' });
  await choose.getByRole('button', { name: 'All', exact: true }).click();
  await expect(choose.getByText('Target servers (3 of 3)')).toBeVisible();
  await choose.getByRole('button', { name: 'Make the plan' }).click();

  const review = app.getByRole('dialog', { name: 'The plan' });
  await expect(review.getByTestId('plan-change')).toContainText('Box Prod');
  await expect(review.getByRole('list', { name: 'Changes on Box Prod' })).toContainText(
    'Idle timeout 30 min → 15 min',
  );
  await expect(review.getByRole('list', { name: 'Changes on Box Stage' })).toContainText(
    'Maximum sessions per user 8 → 5',
  );
  await expect(review.getByTestId('plan-match')).toContainText('Box Lab');
  await checkA11y('plan');
  await screenshots(app, 'fleet-plan');
  await review.getByRole('button', { name: 'Apply to 2 servers…' }).click();

  const confirm = app.getByRole('alertdialog', { name: 'Apply this plan?' });
  // The name and its environment tag are apart by a CSS gap, not a space in the text.
  const prodTarget = confirm.getByTestId('confirm-targets').getByRole('listitem').first();
  await expect(prodTarget).toContainText('Box Prod');
  await expect(prodTarget.locator('.env-tag')).toHaveText('Production');
  await expect(confirm.getByRole('button', { name: 'Back' })).toBeFocused();
  await screenshots(app, 'fleet-confirm');
  await confirm.getByRole('button', { name: 'Apply to 2 servers' }).click();

  const again = app.getByRole('alertdialog', { name: 'Apply to production?' });
  await expect(again.getByTestId('production-confirm')).toContainText(
    '1 production server is among the targets: Box Prod.',
  );
  await expect(again.getByRole('button', { name: 'Back' })).toBeFocused();
  await checkA11y('production confirmation');
  await screenshots(app, 'fleet-confirm-production');
  await again.getByRole('button', { name: 'Apply to production too: Box Prod' }).click();

  const done = app.getByRole('dialog', { name: 'Applied' });
  await expect(done.getByTestId('apply-progress')).toContainText('Done: 3 of 3');
  await expect(done.getByTestId(`outcome-${boxes['Box Prod']?.id}`)).toContainText('Applied');
  await expect(done.getByTestId(`outcome-${boxes['Box Lab']?.id}`)).toContainText('Skipped');
  const token = await login(boxes['Box Prod']?.url ?? '', ADMIN_USER.username, ADMIN_USER.password);
  expect(await readSettings(boxes['Box Prod']?.url ?? '', token)).toMatchObject({
    timeouts: { idleMinutes: 15 },
  });
});

test('the outcome per server: another admin’s change gives a conflict, and Retry failed applies it', async ({
  app,
  core,
  referenceServers,
  checkA11y,
}) => {
  const boxes = await addFleet(core, referenceServers, [
    { name: 'Box One', environment: 'staging', settings: settingsWith({}) },
    { name: 'Box Two', environment: 'staging', settings: settingsWith({}) },
    { name: 'Box Three', environment: 'test', settings: settingsWith({}) },
  ]);
  await core.handlers['profiles:create']({
    name: 'Short idle',
    from: { kind: 'settings', settings: settingsWith({ 'timeouts.idleMinutes': 15 }) },
  });
  await app.reload();
  await openFleet(app, 3);
  await app.getByRole('button', { name: 'Select all shown' }).click();
  await app.getByRole('button', { name: 'Plan and apply…' }).click();
  const choose = app.getByRole('dialog', { name: 'Plan a change across servers' });
  await choose.getByLabel('Take the values of').selectOption({ label: 'Short idle' });
  await choose.getByLabel('Persistence & cookies').uncheck();
  await choose.getByLabel('Concurrency').uncheck();
  await choose.getByRole('button', { name: 'Make the plan' }).click();
  await expect(
    app.getByRole('dialog', { name: 'The plan' }).getByTestId('plan-change'),
  ).toContainText('Box Three');

  const two = boxes['Box Two']?.url ?? '';
  const token = await login(two, ADMIN_USER.username, ADMIN_USER.password);
  await changeSettings(two, token, (settings) => {
    (settings.concurrency as Record<string, unknown>).maxSessionsPerUser = 4;
  });

  await app.getByRole('button', { name: 'Apply to 3 servers…' }).click();
  await app.getByRole('button', { name: 'Apply to 3 servers' }).click();
  const done = app.getByRole('dialog', { name: 'Applied' });
  await expect(done.getByTestId('apply-progress')).toContainText('Done: 3 of 3');
  const conflict = done.getByTestId(`outcome-${boxes['Box Two']?.id}`);
  await expect(conflict).toContainText('Conflict');
  await expect(conflict).toContainText('Its values now');
  await expect(done.getByTestId(`outcome-${boxes['Box One']?.id}`)).toContainText('Applied');
  expect(await readSettings(two, token)).toMatchObject({
    timeouts: { idleMinutes: 30 },
    concurrency: { maxSessionsPerUser: 4 },
  });
  await checkA11y('apply outcomes');
  await screenshots(app, 'fleet-outcomes');

  await done.getByRole('button', { name: 'Retry failed (1)' }).click();
  const retry = app.getByRole('dialog', { name: 'The plan' });
  await expect(retry.getByTestId('plan-change')).toContainText('Box Two');
  await expect(retry.getByTestId('plan-change')).not.toContainText('Box One');
  await retry.getByRole('button', { name: 'Apply to 1 server…' }).click();
  await app.getByRole('button', { name: 'Apply to 1 server' }).click();
  const retried = app.getByRole('dialog', { name: 'Applied' });
  await expect(retried.getByTestId(`outcome-${boxes['Box Two']?.id}`)).toContainText('Applied');
  await expect(retried.getByTestId('apply-progress')).toContainText('Done: 1 of 1');
  await screenshots(app, 'fleet-retry');
  expect(await readSettings(two, token)).toMatchObject({
    timeouts: { idleMinutes: 15 },
    concurrency: { maxSessionsPerUser: 4 },
  });
});

test('an import shows what it adds, replaces and refuses before it changes anything', async ({
  app,
  core,
  referenceServers,
  checkA11y,
}) => {
  await addFleet(core, referenceServers, [
    { name: 'Box Home', environment: 'production', settings: settingsWith({}) },
  ]);
  await core.handlers['profiles:create']({
    name: 'Strict',
    from: { kind: 'settings', settings: settingsWith({ 'timeouts.idleMinutes': 15 }) },
  });
  const exported = await core.handlers['fleet:export'](undefined);
  if (!exported.ok) throw new Error(exported.error.message);
  const file = JSON.parse(exported.value.json) as {
    servers: Record<string, unknown>[];
    profiles: { name: string; settings: Record<string, Record<string, unknown>> }[];
  };
  file.servers.push(
    {
      ...file.servers[0],
      name: 'Box Away',
      baseUrl: 'https://away.example',
      environment: 'staging',
    },
    { name: 'Box Broken', baseUrl: 'not an address' },
  );
  const strict = file.profiles[0];
  if (strict) strict.settings.timeouts = { ...strict.settings.timeouts, idleMinutes: 10 };
  file.profiles.push({
    name: 'Lenient',
    settings: settingsWith({ 'timeouts.idleMinutes': 60 }) as never,
  });

  await app.reload();
  await openFleet(app, 1);
  await app.getByTestId('fleet-import-file').setInputFiles({
    name: 'fleet.json',
    mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify(file)),
  });
  const dialog = app.getByRole('dialog', { name: 'Import fleet.json' });
  await expect(dialog.getByTestId('import-servers-add')).toContainText('Box Away');
  await expect(dialog.getByTestId('import-servers-existing')).toContainText('Box Home');
  await expect(dialog.getByTestId('import-profiles-add')).toContainText('Lenient');
  await expect(dialog.getByTestId('import-profiles-replace')).toContainText(
    'Idle timeout 15 min → 10 min',
  );
  await expect(dialog.getByTestId('import-refused')).toContainText('Box Broken');
  await expect(dialog.getByRole('button', { name: 'Cancel' })).toBeFocused();
  const before = await core.handlers['servers:list'](undefined);
  expect(before.ok && before.value.servers.length).toBe(1);
  await checkA11y('import preview');
  await screenshots(app, 'fleet-import-preview');

  await dialog.getByRole('button', { name: 'Import' }).click();
  await expect(dialog.getByTestId('import-done')).toContainText(
    'Imported 1 server and 2 profiles.',
  );
  await dialog.getByRole('button', { name: 'Close' }).click();
  await expect(app.getByRole('navigation', { name: 'Servers' })).toContainText('Box Away');

  await app.getByTestId('fleet-import-file').setInputFiles({
    name: 'future.json',
    mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify({ ...file, version: 99 })),
  });
  await expect(
    app.getByRole('dialog', { name: 'Import future.json' }).getByTestId('import-refused-file'),
  ).toContainText('written by a newer version of the app');
});

// Main coalesces its status pushes now (it pushed one whole list per server at start), but
// a refresh still sends one progress event per server, which the harness forwards into the
// page one evaluate at a time: 500 servers take over a minute on a loaded machine, so this
// scenario lists 200 (the table then still renders under half of its rows).
const MANY = 200;
const ENVIRONMENTS = ['production', 'staging', 'test', null] as const;

test.describe('a long list', () => {
  test.use({
    registryText: JSON.stringify({
      format: 1,
      servers: Array.from({ length: MANY }, (_, index) => ({
        id: `box-${index + 1}`,
        name: `Box ${String(index + 1).padStart(3, '0')}`,
        baseUrl: `https://box-${index + 1}.fleet.example`,
        environment: ENVIRONMENTS[index % 4] ?? null,
        authKind: 'account',
        username: 'admin',
        pinnedFingerprint: null,
        lastEventId: 0,
      })),
    }),
  });

  test('the sidebar filters the servers, and the fleet table renders only the rows in view', async ({
    app,
    checkA11y,
  }) => {
    const sidebar = app.getByRole('navigation', { name: 'Servers' });
    await sidebar.getByLabel('Filter servers').fill('box-42.');
    await expect(sidebar.getByRole('listitem')).toHaveText([/Box 042/]);
    await sidebar.getByLabel('Filter servers').fill('staging 10');
    await expect(sidebar.getByText(`4 of ${MANY} servers`)).toBeVisible();
    await expect(sidebar.getByRole('listitem')).toHaveText([
      /Box 010/,
      /Box 102/,
      /Box 106/,
      /Box 110/,
    ]);
    await checkA11y('sidebar filter');
    await screenshots(app, 'sidebar-filter');
    await sidebar.getByLabel('Filter servers').fill('');

    await openFleet(app, MANY);
    const grid = app.getByRole('grid', { name: 'Fleet' });
    await expect(grid).toHaveAttribute('aria-rowcount', String(MANY + 2));
    await expect(fleetRow(app, 'Box 001')).toContainText('Not signed in');
    expect(await grid.locator('tbody tr.vt-row').count()).toBeLessThan(MANY / 2);

    await grid.getByRole('gridcell').first().click();
    await app.keyboard.press('Control+End');
    const last = grid.locator(`tr[aria-rowindex="${MANY + 2}"]`);
    await expect(last).toContainText(`Box ${MANY}`);
    await expect(last.locator('td').last()).toBeFocused();
    expect(await grid.locator('tbody tr.vt-row').count()).toBeLessThan(MANY / 2);
    await app.keyboard.press('Home');
    await app.keyboard.press('ArrowUp');
    await expect(grid.locator(`tr[aria-rowindex="${MANY + 1}"] td`).first()).toBeFocused();
    await app.keyboard.press(' ');
    await expect(app.getByTestId('fleet-selected')).toHaveText('1 server selected.');
    await app.keyboard.press('Control+Home');
    await expect(grid.locator('tr[aria-rowindex="3"] td').first()).toBeFocused();
    await checkA11y('fleet table of many servers');
    await screenshots(app, 'fleet-many');
  });
});
