import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startReferenceServer, type RunningReferenceServer } from '../../../server/index';
import { REQUEST_CHANNELS } from '../../../src-shared/ipc-contract';
import { INVALIDATE_ALL_PHRASE } from '../../../src-shared/quickbox';
import { APP_CSP } from '../../../src-main/shell/content-security-policy';
import {
  BrowserWindow,
  Menu,
  Notification,
  Tray,
  app,
  ipcMain,
  protocol,
  session,
  shell,
} from './fake-electron';

vi.mock('electron', async () => await import('./fake-electron'));

// The shell entry runs for real against the real core (a temp data folder); only Electron
// itself is the recording stand-in.
const dataDir = mkdtempSync(join(tmpdir(), 'qb-shell-main-'));
const serverDir = mkdtempSync(join(tmpdir(), 'qb-shell-server-'));
const moreDirs = [0, 1].map(() => mkdtempSync(join(tmpdir(), 'qb-shell-server-')));
let server: RunningReferenceServer;
/** Box C and Box D, for the burst over three servers. */
let more: RunningReferenceServer[] = [];
/** Another admin's API key on every reference server: not a session, so it outlives a mass logout. */
const OTHER_ADMIN_KEY = 'qbk_other_admin_0123456789';
const ADMIN = {
  username: 'admin',
  password: 'correct horse battery staple',
  permissions: ['admin.sessions.read', 'admin.settings.update'],
};
const seedNamed = (name: string) => ({
  name,
  users: [ADMIN],
  apiKeys: [
    { key: OTHER_ADMIN_KEY, label: 'other-admin', scopes: ['read' as const, 'write' as const] },
  ],
});
/** A message from the app window's main frame, as Electron's IPC event carries it. */
const fromApp = () => {
  const contents = BrowserWindow.created[0]?.webContents;
  return { sender: contents, senderFrame: contents?.mainFrame };
};

/** Another admin, outside the app, logs everyone out of the reference server. */
async function invalidateAllElsewhere(): Promise<void> {
  const login = await fetch(`${server.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password: 'correct horse battery staple' }),
  });
  const { token } = (await login.json()) as { token: string };
  const invalidate = await fetch(`${server.url}/api/sessions/invalidate-all`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ confirm: INVALIDATE_ALL_PHRASE }),
  });
  expect(invalidate.status).toBe(200);
}

/** The other admin logs everyone out of a server with their API key. */
async function invalidateWithKey(url: string): Promise<void> {
  const invalidate = await fetch(`${url}/api/sessions/invalidate-all`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-api-key': OTHER_ADMIN_KEY },
    body: JSON.stringify({ confirm: INVALIDATE_ALL_PHRASE }),
  });
  expect(invalidate.status).toBe(200);
}

/** Adds a reference server to the app through its IPC channel; its id. */
async function addServer(name: string, url: string): Promise<string> {
  const added = (await ipcMain.handlers.get('servers:add')?.(fromApp(), {
    name,
    baseUrl: url,
    environment: 'staging',
    credentials: { kind: 'account', username: ADMIN.username, password: ADMIN.password },
  })) as { ok: boolean; value: { server: { id: string } } };
  expect(added.ok).toBe(true);
  return added.value.server.id;
}

/** Waits until the watcher has caught up with these servers' feeds (their news starts then). */
async function untilWatched(ids: string[]): Promise<void> {
  await vi.waitFor(
    () => {
      const file = JSON.parse(readFileSync(join(dataDir, 'servers.json'), 'utf8')) as {
        servers: { id: string; watchedFrom?: string }[];
      };
      const watched = file.servers.filter((entry) => entry.watchedFrom !== undefined);
      expect(watched.map((entry) => entry.id)).toEqual(expect.arrayContaining(ids));
    },
    { timeout: 15_000 },
  );
}

/** Each server's unread mass logouts, as the app window was last told. */
async function unreadCounts(): Promise<Map<string, number>> {
  const listed = (await ipcMain.handlers.get('servers:list')?.(fromApp(), undefined)) as {
    value: { servers: { id: string; status: { unreadMassLogouts: number } }[] };
  };
  return new Map(listed.value.servers.map((entry) => [entry.id, entry.status.unreadMassLogouts]));
}

async function settle(): Promise<void> {
  for (let i = 0; i < 20; i++) await new Promise((resolve) => setTimeout(resolve, 5));
}

beforeAll(async () => {
  server = await startReferenceServer({
    dataDir: serverDir,
    seed: seedNamed('Box B'),
  });
  more = await Promise.all(
    ['Box C', 'Box D'].map((name, i) =>
      startReferenceServer({ dataDir: moreDirs[i] ?? '', seed: seedNamed(name) }),
    ),
  );
  app.userData = dataDir;
  await import('../../../src-main/shell/main');
  app.becomeReady();
  await vi.waitFor(() => expect(BrowserWindow.created.length).toBe(1));
});

afterAll(async () => {
  await app.quitAndWait();
  await server.close();
  await Promise.all(more.map((other) => other.close()));
  for (const dir of [dataDir, serverDir, ...moreDirs])
    rmSync(dir, { recursive: true, force: true });
});

describe('the shell entry', () => {
  it('registers a handler for every request channel of the contract', () => {
    expect([...ipcMain.handlers.keys()].sort()).toEqual([...REQUEST_CHANNELS].sort());
  });

  it('installs the session policies: permissions denied', () => {
    const { permissionRequestHandler, permissionCheckHandler } = session.defaultSession;
    const granted = vi.fn();
    permissionRequestHandler?.({}, 'media', granted);
    expect(granted).toHaveBeenCalledWith(false);
    expect(permissionCheckHandler?.()).toBe(false);
  });

  it('registers app:// as privileged before ready and serves the page it loads with the CSP', async () => {
    expect(protocol.privileged.map(({ scheme }) => scheme)).toEqual(['app']);
    const url = BrowserWindow.created[0]?.loadedUrl ?? '';
    const response = await protocol.handlers.get('app')?.(new Request(url));
    expect(response?.headers.get('content-security-policy')).toBe(APP_CSP);
    const outside = await protocol.handlers.get('app')?.(
      new Request('app://quickbox/..%2fmain%2findex.js'),
    );
    expect(outside?.status).toBe(403);
  });

  it('loads the app:// page with the built preload, sandboxed', () => {
    const window = BrowserWindow.created[0];
    expect(window?.loadedUrl).toBe('app://quickbox/index.html?lang=en');
    expect(window?.options['webPreferences']).toMatchObject({
      preload: expect.stringMatching(/preload[/\\]index\.js$/),
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
    });
  });

  it('writes its log to a file in the logs folder, which the tray and the Help menu open', async () => {
    const logs = app.getPath('logs');
    await vi.waitFor(() => expect(readdirSync(logs)).toContain('main.log'));
    const help = Menu.application?.template.find((item) => item.role === 'help');
    help?.submenu?.find((item) => item.label === 'Open logs folder')?.click?.({ checked: false });
    Tray.created[0]?.menu?.template
      .find((item) => item.label === 'Open logs folder')
      ?.click?.({ checked: false });
    expect(shell.openedPaths).toEqual([logs, logs]);
    expect(Menu.application?.template.map((item) => item.role)).toEqual([
      'fileMenu',
      'editMenu',
      'viewMenu',
      'windowMenu',
      'help',
    ]);
  });

  it('answers a request from the app window with the real core', async () => {
    const result = await ipcMain.handlers.get('servers:list')?.(fromApp(), undefined);
    expect(result).toEqual({ ok: true, value: { servers: [], registryProblem: null } });
  });

  it('parses payloads in core: a malformed request is a typed error, not a throw', async () => {
    const result = await ipcMain.handlers.get('servers:remove')?.(fromApp(), { id: 42 });
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
  });

  it('shows changed server states in the tray and forwards them to the window', async () => {
    const exportedList = await ipcMain.handlers.get('servers:export')?.(fromApp(), undefined);
    const file = JSON.parse((exportedList as { value: { json: string } }).value.json) as {
      servers: unknown[];
    };
    file.servers.push({
      name: 'Box A',
      baseUrl: 'https://box-a.example',
      environment: 'production',
      authKind: 'account',
      username: 'admin',
      pinnedFingerprint: null,
    });
    const exported = JSON.stringify(file);
    const imported = await ipcMain.handlers.get('servers:import')?.(fromApp(), { json: exported });
    expect(imported).toMatchObject({ ok: true });
    await settle();
    const labels = Tray.created[0]?.menu?.template.map((item) => item.label);
    expect(labels?.[0]).toMatch(/^Box A \[production\]: /);
    const sent = BrowserWindow.created[0]?.webContents.sent.map(([channel]) => channel);
    expect(sent).toContain('servers:changed');
  });

  it('brings the window back when a second instance starts', () => {
    app.emit('second-instance');
    expect(BrowserWindow.created[0]?.visible).toBe(true);
  });

  it('turns a mass logout on a watched server into one notification that opens Operations', async () => {
    const added = (await ipcMain.handlers.get('servers:add')?.(fromApp(), {
      name: 'Box B',
      baseUrl: server.url,
      environment: 'staging',
      credentials: {
        kind: 'account',
        username: 'admin',
        password: 'correct horse battery staple',
      },
    })) as { ok: boolean; value: { server: { id: string } } };
    expect(added.ok).toBe(true);
    await invalidateAllElsewhere();
    const title = 'Everyone was logged out of Box B';
    const logged = () => Notification.log.filter((n) => n.title === title);
    await vi.waitFor(() => expect(logged()).toHaveLength(1), { timeout: 15_000 });
    await settle();
    expect(logged()).toHaveLength(1);
    const window = BrowserWindow.created[0];
    window?.hide();
    Notification.shown.find((n) => n.options.title === title)?.emit('click');
    expect(window?.visible).toBe(true);
    expect(window?.webContents.sent).toContainEqual([
      'ui:navigate',
      { serverId: added.value.server.id, panel: 'operations' },
    ]);
    expect(window?.webContents.sent.map(([channel]) => channel)).toContain('events:mass-logout');
  });

  it('when a notification fails, shows the window with its in-app banner and flashes it (Linux)', async () => {
    const window = BrowserWindow.created[0];
    window?.hide();
    const before = window?.webContents.sent.length ?? 0;
    const shownBefore = Notification.log.length;
    await invalidateAllElsewhere();
    // Within a few seconds of the first, it is shown as a group of two on Box B.
    await vi.waitFor(() => expect(Notification.log.length).toBeGreaterThan(shownBefore), {
      timeout: 15_000,
    });
    expect(Notification.log.at(-1)?.title).toMatch(/Box B$/);
    const latest = Notification.shown.at(-1);
    latest?.emit('failed', {}, 'Notifications are not allowed for this app');
    expect(window?.visible).toBe(true);
    expect(window?.flashing).toBe(true);
    // The renderer lists every mass logout it is sent in its banners: that is the fallback.
    const banner = window?.webContents.sent
      .slice(before)
      .filter(([channel]) => channel === 'events:mass-logout');
    expect(banner).toHaveLength(1);
  });

  it('groups a burst of five mass logouts on three servers into ONE notification, which opens the fleet activity', async () => {
    const [boxC, boxD] = more;
    if (!boxC || !boxD) throw new Error('servers not started');
    const ids = await Promise.all([addServer('Box C', boxC.url), addServer('Box D', boxD.url)]);
    await untilWatched(ids);
    const before = await unreadCounts();
    const seenBefore = new Set(Notification.shown);

    await Promise.all(
      [server.url, boxC.url, server.url, boxD.url, boxC.url].map((url) => invalidateWithKey(url)),
    );
    // Each mass logout is offered to the tray before its unread count goes up.
    await vi.waitFor(
      async () => {
        const after = await unreadCounts();
        const added = [...after].reduce((sum, [id, n]) => sum + n - (before.get(id) ?? 0), 0);
        expect(added).toBe(5);
      },
      { timeout: 15_000 },
    );
    const open = () => Notification.shown.filter((n) => !seenBefore.has(n) && !n.closed);
    await vi.waitFor(() => {
      expect(open()).toHaveLength(1);
      expect(open()[0]?.options.title).toMatch(/^Mass logout on 3 servers: /);
    });
    await settle();
    expect(open()).toHaveLength(1);
    const title = open()[0]?.options.title ?? '';
    expect(
      title
        .replace(/^.*: /, '')
        .split(/, (?:and )?/)
        .sort(),
    ).toEqual(['Box B', 'Box C', 'Box D']);
    open()[0]?.emit('click');
    expect(BrowserWindow.created[0]?.webContents.sent.at(-1)).toEqual([
      'ui:navigate',
      { fleet: 'activity' },
    ]);
  });

  it('shows nothing for a muted server, whose unread count still goes up; the tray shows it muted', async () => {
    const listed = (await ipcMain.handlers.get('servers:list')?.(fromApp(), undefined)) as {
      value: { servers: { id: string; name: string }[] };
    };
    const boxD = listed.value.servers.find((entry) => entry.name === 'Box D');
    const muted = (await ipcMain.handlers.get('servers:mute')?.(fromApp(), {
      id: boxD?.id,
      until: 'hour',
    })) as { ok: boolean; value: { server: { mutedUntil: string | null } } };
    expect(muted.ok).toBe(true);
    expect(muted.value.server.mutedUntil).not.toBeNull();
    await vi.waitFor(() =>
      expect(
        Tray.created[0]?.menu?.template.find((item) => item.label?.startsWith('Box D'))?.label,
      ).toMatch(/· muted$/),
    );
    // The burst's group may still owe its last refresh (at most 25 ms): let it show first.
    await settle();
    const before = (await unreadCounts()).get(boxD?.id ?? '') ?? 0;
    const shownBefore = Notification.log.length;

    await invalidateWithKey(more[1]?.url ?? '');
    await vi.waitFor(
      async () => expect((await unreadCounts()).get(boxD?.id ?? '')).toBe(before + 1),
      { timeout: 15_000 },
    );
    await settle();
    expect(Notification.log.slice(shownBefore)).toEqual([]);
    expect(BrowserWindow.created[0]?.webContents.sent).toContainEqual([
      'servers:changed',
      expect.objectContaining({
        servers: expect.arrayContaining([
          expect.objectContaining({ name: 'Box D', mutedUntil: muted.value.server.mutedUntil }),
        ]),
      }),
    ]);
  });

  it('switches the tray, the app menu and the window to the language chosen in the window, at once', async () => {
    const trayLabels = () => Tray.created[0]?.menu?.template.map((item) => item.label) ?? [];
    const helpLabels = () =>
      Menu.application?.template
        .find((item) => item.role === 'help')
        ?.submenu?.map((item) => item.label) ?? [];
    expect(trayLabels()).toContain('Quit');
    const chosen = await ipcMain.handlers.get('language:set')?.(fromApp(), { choice: 'de' });
    expect(chosen).toEqual({
      ok: true,
      value: { choice: 'de', locale: 'de', systemLanguages: ['en'] },
    });
    expect(trayLabels()).toEqual(expect.arrayContaining(['Sprache', 'Öffnen', 'Beenden']));
    expect(trayLabels()).not.toContain('Quit');
    expect(helpLabels()).toEqual(['Protokollordner öffnen']);
    const language = Tray.created[0]?.menu?.template.find((item) => item.label === 'Sprache');
    expect(language?.submenu?.find((item) => item.checked)?.label).toBe('Deutsch');
    expect(BrowserWindow.created[0]?.webContents.sent).toContainEqual([
      'events:language',
      { choice: 'de', locale: 'de', systemLanguages: ['en'] },
    ]);
    expect(JSON.parse(readFileSync(join(dataDir, 'language.json'), 'utf8'))).toEqual({
      choice: 'de',
    });
    // The tray's own Language submenu goes the same way: back to the system's English.
    language?.submenu?.find((item) => item.label === 'Wie das System')?.click?.({ checked: true });
    await vi.waitFor(() => expect(trayLabels()).toContain('Quit'));
    expect(helpLabels()).toEqual(['Open logs folder']);
  });

  it("asks Electron for the proxy of each watched server's origin (the system proxy)", () => {
    const asked = session.defaultSession.proxyAsked;
    for (const watched of [server, ...more]) {
      expect(asked).toContain(new URL(watched.url).origin);
    }
  });
});
