import type { Page } from '@playwright/test';
import { expect, test } from './harness/fixtures';
import { addFleet, settingsWith } from './harness/fleet-people';
import { screenshots } from './harness/people';

/** The fleet view in a language: its heading, its count, a row state and a differing cell. */
const LANGUAGES = [
  {
    lang: 'de',
    title: 'Flotte',
    count: '3 Server',
    compareWith: 'Vergleichen mit',
    unreachable: 'Nicht erreichbar',
    differs: 'Weicht von Box Paris ab, dort: 30 min',
  },
  {
    lang: 'zh-CN',
    title: '服务器群',
    count: '3 台服务器',
    compareWith: '对比对象',
    unreachable: '无法访问',
    differs: '与 Box Paris 不同，其值为 30 min',
  },
] as const;

for (const language of LANGUAGES) {
  const fleetRow = (page: Page, name: string) =>
    page.getByRole('grid').getByRole('row').filter({ hasText: name });
  test(`the fleet table speaks ${language.lang}: headings, counts, states and differences`, async ({
    app,
    core,
    referenceServers,
    renderer,
    checkA11y,
  }) => {
    const boxes = await addFleet(core, referenceServers, [
      { name: 'Box Paris', environment: 'production', settings: settingsWith({}) },
      {
        name: 'Box Lyon',
        environment: 'staging',
        settings: settingsWith({ 'timeouts.idleMinutes': 20 }),
      },
      { name: 'Box Gone', environment: null, settings: settingsWith({}) },
    ]);
    await boxes['Box Gone']?.close();
    await app.goto(`${renderer.url}?lang=${encodeURIComponent(language.lang)}`);

    // The sidebar's button to the fleet (its words are the app's, not the fleet view's).
    await app.locator('.sidebar-fleet').getByRole('button').first().click();
    await expect(app.getByRole('heading', { level: 2, name: language.title })).toBeVisible();
    await expect(app.getByTestId('fleet-count')).toHaveText(language.count);
    await expect(fleetRow(app, 'Box Gone')).toContainText(language.unreachable);
    await app.getByLabel(language.compareWith).selectOption({ label: 'Box Paris' });
    await expect(fleetRow(app, 'Box Lyon').locator('td.fleet-differs').first()).toHaveAttribute(
      'title',
      language.differs,
    );
    await checkA11y(`fleet table in ${language.lang}`);
    await screenshots(app, `fleet-table-${language.lang}`);
  });
}
