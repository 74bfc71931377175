import { getPassword } from 'keytar';
import { KEYCHAIN_SERVICE } from '../../src-main/core/credential-store';
import { ADMIN, expect, test } from './harness/fixtures';
import { addServer, fillAddDialog, screenshots } from './harness/people';

const ADMIN_USER = { username: 'admin', password: 'correct horse battery', permissions: ADMIN };

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
  await fillAddDialog(app, {
    name: 'Box TLS',
    url: box.url,
    username: 'admin',
    password: ADMIN_USER.password,
  });
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
  await fillAddDialog(app, {
    name: 'Box Pin',
    url: first.url,
    username: 'admin',
    password: ADMIN_USER.password,
  });
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
    username: 'admin',
    password: ADMIN_USER.password,
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
