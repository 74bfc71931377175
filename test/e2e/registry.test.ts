import { expect, test } from './harness/fixtures';
import { screenshots } from './harness/people';

test.describe('a server list file that cannot be read', () => {
  test.use({ registryText: '{ "version": 1, "servers": [ { "id": ' });

  test('is set aside and reported, never silently replaced', async ({
    app,
    dataDir,
    checkA11y,
  }) => {
    const banner = app.getByTestId('registry-problem');

    await expect(banner).toContainText('The saved list of servers could not be read as it was.');
    await expect(banner).toContainText(dataDir);
    await expect(banner).toContainText('Add your servers again, or import a list you exported.');
    await expect(app.getByRole('heading', { name: 'No server yet' })).toBeVisible();
    await checkA11y('registry problem banner');
    await screenshots(app, 'registry-problem');
  });
});
