import { expect, test } from './harness/fixtures';
import { addFleet, fleetRow, openFleet, settingsWith } from './harness/fleet-people';
import { screenshots } from './harness/people';

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
