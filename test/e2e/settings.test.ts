import { ADMIN, ADMIN_USER, VIEWER, expect, test } from './harness/fixtures';
import {
  addServer,
  changeSettings,
  fillAddDialog,
  login,
  openPanel,
  readSettings,
  screenshots,
} from './harness/people';

test('add a server with an account, test it, and see the four panels filled from it', async ({
  app,
  referenceServers,
  checkA11y,
}) => {
  const box = await referenceServers.start({
    name: 'Box A',
    seed: {
      users: [ADMIN_USER],
      settings: {
        timeouts: { sessionMinutes: 240, idleMinutes: 20, absoluteMinutes: 1440 },
        persistence: {
          rememberMeDays: 7,
          resetExpiryAtLogon: true,
          cookie: { secure: true, sameSite: 'strict', path: '/dash' },
        },
        concurrency: { maxSessionsPerUser: 3 },
      },
    },
  });
  await expect(app.getByRole('heading', { name: 'No server yet' })).toBeVisible();
  await checkA11y('empty window');
  await screenshots(app, 'empty');

  await fillAddDialog(app, {
    name: 'Box A',
    url: box.url,
    environment: 'Production',
  });
  const dialog = app.getByRole('dialog', { name: 'Add a server' });
  await dialog.getByRole('button', { name: 'Test connection' }).click();
  await expect(dialog.getByTestId('test-result')).toContainText(
    'signed in as admin, can read and change session settings',
  );
  await checkA11y('add server dialog');
  await screenshots(app, 'add-server-dialog');
  await dialog.getByRole('button', { name: 'Add server' }).click();

  const sidebar = app.getByRole('navigation', { name: 'Servers' });
  await expect(sidebar.getByRole('button', { name: /Box A/ })).toContainText('Connected');
  await expect(sidebar.getByRole('button', { name: /Box A/ })).toContainText('Production');
  await expect(app.getByLabel('Idle timeout', { exact: true })).toHaveValue('20');
  await expect(app.getByLabel('Idle timeout unit')).toHaveValue('1');
  await expect(app.getByLabel('Session timeout', { exact: true })).toHaveValue('4');
  await expect(app.getByLabel('Session timeout unit')).toHaveValue('60');
  await expect(app.getByLabel('Absolute timeout', { exact: true })).toHaveValue('1');
  await expect(app.getByLabel('Absolute timeout unit')).toHaveValue('1440');
  await expect(app.getByRole('img', { name: /Session lifetime/ })).toBeVisible();
  await expect(app.getByText('Meets OWASP Session Management Cheat Sheet')).toHaveCount(0);
  await expect(app.getByRole('list', { name: 'Security baselines' })).toContainText(
    'NIST SP 800-63B',
  );
  await checkA11y('timeouts panel');
  await screenshots(app, 'timeouts');

  await openPanel(app, 'Persistence & cookies');
  await expect(app.getByLabel('Remember-me duration')).toHaveValue('7');
  await expect(app.getByLabel('Reset expiry at logon')).toBeChecked();
  await expect(app.getByLabel('Secure cookie')).toBeChecked();
  await expect(app.getByLabel('SameSite')).toHaveValue('strict');
  await expect(app.getByLabel('Cookie path')).toHaveValue('/dash');
  await checkA11y('persistence panel');
  await screenshots(app, 'persistence');

  await openPanel(app, 'Concurrency');
  await expect(app.getByLabel('Maximum sessions per user')).toHaveValue('3');
  await expect(app.getByTestId('users-above')).toContainText('1 active session across 1 user');
  await app.getByLabel('Maximum sessions per user').fill('0');
  await expect(app.getByText('Maximum sessions per user must be from 1 to 100')).toBeVisible();
  await app.getByLabel('Maximum sessions per user').fill('3');
  await checkA11y('concurrency panel');
  await screenshots(app, 'concurrency');

  await openPanel(app, 'Operations');
  const table = app.getByRole('table', { name: /Active sessions/ });
  await expect(table.getByRole('row')).toHaveCount(2);
  await expect(table).toContainText('this app');
  await checkA11y('operations panel');
  await screenshots(app, 'operations');
});

test('type an invalid idle timeout, see the error, fix it and save', async ({
  app,
  referenceServers,
  checkA11y,
}) => {
  const box = await referenceServers.start({ name: 'Box B', seed: { users: [ADMIN_USER] } });
  await addServer(app, { name: 'Box B', url: box.url });
  const idle = app.getByLabel('Idle timeout', { exact: true });
  const save = app.getByRole('button', { name: 'Save', exact: true });

  await idle.fill('2000');
  await expect(
    app.getByText('Idle timeout must be from 1 to 1,440 minutes (it is 2,000).'),
  ).toBeVisible();
  await expect(idle).toHaveAttribute('aria-invalid', 'true');
  await expect(save).toBeDisabled();
  await expect(app.getByTestId('save-bar')).toContainText('1 problem to fix before saving');
  await checkA11y('timeouts with an error');
  await screenshots(app, 'timeouts-error');

  await openPanel(app, 'Operations').catch(() => undefined);
  const guard = app.getByRole('alertdialog', { name: 'Discard unsaved changes?' });
  await expect(guard).toBeVisible();
  await expect(guard.getByRole('button', { name: 'Stay' })).toBeFocused();
  await checkA11y('unsaved changes dialog');
  await screenshots(app, 'unsaved-dialog');
  await app.keyboard.press('Escape');
  await expect(guard).toBeHidden();
  await expect(app.getByRole('tab', { name: 'Timeouts' })).toHaveAttribute('aria-selected', 'true');

  await idle.fill('20');
  await expect(app.getByText(/Idle timeout must be/)).toHaveCount(0);
  await expect(app.getByTestId('save-bar')).toContainText('Idle timeout 30 min → 20 min');
  await screenshots(app, 'save-bar');
  await save.click();

  const note = app.getByTestId('after-save');
  await expect(note).toContainText('new sessions only');
  await expect(note).toContainText('1 existing session keeps the values it started with');
  await expect(app.getByTestId('save-bar')).toHaveCount(0);
  await screenshots(app, 'after-save');
  const token = await login(box.url, 'admin', ADMIN_USER.password);
  const saved = await readSettings(box.url, token);
  expect(saved).toMatchObject({ timeouts: { idleMinutes: 20 }, version: 2 });

  await note.getByRole('button', { name: 'End existing sessions in Operations' }).click();
  await expect(app.getByRole('tab', { name: 'Operations' })).toHaveAttribute(
    'aria-selected',
    'true',
  );
});

test('a viewer account sees read-only panels with the reason', async ({
  app,
  referenceServers,
  checkA11y,
}) => {
  const box = await referenceServers.start({
    name: 'Box V',
    seed: { users: [{ username: 'viewer', password: 'just looking 123', permissions: VIEWER }] },
  });
  await addServer(app, {
    name: 'Box V',
    url: box.url,
    username: 'viewer',
    password: 'just looking 123',
  });

  await expect(app.getByRole('navigation', { name: 'Servers' })).toContainText('Read-only');
  const banner = app.getByTestId('read-only-banner');
  await expect(banner).toContainText(
    'The account “viewer” can look at these settings but not change them',
  );
  await expect(banner).toContainText('admin.settings.update');
  await expect(app.getByLabel('Idle timeout', { exact: true })).toBeDisabled();
  await checkA11y('read-only timeouts');
  await screenshots(app, 'read-only');
  await openPanel(app, 'Persistence & cookies');
  await expect(app.getByLabel('Cookie path')).toBeDisabled();
  await openPanel(app, 'Operations');
  await expect(app.getByRole('button', { name: 'Invalidate all sessions…' })).toBeDisabled();
});

test('another admin changes the settings meanwhile: the conflict view, then keep mine', async ({
  app,
  referenceServers,
  checkA11y,
}) => {
  const box = await referenceServers.start({
    name: 'Box C',
    seed: {
      users: [
        ADMIN_USER,
        { username: 'colleague', password: 'another admin 456', permissions: ADMIN },
      ],
    },
  });
  await addServer(app, { name: 'Box C', url: box.url });
  await app.getByLabel('Idle timeout', { exact: true }).fill('25');

  const colleague = await login(box.url, 'colleague', 'another admin 456');
  await changeSettings(box.url, colleague, (settings) => {
    (settings.timeouts as Record<string, number>).idleMinutes = 15;
    (settings.concurrency as Record<string, number>).maxSessionsPerUser = 3;
  });
  await app.getByRole('button', { name: 'Save', exact: true }).click();

  const conflict = app.getByTestId('conflict-view');
  await expect(conflict).toContainText('Someone else changed these settings');
  await expect(conflict).toContainText('colleague saved version 2');
  const idleRow = conflict.getByRole('row', { name: /Idle timeout/ });
  await expect(idleRow).toContainText('30 min');
  await expect(idleRow).toContainText('15 min');
  await expect(idleRow).toContainText('25 min');
  await expect(conflict.getByRole('row', { name: /Maximum sessions per user/ })).toContainText(
    'not changed by you',
  );
  await checkA11y('conflict view');
  await screenshots(app, 'conflict');

  await conflict.getByRole('button', { name: 'Keep mine and save again' }).click();
  await expect(app.getByTestId('after-save')).toContainText('version 3');
  const saved = await readSettings(box.url, colleague);
  expect(saved).toMatchObject({
    timeouts: { idleMinutes: 25 },
    concurrency: { maxSessionsPerUser: 3 },
    updatedBy: 'admin',
  });
});
