import { join } from 'node:path';
import type { Page } from '@playwright/test';
import Database from 'better-sqlite3';
import { DATABASE_FILE } from '../../server/store';
import { ADMIN, ADMIN_USER, expect, test } from './harness/fixtures';
import { addFleet, settingsWith } from './harness/fleet-people';
import { addServer, changeSettings, login, openPanel, screenshots } from './harness/people';

const BOB = { username: 'bob', password: 'bob the other admin', permissions: ADMIN };
const ALICE = { username: 'alice', password: 'alice in chains 1', permissions: [] as string[] };

/** Another admin's call with a bearer token, over plain HTTP. */
async function asAdmin(
  baseUrl: string,
  token: string,
  method: string,
  route: string,
  body?: unknown,
) {
  const response = await fetch(`${baseUrl}${route}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  expect(response.ok, `${method} ${route}`).toBe(true);
  return response.status === 204 ? null : ((await response.json()) as unknown);
}

/** Writes `count` revocations by "script" into a server's database, ids 10 apart. */
function insertRevocations(dataDir: string, count: number): void {
  const db = new Database(join(dataDir, DATABASE_FILE));
  try {
    db.pragma('busy_timeout = 5000');
    const insert = db.prepare(
      "INSERT INTO events (id, type, at, actor, data) VALUES (?, 'session.revoked', ?, 'script', ?)",
    );
    const start = Date.now() - count * 60_000;
    db.transaction(() => {
      for (let index = 1; index <= count; index += 1)
        insert.run(
          index * 10,
          start + index * 60_000,
          JSON.stringify({ sessionId: `s${index}`, username: `user${index}` }),
        );
    })();
  } finally {
    db.close();
  }
}

/** The rows of an activity table. */
function rows(page: Page, caption: string) {
  return page.getByRole('table', { name: caption }).locator('tbody tr');
}

test("a server's Activity tab: history and another admin's live changes, filtered by type and actor", async ({
  app,
  referenceServers,
  checkA11y,
}) => {
  const box = await referenceServers.start({
    name: 'Box A',
    seed: { users: [ADMIN_USER, BOB, ALICE] },
  });
  const bob = await login(box.url, BOB.username, BOB.password);
  await changeSettings(box.url, bob, (settings) => {
    (settings['timeouts'] as Record<string, unknown>)['idleMinutes'] = 45;
  });
  await addServer(app, { name: 'Box A', url: box.url, environment: 'Production' });
  await openPanel(app, 'Activity');
  const list = rows(app, 'Activity on Box A');
  await expect(list).toHaveCount(1);
  await expect(list.first()).toContainText('Settings changed (version 2): Idle timeout');
  await expect(list.first()).toContainText('bob');

  // Bob acts while the tab is open: each event arrives through the watcher, newest first.
  await login(box.url, ALICE.username, ALICE.password);
  const listed = (await asAdmin(box.url, bob, 'GET', '/api/sessions?username=alice')) as {
    sessions: { id: string }[];
  };
  await asAdmin(box.url, bob, 'DELETE', `/api/sessions/${listed.sessions[0]?.id ?? 'none'}`);
  await expect(list).toHaveCount(2);
  await expect(list.first()).toContainText('Revoked a session of alice');
  await changeSettings(box.url, bob, (settings) => {
    (settings['persistence'] as Record<string, Record<string, unknown>>)['cookie']!['sameSite'] =
      'strict';
  });
  await expect(list).toHaveCount(3);
  await expect(list.first()).toContainText('Settings changed (version 3): SameSite');
  await asAdmin(box.url, bob, 'POST', '/api/sessions/invalidate-all', {
    confirm: 'INVALIDATE ALL SESSIONS',
  });
  await expect(list).toHaveCount(4);
  await expect(list.first()).toContainText(/Mass logout: \d+ sessions? ended/);
  await expect(list.first().locator('td').last()).toHaveText('bob');

  await app.getByRole('checkbox', { name: 'Settings changes' }).uncheck();
  await expect(list).toHaveCount(2);
  await app.getByLabel('By', { exact: true }).selectOption('bob');
  await expect(list).toHaveCount(2);
  await app.getByRole('checkbox', { name: 'Settings changes' }).check();
  await expect(list).toHaveCount(4);
  await expect(app.getByTestId('activity-status')).toContainText('4 events shown, back to');
  await checkA11y('activity tab');
  await screenshots(app, 'activity-tab');
});

test('the fleet activity: every server merged, named with its environment, live and filtered', async ({
  app,
  core,
  referenceServers,
  checkA11y,
}) => {
  const boxes = await addFleet(core, referenceServers, [
    { name: 'Box Paris', environment: 'production', settings: settingsWith({}) },
    { name: 'Box Lyon', environment: 'staging', settings: settingsWith({}) },
  ]);
  await app.reload();
  const paris = boxes['Box Paris']?.url ?? '';
  const lyon = boxes['Box Lyon']?.url ?? '';
  const parisAdmin = await login(paris, ADMIN_USER.username, ADMIN_USER.password);
  await changeSettings(paris, parisAdmin, (settings) => {
    (settings['timeouts'] as Record<string, unknown>)['idleMinutes'] = 20;
  });

  // A grouped notification's click asks for the fleet's activity.
  await app.evaluate(() =>
    (
      globalThis as unknown as { __quickboxEmit(channel: string, payload: unknown): void }
    ).__quickboxEmit('ui:navigate', { fleet: 'activity' }),
  );
  await expect(app.getByRole('heading', { level: 2, name: 'Fleet' })).toBeVisible();
  await expect(app.getByRole('tab', { name: 'Activity' })).toHaveAttribute('aria-selected', 'true');
  const list = rows(app, 'Activity across the fleet');
  await expect(list).toHaveCount(1);
  await expect(list.first()).toContainText('Box Paris');
  await expect(list.first()).toContainText('Production');

  const lyonAdmin = await login(lyon, ADMIN_USER.username, ADMIN_USER.password);
  await changeSettings(lyon, lyonAdmin, (settings) => {
    (settings['concurrency'] as Record<string, unknown>)['maxSessionsPerUser'] = 3;
  });
  await expect(list).toHaveCount(2);
  await expect(list.first()).toContainText('Box Lyon');
  await expect(list.first().locator('.env-tag')).toHaveText('Staging');
  await expect(list.first()).toContainText('Maximum sessions per user');
  await asAdmin(lyon, lyonAdmin, 'POST', '/api/sessions/invalidate-all', {
    confirm: 'INVALIDATE ALL SESSIONS',
  });
  await expect(list).toHaveCount(3);
  await expect(list.first()).toContainText('Mass logout');

  await app.getByRole('checkbox', { name: 'Mass logouts' }).uncheck();
  await app.getByRole('checkbox', { name: 'Evictions' }).uncheck();
  await app.getByRole('checkbox', { name: 'Revocations' }).uncheck();
  await expect(list).toHaveCount(2);
  await expect(list.nth(1)).toContainText('Box Paris');
  await checkA11y('fleet activity');
  await screenshots(app, 'fleet-activity');

  await app.getByRole('tab', { name: 'Servers' }).click();
  await expect(app.getByRole('grid', { name: 'Fleet' })).toBeVisible();
});

test('older events page by page: the tab holds at most 300, and goes back to the newest', async ({
  app,
  referenceServers,
  checkA11y,
}) => {
  const box = await referenceServers.start({
    name: 'Box Long',
    seed: { users: [ADMIN_USER, BOB] },
  });
  insertRevocations(box.dataDir, 450);
  await addServer(app, { name: 'Box Long', url: box.url });
  await openPanel(app, 'Activity');
  const list = rows(app, 'Activity on Box Long');
  await expect(list).toHaveCount(100);
  await expect(list.first()).toContainText('Revoked a session of user450');

  const older = app.getByRole('button', { name: 'Load older events' });
  await older.click();
  await expect(list).toHaveCount(200);
  await older.click();
  await expect(list).toHaveCount(300);
  await older.click();
  await expect(list.last()).toContainText('Revoked a session of user51');
  await expect(list).toHaveCount(300);
  await expect(list.first()).toContainText('Revoked a session of user350');
  await expect(app.getByText('Older events are shown.')).toBeVisible();

  const bob = await login(box.url, BOB.username, BOB.password);
  await changeSettings(box.url, bob, (settings) => {
    (settings['timeouts'] as Record<string, unknown>)['idleMinutes'] = 50;
  });
  await expect(app.getByText('Older events are shown. 1 newer event since.')).toBeVisible();
  await app.getByText('Older events are shown.').scrollIntoViewIfNeeded();
  await checkA11y('activity, older events');
  await screenshots(app, 'activity-older');
  await older.click();
  await expect(list.last()).toContainText('Revoked a session of user1');
  await expect(older).toBeHidden();
  await expect(app.getByTestId('activity-status')).toContainText('(all the server keeps)');

  await app.getByRole('button', { name: 'Back to the newest' }).click();
  await expect(list).toHaveCount(100);
  await expect(list.first()).toContainText('Settings changed (version 2): Idle timeout');
  await expect(list.nth(1)).toContainText('Revoked a session of user450');
  await expect(app.getByText('Older events are shown.')).toBeHidden();
});
