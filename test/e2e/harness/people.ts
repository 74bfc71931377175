/**
 * What a person does in the window, as steps the scenarios share (add a server through
 * the dialog, open a panel), plus what "another admin" does over plain HTTP, and the
 * screenshots of the suite.
 */

import { test, type Page } from '@playwright/test';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { ADMIN_USER, expect } from './fixtures';

/** Where the suite saves its screenshots (docs/screenshots takes the chosen ones). */
export const SCREENSHOT_DIR =
  process.env.QB_SCREENSHOT_DIR ?? join(__dirname, '..', '..', '..', 'test-results', 'screenshots');

/**
 * Saves a light and a dark screenshot of the window as it is now: the Chromium project's in
 * SCREENSHOT_DIR, another project's in a folder of its name below it (so an Electron run
 * never replaces the pictures `npm run screenshots` takes).
 */
export async function screenshots(page: Page, name: string): Promise<void> {
  const project = test.info().project.name;
  const dir = project === 'chromium' ? SCREENSHOT_DIR : join(SCREENSHOT_DIR, project);
  await mkdir(dir, { recursive: true });
  for (const theme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: theme });
    await page.screenshot({ path: join(dir, `${name}-${theme}.png`) });
  }
  await page.emulateMedia({ colorScheme: 'light' });
}

/** A server as typed into the add dialog; the account is ADMIN_USER's unless given. */
export interface ServerInput {
  name: string;
  url: string;
  username?: string;
  password?: string;
  environment?: 'Production' | 'Staging' | 'Test';
}

/** Opens the add dialog and types the server in (without pressing Add). */
export async function fillAddDialog(page: Page, server: ServerInput): Promise<void> {
  await page
    .getByRole('button', { name: /^Add (a )?server…$/ })
    .first()
    .click();
  const dialog = page.getByRole('dialog', { name: 'Add a server' });
  await expect(dialog).toBeVisible();
  await dialog.getByLabel('Display name').fill(server.name);
  await dialog.getByLabel('Address').fill(server.url);
  if (server.environment)
    await dialog.getByLabel('Environment').selectOption({ label: server.environment });
  await dialog.getByLabel('Username').fill(server.username ?? ADMIN_USER.username);
  await dialog.getByLabel('Password').fill(server.password ?? ADMIN_USER.password);
}

/** Adds a server through the dialog and waits until its first panel is filled. */
export async function addServer(page: Page, server: ServerInput): Promise<void> {
  await fillAddDialog(page, server);
  await page
    .getByRole('dialog', { name: 'Add a server' })
    .getByRole('button', { name: 'Add server' })
    .click();
  await expect(page.getByRole('dialog')).toHaveCount(0);
  await expect(
    page.getByRole('heading', { level: 2, name: new RegExp(server.name) }),
  ).toBeVisible();
  await expect(page.getByLabel('Idle timeout', { exact: true })).toBeVisible();
}

/** Opens a panel by its tab. */
export async function openPanel(page: Page, name: string): Promise<void> {
  await page.getByRole('tab', { name }).click();
  await expect(page.getByRole('tab', { name })).toHaveAttribute('aria-selected', 'true');
}

/** Logs in over HTTP as another person; returns the bearer token. */
export async function login(baseUrl: string, username: string, password: string): Promise<string> {
  const response = await fetch(`${baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  expect(response.status).toBe(200);
  const body = (await response.json()) as { token: string };
  return body.token;
}

/** Reads the settings over HTTP, as another admin would. */
export async function readSettings(
  baseUrl: string,
  token: string,
): Promise<Record<string, unknown> & { version: number }> {
  const response = await fetch(`${baseUrl}/api/settings/sessions`, {
    headers: { authorization: `Bearer ${token}` },
  });
  expect(response.status).toBe(200);
  return (await response.json()) as Record<string, unknown> & { version: number };
}

/** Changes the settings over HTTP, as another admin would (with If-Match). */
export async function changeSettings(
  baseUrl: string,
  token: string,
  change: (settings: Record<string, Record<string, unknown>>) => void,
): Promise<void> {
  const current = await readSettings(baseUrl, token);
  const { version, updatedAt: _updatedAt, updatedBy: _updatedBy, ...settings } = current;
  change(settings as Record<string, Record<string, unknown>>);
  const response = await fetch(`${baseUrl}/api/settings/sessions`, {
    method: 'PUT',
    headers: {
      authorization: `Bearer ${token}`,
      'content-type': 'application/json',
      'if-match': `"${version}"`,
    },
    body: JSON.stringify(settings),
  });
  expect(response.status).toBe(200);
}
