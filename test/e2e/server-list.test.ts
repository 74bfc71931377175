import { readFile } from 'node:fs/promises';
import { ADMIN_USER, expect, test } from './harness/fixtures';
import { addServer, fillAddDialog, screenshots } from './harness/people';

test('reorder servers by keyboard and by drag: the order is kept by main and announced', async ({
  app,
  core,
  referenceServers,
  checkA11y,
}) => {
  const box = await referenceServers.start({ name: 'Box Order', seed: { users: [ADMIN_USER] } });
  for (const name of ['Box One', 'Box Two', 'Box Three'])
    await addServer(app, { name, url: box.url });
  const sidebar = app.getByRole('navigation', { name: 'Servers' });
  const items = sidebar.getByRole('listitem');
  const order = async () => {
    const listed = await core.handlers['servers:list'](undefined);
    return listed.ok ? listed.value.servers.map((server) => server.name) : [];
  };
  await expect(items).toHaveText([/Box One/, /Box Two/, /Box Three/]);

  const three = sidebar.getByRole('button', { name: /Box Three/ });
  await three.focus();
  await app.keyboard.press('Alt+ArrowUp');
  await expect(items).toHaveText([/Box One/, /Box Three/, /Box Two/]);
  await expect(three).toBeFocused();
  await expect(app.getByTestId('announcement')).toHaveText('Box Three moved to position 2 of 3.');
  await expect.poll(order).toEqual(['Box One', 'Box Three', 'Box Two']);

  await app.getByRole('button', { name: 'Server list actions' }).click();
  const menu = app.getByRole('menu');
  await expect(menu.getByRole('menuitem', { name: /Move “Box Three” up/ })).toBeFocused();
  await checkA11y('server list menu');
  await screenshots(app, 'server-list-menu');
  await app.keyboard.press('Enter');
  await expect(items).toHaveText([/Box Three/, /Box One/, /Box Two/]);
  await expect(app.getByTestId('announcement')).toHaveText('Box Three moved to position 1 of 3.');

  await sidebar
    .getByRole('button', { name: /Box Two/ })
    .dragTo(sidebar.getByRole('button', { name: /Box Three/ }));
  await expect(items).toHaveText([/Box Two/, /Box Three/, /Box One/]);
  await expect.poll(order).toEqual(['Box Two', 'Box Three', 'Box One']);
  await expect(app.getByTestId('announcement')).toHaveText('Box Two moved to position 1 of 3.');

  await app.reload();
  await expect(items).toHaveText([/Box Two/, /Box Three/, /Box One/]);
});

test('export the server list, and import it: what was added and what was skipped, and why', async ({
  app,
  referenceServers,
  checkA11y,
}) => {
  const box = await referenceServers.start({ name: 'Box Out', seed: { users: [ADMIN_USER] } });
  await addServer(app, { name: 'Box Out', url: box.url, environment: 'Staging' });

  const downloading = app.waitForEvent('download');
  await app.getByRole('button', { name: 'Server list actions' }).click();
  await app.getByRole('menuitem', { name: 'Export server list…' }).click();
  const download = await downloading;
  const exported = await readFile((await download.path()) ?? '', 'utf8');
  expect(download.suggestedFilename()).toMatch(/^quickbox-servers-\d{4}-\d{2}-\d{2}\.json$/);
  expect(JSON.parse(exported)).toMatchObject({ servers: [{ name: 'Box Out' }] });
  expect(exported).not.toContain(ADMIN_USER.password);
  await expect(app.getByTestId('notice')).toContainText('The list of 1 server was exported');

  const list = JSON.parse(exported) as { servers: Record<string, unknown>[] };
  list.servers.push(
    { ...list.servers[0], name: 'Box Elsewhere', baseUrl: 'https://elsewhere.example' },
    { name: 'Box Broken', baseUrl: 'not an address' },
  );
  await app.getByTestId('import-file').setInputFiles({
    name: 'servers.json',
    mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify(list)),
  });

  const dialog = app.getByRole('dialog', { name: 'Import from servers.json' });
  await expect(dialog.getByTestId('import-added')).toHaveText(/Box Elsewhere/);
  await expect(dialog).toContainText('Added 1 server.');
  await expect(dialog).toContainText('They have no credentials yet');
  await expect(dialog).toContainText('Skipped 2 servers');
  await expect(dialog.getByTestId('import-skipped')).toContainText(
    'Box Out: already in the list (same address and user)',
  );
  await expect(dialog.getByTestId('import-skipped')).toContainText('Box Broken: not valid');
  await expect(dialog.getByRole('button', { name: 'Close' })).toBeFocused();
  await checkA11y('import result dialog');
  await screenshots(app, 'import-result');
  await dialog.getByRole('button', { name: 'Close' }).click();
  const sidebar = app.getByRole('navigation', { name: 'Servers' });
  await expect(sidebar.getByRole('button', { name: /Box Elsewhere/ })).toContainText(
    'No credentials',
  );

  await app.getByTestId('import-file').setInputFiles({
    name: 'notes.txt',
    mimeType: 'text/plain',
    buffer: Buffer.from('not json at all'),
  });
  const refused = app.getByRole('dialog', { name: 'Import from notes.txt' });
  await expect(refused.getByRole('alert')).toContainText(
    'Nothing was imported: The file is not valid JSON.',
  );
});

test('an address without a scheme gets https://, and a value main refuses is shown on its field', async ({
  app,
  checkA11y,
}) => {
  await fillAddDialog(app, { name: 'Box Typo', url: 'box.example.com' });
  const dialog = app.getByRole('dialog', { name: 'Add a server' });
  const address = dialog.getByLabel('Address');
  await expect(address).toHaveValue('https://box.example.com');
  await expect(address).not.toHaveAttribute('aria-invalid', 'true');

  await address.fill('ftp://box.example.com');
  await dialog.getByRole('button', { name: 'Add server' }).click();

  await expect(address).toHaveAttribute('aria-invalid', 'true');
  await expect(address).toHaveAccessibleDescription(
    /Address must be an http:\/\/ or https:\/\/ address/,
  );
  await expect(dialog.getByRole('alert')).toContainText(
    'Some of what was entered is not usable: Address.',
  );
  await expect(dialog.getByRole('alert')).not.toContainText('baseUrl');
  await expect(address).toBeFocused();
  await checkA11y('add dialog with a refused address');
  await screenshots(app, 'field-error');

  await address.fill('https://box.example.com');
  await expect(address).not.toHaveAttribute('aria-invalid', 'true');
});

test('mute a server from the list menu: the sidebar shows it muted, main keeps it, and unmute ends it', async ({
  app,
  core,
  referenceServers,
  checkA11y,
}) => {
  const box = await referenceServers.start({ name: 'Box Quiet', seed: { users: [ADMIN_USER] } });
  await addServer(app, { name: 'Box Quiet', url: box.url });
  const sidebar = app.getByRole('navigation', { name: 'Servers' });
  const mutedUntil = async () => {
    const listed = await core.handlers['servers:list'](undefined);
    return listed.ok ? (listed.value.servers[0]?.mutedUntil ?? null) : null;
  };

  await app.getByRole('button', { name: 'Server list actions' }).click();
  await app.getByRole('menuitem', { name: 'Mute “Box Quiet” for an hour' }).click();
  await expect(sidebar.getByTestId('server-muted')).toBeVisible();
  await expect(
    sidebar.getByRole('button', { name: /^Box Quiet \(notifications muted\)/ }),
  ).toBeVisible();
  await expect(app.getByTestId('announcement')).toContainText(
    'Notifications of “Box Quiet” are muted until',
  );
  await expect.poll(mutedUntil).not.toBeNull();
  await checkA11y('a muted server in the sidebar');
  await screenshots(app, 'server-muted');

  await app.getByRole('button', { name: 'Server list actions' }).click();
  await app.getByRole('menuitem', { name: /^Unmute “Box Quiet” \(muted until / }).click();
  await expect(sidebar.getByTestId('server-muted')).toHaveCount(0);
  await expect.poll(mutedUntil).toBeNull();
});
