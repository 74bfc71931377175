import { ADMIN, ADMIN_USER, expect, test } from './harness/fixtures';
import { addServer, login, openPanel, screenshots } from './harness/people';

const ALICE = { username: 'alice', password: 'alice in chains 1', permissions: [] as string[] };

test('revoke one session', async ({ app, referenceServers, checkA11y }) => {
  const box = await referenceServers.start({ name: 'Box R', seed: { users: [ADMIN_USER, ALICE] } });
  await login(box.url, 'alice', ALICE.password);
  await login(box.url, 'alice', ALICE.password);
  await addServer(app, { name: 'Box R', url: box.url });
  await openPanel(app, 'Operations');
  const table = app.getByRole('table', { name: /Active sessions/ });
  await expect(table.getByRole('row')).toHaveCount(4);

  await app.getByLabel('Filter by user').fill('ali');
  await expect(table.getByRole('row')).toHaveCount(3);
  await table.getByRole('button', { name: 'User' }).click();
  await expect(table.getByRole('columnheader', { name: 'User' })).toHaveAttribute(
    'aria-sort',
    'ascending',
  );

  await table
    .getByRole('button', { name: /Revoke alice’s session/ })
    .first()
    .click();
  const dialog = app.getByRole('alertdialog', { name: 'Revoke alice’s session?' });
  await expect(dialog).toContainText('has to log in again on that device');
  await expect(dialog.getByRole('button', { name: 'Cancel' })).toBeFocused();
  await checkA11y('revoke dialog');
  await screenshots(app, 'revoke-dialog');
  await dialog.getByRole('button', { name: 'Revoke session' }).click();

  await expect(dialog).toBeHidden();
  await expect(app.getByTestId('notice')).toContainText('alice’s session from');
  await expect(table.getByRole('row')).toHaveCount(2);
  await app.getByLabel('Filter by user').fill('');
  await expect(table.getByRole('row')).toHaveCount(3);
  await expect(app.getByRole('heading', { name: /Active sessions/ })).toContainText('2');
});

test('invalidate all with a wrong, then the right name: the count, and the app still connected', async ({
  app,
  referenceServers,
  checkA11y,
}) => {
  const box = await referenceServers.start({
    name: 'Box Prod',
    seed: { users: [ADMIN_USER, ALICE] },
  });
  await login(box.url, 'alice', ALICE.password);
  await login(box.url, 'alice', ALICE.password);
  await addServer(app, {
    name: 'Box Prod',
    url: box.url,
    environment: 'Production',
  });
  await openPanel(app, 'Operations');
  await expect(app.getByRole('table', { name: /Active sessions/ }).getByRole('row')).toHaveCount(4);

  await app.getByRole('button', { name: 'Invalidate all sessions…' }).click();
  const dialog = app.getByRole('alertdialog', { name: /Invalidate all sessions on Box Prod\?/ });
  await expect(dialog).toContainText('3 active sessions on Box Prod end now');
  await expect(dialog).toContainText('You will be logged out too');
  await expect(dialog).toContainText('Local API keys are not affected');
  await expect(dialog.getByRole('button', { name: 'Cancel' })).toBeFocused();
  const confirm = dialog.getByRole('button', { name: 'Invalidate 3 sessions' });
  await expect(confirm).toBeDisabled();

  await dialog.getByLabel(/Type Box Prod to confirm/).fill('box prod');
  await expect(confirm).toBeDisabled();
  await expect(dialog).toContainText('This does not match the server name yet.');
  await checkA11y('invalidate-all dialog');
  await screenshots(app, 'invalidate-all-dialog');
  await dialog.getByLabel(/Type Box Prod to confirm/).fill('Box Prod');
  await expect(confirm).toBeEnabled();
  await confirm.click();

  await expect(dialog).toBeHidden();
  const notice = app.getByTestId('notice');
  await expect(notice).toContainText('3 sessions ended on Box Prod');
  await expect(notice).toContainText(
    'signed in again with the stored account and is still connected',
  );
  await expect(
    app.getByRole('navigation', { name: 'Servers' }).getByRole('button', { name: /Box Prod/ }),
  ).toContainText('Connected');
  const table = app.getByRole('table', { name: /Active sessions/ });
  await expect(table.getByRole('row')).toHaveCount(2);
  await expect(table).toContainText('this app');
  await screenshots(app, 'after-invalidate-all');
});

test('another admin logs everyone out: the mass logout shows up, with the way to Operations', async ({
  app,
  referenceServers,
  checkA11y,
}) => {
  const colleague = { username: 'colleague', password: 'another admin 456', permissions: ADMIN };
  const box = await referenceServers.start({
    name: 'Box Watch',
    seed: { users: [ADMIN_USER, colleague] },
  });
  await addServer(app, { name: 'Box Watch', url: box.url });
  const token = await login(box.url, 'colleague', colleague.password);

  const response = await fetch(`${box.url}/api/sessions/invalidate-all`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ confirm: 'INVALIDATE ALL SESSIONS' }),
  });
  expect(response.status).toBe(200);

  const banner = app.getByTestId('mass-logout');
  await expect(banner).toBeVisible({ timeout: 20_000 });
  await expect(banner).toContainText('Mass logout on Box Watch: colleague ended 2 sessions');
  const sidebar = app.getByRole('navigation', { name: 'Servers' });
  await expect(sidebar.getByText('1 unread mass logout')).toBeVisible();
  await checkA11y('mass logout banner');
  await screenshots(app, 'mass-logout');
  await openPanel(app, 'Concurrency');
  await expect(app.getByTestId('users-above')).toBeVisible();
  await expect(sidebar.getByText('1 unread mass logout')).toBeVisible();
  await app.getByRole('button', { name: 'Show Operations' }).click();
  await expect(app.getByRole('tab', { name: 'Operations' })).toHaveAttribute(
    'aria-selected',
    'true',
  );
  // Opening Operations is what reads it (servers:mark-read), and the sidebar follows.
  await expect(sidebar.getByText('1 unread mass logout')).toHaveCount(0);
});
