/**
 * The window in the pseudo-locales: in en-XA every word the admin reads comes accented from
 * the catalog (data the admin or a server typed, marked data-i18n="data", aside) and no text
 * is clipped by its box at 40% longer; in en-XB the page runs right to left. Walks the parts
 * translated so far: the empty window, the sidebar, the server header and tabs, the
 * Persistence and Concurrency panels and the edit dialog.
 */

import type { Page } from '@playwright/test';
import { FIELD_RULES } from '../../src-shared/settings';
import { ADMIN_USER, expect, test } from './harness/fixtures';

/** A letter of en-XA's accented alphabet (src-shared/i18n/pseudo.ts). */
const ACCENTED = 'àƀçđéƒĝĥîĵķļɱñöþǫŕšţûṽŵẋýžÀƁÇĐÉƑĜĤÎĴĶĻṀÑÖÞǪŔŠŢÛṼŴẊÝŽ';

// The settings' field labels still come in English from the shared settings rules, whose
// wording moves to the catalogs apart from the window's own.
const SHARED_ENGLISH = new Set<string>(Object.values(FIELD_RULES).map((rule) => rule.label));

// The checks run in the page; they are written as page script (the test program has no DOM
// types of its own).
const UNLOCALISED = `(([selector, accented, shared]) => {
  const found = [];
  for (const root of document.querySelectorAll(selector)) {
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = node.textContent ?? '';
      const parent = node.parentElement;
      if (!parent || !/\\p{L}/u.test(text)) continue;
      if (parent.closest('[data-i18n="data"], script, style, option:not(:checked)')) continue;
      if (!parent.checkVisibility()) continue;
      if ([...text].some((character) => accented.includes(character))) continue;
      if (shared.includes(text.trim())) continue;
      found.push(text.trim());
    }
  }
  return found;
})`;

const OVERFLOWING = `(() => {
  const found = [];
  for (const element of document.querySelectorAll('body *')) {
    if (!element.checkVisibility() || element.closest('svg')) continue;
    const style = getComputedStyle(element);
    const control = element.matches('button, label, [role="tab"], legend, summary');
    const clips = style.overflowX === 'hidden' || style.textOverflow === 'ellipsis';
    if (!control && !clips) continue;
    if (element.scrollWidth > element.clientWidth + 1) {
      found.push(element.tagName.toLowerCase() + ': ' + (element.textContent ?? '').trim());
    }
  }
  return found;
})()`;

/** Visible text nodes under `scope` with a letter that en-XA did not accent. */
async function unlocalised(page: Page, scope: string): Promise<string[]> {
  const args = JSON.stringify([scope, ACCENTED, [...SHARED_ENGLISH]]);
  return page.evaluate<string[]>(`${UNLOCALISED}(${args})`);
}

/** Texts wider than their box (buttons, labels, tabs, and boxes that clip or ellipsise). */
async function overflowing(page: Page): Promise<string[]> {
  return page.evaluate<string[]>(OVERFLOWING);
}

async function expectLocalised(page: Page, scope: string, where: string): Promise<void> {
  expect(await unlocalised(page, scope), `untranslated text in ${where}`).toEqual([]);
  expect(await overflowing(page), `clipped text in ${where}`).toEqual([]);
}

test('en-XA: every word of the window is from the catalog and nothing is clipped', async ({
  app,
  renderer,
  inProcessCore: core,
  referenceServers,
  checkA11y,
}) => {
  await app.goto(`${renderer.url}?lang=en-XA`);
  await expect(app.locator('html')).toHaveAttribute('lang', 'en-XA');
  await expect(app.locator('main.empty h2')).toBeVisible();
  await expectLocalised(app, 'body', 'the empty window');

  const box = await referenceServers.start({
    name: 'Box A',
    seed: { users: [ADMIN_USER] },
  });
  const added = await core.handlers['servers:add']({
    name: 'Box A',
    baseUrl: box.url,
    environment: 'production',
    credentials: { kind: 'account', username: ADMIN_USER.username, password: ADMIN_USER.password },
    pinnedFingerprint: null,
  });
  expect(added.ok).toBe(true);
  await app.reload();
  await expect(app.locator('.server-page')).toBeVisible();
  await expect(app.locator('.sidebar .state-connected')).toBeVisible();
  await expectLocalised(app, '.sidebar, .server-header, .tabs', 'the sidebar and the header');

  for (const panel of ['persistence', 'concurrency'] as const) {
    await app.locator(`#tab-${panel}`).click();
    await expect(app.locator(`[data-panel="${panel}"] .card`).first()).toBeVisible();
    await expect(app.locator('.loading')).toHaveCount(0);
    await expectLocalised(app, `[data-panel="${panel}"]`, `the ${panel} panel`);
  }
  await checkA11y('the window in en-XA');

  await app.locator('.server-header button').nth(1).click();
  const dialog = app.getByRole('dialog');
  await expect(dialog).toBeVisible();
  await expectLocalised(app, 'dialog', 'the edit dialog');
  await checkA11y('the edit dialog in en-XA');
});

test('en-XB: the window runs right to left', async ({ app, renderer }) => {
  await app.goto(`${renderer.url}?lang=en-XB`);
  await expect(app.locator('html')).toHaveAttribute('dir', 'rtl');
  await expect(app.locator('main.empty h2')).toContainText('\u202e');
});
