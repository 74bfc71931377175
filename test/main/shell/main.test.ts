import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
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
let server: RunningReferenceServer;
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

async function settle(): Promise<void> {
  for (let i = 0; i < 20; i++) await new Promise((resolve) => setTimeout(resolve, 5));
}

beforeAll(async () => {
  server = await startReferenceServer({
    dataDir: serverDir,
    seed: {
      name: 'Box B',
      users: [
        {
          username: 'admin',
          password: 'correct horse battery staple',
          permissions: ['admin.sessions.read', 'admin.settings.update'],
        },
      ],
    },
  });
  app.userData = dataDir;
  await import('../../../src-main/shell/main');
  app.becomeReady();
  await vi.waitFor(() => expect(BrowserWindow.created.length).toBe(1));
});

afterAll(async () => {
  await app.quitAndWait();
  await server.close();
  rmSync(dataDir, { recursive: true, force: true });
  rmSync(serverDir, { recursive: true, force: true });
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
    expect(window?.loadedUrl).toBe('app://quickbox/index.html');
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
    await invalidateAllElsewhere();
    const title = 'Everyone was logged out of Box B';
    await vi.waitFor(
      () => expect(Notification.log.filter((n) => n.title === title)).toHaveLength(2),
      {
        timeout: 15_000,
      },
    );
    const latest = Notification.shown.filter((n) => n.options.title === title).at(-1);
    latest?.emit('failed', {}, 'Notifications are not allowed for this app');
    expect(window?.visible).toBe(true);
    expect(window?.flashing).toBe(true);
    // The renderer lists every mass logout it is sent in its banners: that is the fallback.
    const banner = window?.webContents.sent
      .slice(before)
      .filter(([channel]) => channel === 'events:mass-logout');
    expect(banner).toHaveLength(1);
  });
});
