import { getPassword } from 'keytar';
import { totpCode } from '../../server/index';
import { KEYCHAIN_SERVICE } from '../../src-main/core/registry/credential-store';
import { ADMIN_USER, expect, test } from './harness/fixtures';
import { pickSettings, type SessionSettings } from '../../src-shared/settings';
import { addServer, fillAddDialog, login, screenshots } from './harness/people';

test('add a self-signed server and pin its certificate', async ({
  app,
  core,
  referenceServers,
  checkA11y,
}) => {
  const box = await referenceServers.start({
    name: 'Box TLS',
    seed: { users: [ADMIN_USER] },
    tls: 'self-signed',
  });
  await fillAddDialog(app, { name: 'Box TLS', url: box.url });
  await app
    .getByRole('dialog', { name: 'Add a server' })
    .getByRole('button', { name: 'Test connection' })
    .click();

  const certificate = app.getByRole('alertdialog', { name: 'Check this server’s certificate' });
  await expect(certificate.getByTestId('fingerprint')).toHaveText(
    box.fingerprint256 ?? 'a fingerprint',
  );
  await expect(certificate).toContainText('self-signed');
  await expect(certificate.getByRole('button', { name: 'Cancel' })).toBeFocused();
  await certificate.getByText('How to check this fingerprint on the server').click();
  await expect(certificate).toContainText('openssl x509');
  await checkA11y('certificate dialog');
  await screenshots(app, 'certificate-dialog');
  await app.keyboard.press('Escape');
  await expect(certificate).toBeHidden();
  await expect(app.getByRole('dialog', { name: 'Add a server' })).toBeVisible();

  await app
    .getByRole('dialog', { name: 'Add a server' })
    .getByRole('button', { name: 'Add server' })
    .click();
  await certificate.getByRole('button', { name: 'Trust this certificate' }).click();
  await expect(app.getByRole('dialog')).toHaveCount(0);
  await expect(app.getByLabel('Idle timeout', { exact: true })).toHaveValue('30');
  const listed = await core.handlers['servers:list'](undefined);
  expect(listed.ok && listed.value.servers.map((server) => server.pinnedFingerprint)).toEqual([
    box.fingerprint256,
  ]);
});

test('the certificate changes: the server shows "certificate changed" until the new one is trusted', async ({
  app,
  referenceServers,
  checkA11y,
}) => {
  const first = await referenceServers.start({
    name: 'Box Pin',
    seed: { users: [ADMIN_USER] },
    tls: 'self-signed',
  });
  await fillAddDialog(app, { name: 'Box Pin', url: first.url });
  await app
    .getByRole('dialog', { name: 'Add a server' })
    .getByRole('button', { name: 'Add server' })
    .click();
  await app.getByRole('button', { name: 'Trust this certificate' }).click();
  await expect(app.getByLabel('Idle timeout', { exact: true })).toHaveValue('30');

  await first.close();
  const second = await referenceServers.start({
    dataDir: first.dataDir,
    port: first.port,
    tls: 'self-signed',
  });
  expect(second.fingerprint256).not.toBe(first.fingerprint256);
  await app.getByRole('button', { name: 'Test connection' }).click();

  const sidebar = app.getByRole('navigation', { name: 'Servers' });
  await expect(sidebar.getByRole('button', { name: /Box Pin/ })).toContainText(
    'Certificate changed',
  );
  await expect(app.getByTestId('header-test-result')).toContainText('The certificate changed');
  await screenshots(app, 'certificate-changed');

  await app.reload();
  await app.getByRole('button', { name: 'Review the certificate…' }).click();
  const dialog = app.getByRole('alertdialog', { name: 'The certificate of Box Pin changed' });
  await expect(dialog.getByTestId('fingerprint')).toHaveText(
    second.fingerprint256 ?? 'a fingerprint',
  );
  await expect(dialog).toContainText(first.fingerprint256 ?? 'a fingerprint');
  await expect(dialog.getByRole('button', { name: 'Cancel' })).toBeFocused();
  await checkA11y('changed certificate dialog');
  await screenshots(app, 'certificate-changed-dialog');
  await dialog.getByRole('button', { name: 'Trust the new certificate' }).click();
  await expect(app.getByLabel('Idle timeout', { exact: true })).toHaveValue('30');
  await expect(sidebar.getByRole('button', { name: /Box Pin/ })).toContainText('Connected');
});

test('remove a server, and its secret is gone from the keychain', async ({
  app,
  core,
  referenceServers,
  checkA11y,
}) => {
  const box = await referenceServers.start({ name: 'Box Gone', seed: { users: [ADMIN_USER] } });
  await addServer(app, {
    name: 'Box Gone',
    url: box.url,
    environment: 'Test',
  });
  const listed = await core.handlers['servers:list'](undefined);
  const id = listed.ok ? listed.value.servers[0]?.id : undefined;
  expect(id).toBeDefined();
  expect(await getPassword(KEYCHAIN_SERVICE, id ?? '')).toContain(ADMIN_USER.password);

  await app.getByRole('button', { name: 'Remove…' }).click();
  const dialog = app.getByRole('alertdialog', { name: /Remove Box Gone\?/ });
  await expect(dialog).toContainText('deletes its stored password from the system keychain');
  await expect(dialog.getByRole('button', { name: 'Cancel' })).toBeFocused();
  await checkA11y('remove dialog');
  await screenshots(app, 'remove-dialog');
  await dialog.getByRole('button', { name: 'Remove server' }).click();

  await expect(app.getByRole('heading', { name: 'No server yet' })).toBeVisible();
  expect(await getPassword(KEYCHAIN_SERVICE, id ?? '')).toBeNull();
});

test('an account with a one-time code: the dialog asks for it, then the server is added', async ({
  app,
  referenceServers,
  checkA11y,
}) => {
  const secret = 'JBSWY3DPEHPK3PXP';
  const box = await referenceServers.start({
    name: 'Box OTP',
    seed: { users: [{ ...ADMIN_USER, totpSecret: secret }] },
  });
  await fillAddDialog(app, { name: 'Box OTP', url: box.url });
  const dialog = app.getByRole('dialog', { name: 'Add a server' });
  await dialog.getByRole('button', { name: 'Test connection' }).click();

  await expect(dialog.getByRole('alert')).toContainText('This account needs a one-time code.');
  const code = dialog.getByLabel('One-time code');
  await expect(code).toBeVisible();
  await checkA11y('add dialog asking for a one-time code');
  await screenshots(app, 'otp-prompt');
  await code.fill(totpCode(secret, Date.now()));
  await dialog.getByRole('button', { name: 'Add server' }).click();

  await expect(app.getByRole('dialog')).toHaveCount(0);
  await expect(app.getByLabel('Idle timeout', { exact: true })).toHaveValue('30');
});

test('everything works from the keyboard: tabs by arrow keys, dialogs trap focus and close on Escape', async ({
  app,
  referenceServers,
}) => {
  const box = await referenceServers.start({ name: 'Box Keys', seed: { users: [ADMIN_USER] } });
  await addServer(app, { name: 'Box Keys', url: box.url });

  await app.getByRole('tab', { name: 'Timeouts' }).focus();
  await app.keyboard.press('ArrowRight');
  await expect(app.getByRole('tab', { name: 'Persistence & cookies' })).toBeFocused();
  await expect(app.getByRole('tab', { name: 'Persistence & cookies' })).toHaveAttribute(
    'aria-selected',
    'true',
  );
  await app.keyboard.press('End');
  await expect(app.getByRole('tab', { name: 'Activity' })).toHaveAttribute('aria-selected', 'true');

  const remove = app.getByRole('button', { name: 'Remove…' });
  await remove.focus();
  await app.keyboard.press('Enter');
  const dialog = app.getByRole('alertdialog', { name: /Remove Box Keys\?/ });
  await expect(dialog.getByRole('button', { name: 'Cancel' })).toBeFocused();
  await app.keyboard.press('Tab');
  await expect(dialog.getByRole('button', { name: 'Remove server' })).toBeFocused();
  await app.keyboard.press('Tab');
  await expect(dialog.getByRole('button', { name: 'Cancel' })).toBeFocused();
  await app.keyboard.press('Shift+Tab');
  await expect(dialog.getByRole('button', { name: 'Remove server' })).toBeFocused();
  await app.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(remove).toBeFocused();
  await expect(app.getByRole('navigation', { name: 'Servers' })).toContainText('Box Keys');
});

test('edit a server: a new name and environment, keeping the stored credentials', async ({
  app,
  referenceServers,
  checkA11y,
}) => {
  const box = await referenceServers.start({ name: 'Box Edit', seed: { users: [ADMIN_USER] } });
  await addServer(app, { name: 'Box Edit', url: box.url });

  await app.getByRole('button', { name: 'Edit…' }).click();
  const dialog = app.getByRole('dialog', { name: 'Edit Box Edit' });
  await expect(dialog.getByLabel('Replace the stored credentials')).not.toBeChecked();
  await expect(dialog.getByLabel('Password')).toHaveCount(0);
  await checkA11y('edit server dialog');
  await screenshots(app, 'edit-server-dialog');
  await dialog.getByLabel('Display name').fill('Box Staging');
  await dialog.getByLabel('Environment').selectOption({ label: 'Staging' });
  await dialog.getByRole('button', { name: 'Save' }).click();

  await expect(app.getByRole('dialog')).toHaveCount(0);
  const item = app
    .getByRole('navigation', { name: 'Servers' })
    .getByRole('button', { name: /Box Staging/ });
  await expect(item).toContainText('Staging');
  await expect(item).toContainText('Connected');
  await expect(app.getByLabel('Idle timeout', { exact: true })).toHaveValue('30');
});

test('an imported self-signed server: its fingerprint is compared, not trusted, until the admin trusts it', async ({
  app,
  core,
  referenceServers,
  checkA11y,
}) => {
  const box = await referenceServers.start({
    name: 'Box Import',
    seed: { users: [ADMIN_USER] },
    tls: 'self-signed',
  });
  const imported = await core.handlers['servers:import']({
    json: JSON.stringify({
      format: 'quickbox-session-companion/servers',
      version: 1,
      servers: [
        {
          name: 'Box Import',
          baseUrl: box.url,
          environment: null,
          authKind: 'account',
          username: ADMIN_USER.username,
          pinnedFingerprint: box.fingerprint256,
        },
      ],
    }),
  });
  expect(imported.ok && imported.value.added[0]?.pinnedFingerprint).toBeNull();
  await app.reload();
  await app
    .getByRole('navigation', { name: 'Servers' })
    .getByRole('button', { name: /Box Import/ })
    .click();
  await app.getByRole('button', { name: 'Edit server…' }).click();
  const dialog = app.getByRole('dialog', { name: 'Edit Box Import' });
  await dialog.getByLabel('Replace the stored credentials').check();
  await dialog.getByLabel('Password').fill(ADMIN_USER.password);
  await dialog.getByRole('button', { name: 'Save' }).click();

  const review = app.getByRole('alertdialog', { name: 'Check this server’s certificate' });
  await expect(review.getByTestId('imported-fingerprint')).toHaveText(box.fingerprint256 ?? '');
  await expect(review.getByTestId('import-comparison')).toContainText(
    'matches the fingerprint in the imported file',
  );
  await checkA11y('certificate review of an imported server');
  await screenshots(app, 'certificate-imported');
  await review.getByRole('button', { name: 'Trust this certificate' }).click();

  await expect(app.getByRole('dialog')).toHaveCount(0);
  await expect(app.getByLabel('Idle timeout', { exact: true })).toHaveValue('30');
  const listed = await core.handlers['servers:list'](undefined);
  expect(listed.ok && listed.value.servers[0]).toMatchObject({
    pinnedFingerprint: box.fingerprint256,
    expectedFingerprint: null,
  });
});

test('edit a server’s address: another host asks for the credentials again before saving', async ({
  app,
  referenceServers,
}) => {
  const box = await referenceServers.start({ name: 'Box Here', seed: { users: [ADMIN_USER] } });
  const other = await referenceServers.start({ name: 'Box There', seed: { users: [ADMIN_USER] } });
  await addServer(app, { name: 'Box Here', url: box.url });

  await app.getByRole('button', { name: 'Edit…' }).click();
  const dialog = app.getByRole('dialog', { name: 'Edit Box Here' });
  await dialog.getByLabel('Address').fill(`${box.url}/`);
  await expect(dialog.getByTestId('new-origin')).toHaveCount(0);
  await dialog.getByLabel('Address').fill(other.url);
  await expect(dialog.getByTestId('new-origin')).toContainText(
    'type its password or API key again',
  );
  await expect(dialog.getByLabel('Replace the stored credentials')).toBeChecked();
  await expect(dialog.getByLabel('Replace the stored credentials')).toBeDisabled();
  await dialog.getByRole('button', { name: 'Save' }).click();
  await expect(dialog.getByRole('alert')).toBeVisible();

  await dialog.getByLabel('Password').fill(ADMIN_USER.password);
  await dialog.getByRole('button', { name: 'Save' }).click();
  await expect(app.getByRole('dialog')).toHaveCount(0);
  await expect(
    app.getByRole('navigation', { name: 'Servers' }).getByRole('button', { name: /Box Here/ }),
  ).toContainText('Connected');
});

test('signed out by a sign-in elsewhere (one session per user): the app waits, then signs in again when asked', async ({
  app,
  core,
  referenceServers,
}) => {
  const writeKey = 'qbk_e2e_signed_out_elsewhere_0001';
  const box = await referenceServers.start({
    name: 'Box Single',
    seed: { users: [ADMIN_USER], apiKeys: [{ key: writeKey, scopes: ['read', 'write'] }] },
  });
  const seen: string[] = [];
  core.subscribe('events:server-event', ({ event }) => seen.push(event.type));
  await addServer(app, { name: 'Box Single', url: box.url });
  // Another admin sets one session per user; the app seeing it proves its stream is open.
  const current = await fetch(`${box.url}/api/settings/sessions`, {
    headers: { 'x-api-key': writeKey },
  });
  const settings = (await current.json()) as SessionSettings;
  await fetch(`${box.url}/api/settings/sessions`, {
    method: 'PUT',
    headers: {
      'x-api-key': writeKey,
      'content-type': 'application/json',
      'if-match': current.headers.get('etag') ?? '',
    },
    body: JSON.stringify({ ...pickSettings(settings), concurrency: { maxSessionsPerUser: 1 } }),
  });
  await expect.poll(() => seen.includes('settings.updated')).toBe(true);

  await login(box.url, ADMIN_USER.username, ADMIN_USER.password);

  const header = app.locator('.server-header');
  await expect(header).toContainText('Signed out by your sign-in elsewhere');
  await expect(header).toContainText("took this app's place");
  await header.getByRole('button', { name: 'Sign in again' }).click();
  await expect(header).toContainText('Connected');
  await expect(header.getByRole('button', { name: 'Sign in again' })).toHaveCount(0);
});
