import { expect, test } from './harness/fixtures';

// The language is chosen in the window (the sidebar's picker) or in the tray (core's
// language:set, as the tray's Language submenu calls it): main keeps it and pushes
// events:language, and every visible word changes at once, without a reload.

test('choosing a language in the window or the tray changes the words at once, without a reload', async ({
  app,
  core,
}) => {
  const picker = app.getByRole('combobox', { name: 'Language' });
  await expect(picker).toHaveValue('system');
  await expect(picker.getByRole('option', { name: 'Same as the system' })).toHaveCount(1);
  await app.evaluate(() => {
    (globalThis as unknown as { stayedLoaded: boolean }).stayedLoaded = true;
  });

  await picker.selectOption('de');
  const german = app.getByRole('combobox', { name: 'Sprache' });
  await expect(german).toHaveValue('de');
  await expect(german.getByRole('option', { name: 'Wie das System' })).toHaveCount(1);
  await expect(app.locator('html')).toHaveAttribute('lang', 'de');
  const kept = await core.handlers['language:get'](undefined);
  expect(kept.ok && kept.value.choice).toBe('de');

  // The tray's Language submenu goes through the same channel.
  const chosen = await core.handlers['language:set']({ choice: 'zh-CN' });
  expect(chosen.ok).toBe(true);
  await expect(app.getByRole('combobox', { name: '语言' })).toHaveValue('zh-CN');
  await expect(app.locator('html')).toHaveAttribute('lang', 'zh-CN');

  await app.getByRole('combobox', { name: '语言' }).selectOption('system');
  await expect(app.getByRole('combobox', { name: 'Language' })).toHaveValue('system');
  expect(
    await app.evaluate(() => (globalThis as unknown as { stayedLoaded?: boolean }).stayedLoaded),
  ).toBe(true);
});
