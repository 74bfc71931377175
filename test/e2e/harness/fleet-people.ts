/**
 * The fleet scenarios' arrangements: several seeded reference servers with their own
 * settings, added to the app through the core's own channel (the add dialog is covered by
 * the servers scenarios), and the fleet view opened from the sidebar.
 */

import type { Page } from '@playwright/test';
import type { EnvironmentTag } from '../../../src-shared/domain';
import { DEFAULT_SETTINGS, setField, type SessionSettings } from '../../../src-shared/settings';
import {
  ADMIN_USER,
  VIEWER,
  expect,
  type HarnessCore,
  type ReferenceServers,
  type SeedUser,
} from './fixtures';

/** The default settings with a few values changed. */
export function settingsWith(changes: Partial<Record<string, number | boolean | string>>) {
  let settings: SessionSettings = DEFAULT_SETTINGS;
  for (const [field, value] of Object.entries(changes))
    if (value !== undefined) settings = setField(settings, field as never, value);
  return settings;
}

/** A server of a scenario. */
export interface FleetBox {
  name: string;
  environment: EnvironmentTag | null;
  settings: SessionSettings;
  /** Signs in as a viewer (read-only) instead of the admin. */
  viewer?: boolean;
}

/** The viewer account the read-only servers are added with. */
export const VIEWER_USER: SeedUser = {
  username: 'viewer',
  password: 'correct horse viewer',
  permissions: VIEWER,
};

/** Starts each box as a reference server and adds it to the app; returns their addresses. */
export async function addFleet(
  core: HarnessCore,
  referenceServers: ReferenceServers,
  boxes: FleetBox[],
): Promise<Record<string, { url: string; close(): Promise<void>; id: string }>> {
  const started: Record<string, { url: string; close(): Promise<void>; id: string }> = {};
  for (const box of boxes) {
    const server = await referenceServers.start({
      name: box.name,
      seed: { users: [ADMIN_USER, VIEWER_USER], settings: box.settings },
    });
    const user = box.viewer ? VIEWER_USER : ADMIN_USER;
    const added = await core.handlers['servers:add']({
      name: box.name,
      baseUrl: server.url,
      environment: box.environment,
      credentials: { kind: 'account', username: user.username, password: user.password },
    });
    if (!added.ok) throw new Error(`could not add ${box.name}: ${added.error.message}`);
    started[box.name] = { url: server.url, close: () => server.close(), id: added.value.server.id };
  }
  return started;
}

/** Opens the fleet view from the sidebar and waits for every row to be read. */
export async function openFleet(page: Page, servers: number): Promise<void> {
  await page.getByRole('button', { name: /^Fleet/ }).click();
  await expect(page.getByRole('heading', { level: 2, name: 'Fleet' })).toBeVisible();
  // The count's noun is checked loosely: the wording is plural()'s, tested on its own.
  await expect(page.getByTestId('fleet-count')).toHaveText(new RegExp(`^${servers} servers?$`));
  await expect(page.getByText(/^Read at /)).toBeVisible();
}

/** The fleet table's row of a server. */
export function fleetRow(page: Page, name: string) {
  return page
    .getByRole('grid', { name: 'Fleet' })
    .getByRole('row')
    .filter({ has: page.getByRole('checkbox', { name: `Select ${name}`, exact: true }) });
}
