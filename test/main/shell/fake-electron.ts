/**
 * A stand-in for the `electron` module in shell tests: the Electron binary cannot run on
 * the build machines, so these record what the shell asks of Electron. Only the parts the
 * shell uses are here; the real types are checked by `tsc` against electron's definitions.
 * Where Electron's behaviour matters to the shell, the stand-in models it: a window or a
 * tray created before `ready` throws, webContents and frames have identities, and a shown
 * notification is held only weakly, as Electron holds it (electron#12690, #16922).
 */

import { EventEmitter } from 'node:events';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Every call the shell made, in order ("app.setAppUserModelId", "new BrowserWindow", ...). */
export const calls: string[] = [];

/** The sender of an IPC message as Electron passes it to a handler. */
export interface FakeIpcEvent {
  sender: unknown;
  senderFrame: unknown;
}

type Handler = (event: FakeIpcEvent, payload: unknown) => Promise<unknown>;

/** Records `ipcMain.handle` registrations and lets a test invoke them. */
export const ipcMain = {
  handlers: new Map<string, Handler>(),
  handle(channel: string, handler: Handler): void {
    if (this.handlers.has(channel))
      throw new Error(`Attempted to register a second handler for '${channel}'`);
    this.handlers.set(channel, handler);
  },
  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  },
};

/** A frame (WebFrameMain): its URL and its parent (null for a main frame). */
export class FakeFrame {
  constructor(
    public url: string,
    readonly parent: FakeFrame | null = null,
  ) {}
}

/** Records `webContents` hardening: listeners, the window-open handler, sent events. */
export class FakeWebContents extends EventEmitter {
  windowOpenHandler: ((details: { url: string }) => { action: string }) | null = null;
  sent: [string, unknown][] = [];
  destroyed = false;
  /** The main frame; the same object for as long as the page stays, as in Electron. */
  readonly mainFrame = new FakeFrame('');
  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }): void {
    this.windowOpenHandler = handler;
  }
  send(channel: string, payload: unknown): void {
    this.sent.push([channel, payload]);
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  getURL(): string {
    return this.mainFrame.url;
  }
}

/** Records the options a window was created with, what it loaded and what was done to it. */
export class BrowserWindow extends EventEmitter {
  static created: BrowserWindow[] = [];
  readonly webContents = new FakeWebContents();
  loadedUrl: string | null = null;
  visible = false;
  minimized = false;
  focused = false;
  flashing = false;
  destroyed = false;
  maximized = false;
  /** The normal (not maximized) bounds; where no position is given, Electron centres it. */
  bounds: { x: number; y: number; width: number; height: number };
  constructor(readonly options: Record<string, unknown>) {
    super();
    const size = {
      width: Number(options['width'] ?? 800),
      height: Number(options['height'] ?? 600),
    };
    this.bounds = { x: Number(options['x'] ?? 0), y: Number(options['y'] ?? 0), ...size };
    // Electron: "Cannot create BrowserWindow before app is ready" (electron#23476).
    if (!app.isReady()) throw new Error('Cannot create BrowserWindow before app is ready');
    calls.push('new BrowserWindow');
    BrowserWindow.created.push(this);
  }
  /** Every URL loaded, in order (a reload adds the app page again). */
  loads: string[] = [];
  loadURL(url: string): Promise<void> {
    this.loadedUrl = url;
    this.loads.push(url);
    this.webContents.mainFrame.url = url;
    return Promise.resolve();
  }
  show(): void {
    this.visible = true;
    this.minimized = false;
    this.focused = true;
  }
  showInactive(): void {
    this.visible = true;
  }
  hide(): void {
    this.visible = false;
    this.focused = false;
  }
  minimize(): void {
    this.minimized = true;
    this.focused = false;
  }
  restore(): void {
    this.minimized = false;
  }
  focus(): void {
    this.focused = true;
  }
  isVisible(): boolean {
    return this.visible;
  }
  isMinimized(): boolean {
    return this.minimized;
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  maximize(): void {
    this.maximized = true;
    this.visible = true;
  }
  isMaximized(): boolean {
    return this.maximized;
  }
  getNormalBounds(): { x: number; y: number; width: number; height: number } {
    return { ...this.bounds };
  }
  flashFrame(flag: boolean): void {
    calls.push(`window.flashFrame(${flag})`);
    this.flashing = flag;
  }
}

export const shell = {
  opened: [] as string[],
  openedPaths: [] as string[],
  openPath(path: string): Promise<string> {
    this.openedPaths.push(path);
    return Promise.resolve('');
  },
  openExternal(url: string): Promise<void> {
    this.opened.push(url);
    return Promise.resolve();
  },
};

export const nativeImage = {
  createFromPath: (path: string) => ({ path }),
};

/** Records the tray's menu and tooltip. */
export class Tray extends EventEmitter {
  static created: Tray[] = [];
  /** Called (as a microtask) after each tray is created: lets a test click it at once. */
  static onCreated: ((tray: Tray) => void) | null = null;
  tooltip = '';
  menu: { template: MenuItem[] } | null = null;
  destroyed = false;
  constructor(readonly image: unknown) {
    super();
    if (!app.isReady()) throw new Error('Cannot create Tray before app is ready');
    calls.push('new Tray');
    Tray.created.push(this);
    const hook = Tray.onCreated;
    if (hook) queueMicrotask(() => hook(this));
  }
  setToolTip(text: string): void {
    this.tooltip = text;
  }
  setContextMenu(menu: { template: MenuItem[] }): void {
    this.menu = menu;
  }
  destroy(): void {
    this.destroyed = true;
  }
}

export interface MenuItem {
  label?: string;
  role?: string;
  submenu?: MenuItem[];
  type?: string;
  enabled?: boolean;
  checked?: boolean;
  click?: (menuItem: { checked: boolean }) => void;
}

export const Menu = {
  application: null as { template: MenuItem[] } | null,
  buildFromTemplate: (template: MenuItem[]) => ({ template }),
  setApplicationMenu(menu: { template: MenuItem[] } | null): void {
    Menu.application = menu;
  },
};

/**
 * A notification. Electron keeps only a weak reference to a main-process Notification: once
 * nothing in JavaScript holds it, it can be collected and its click is lost (electron#12690,
 * #16922). So the stand-in keeps what was shown weakly too: `shown` lists the ones still
 * alive, `log` records the text of every one shown.
 */
export class Notification extends EventEmitter {
  private static refs: WeakRef<Notification>[] = [];
  static log: { title: string; body: string }[] = [];
  static supported = true;
  static isSupported(): boolean {
    return Notification.supported;
  }
  /** The notifications shown that have not been collected. */
  static get shown(): Notification[] {
    return Notification.refs
      .map((ref) => ref.deref())
      .filter((notification) => notification !== undefined);
  }
  static reset(): void {
    Notification.refs = [];
    Notification.log = [];
    Notification.supported = true;
  }
  /** Whether it was dismissed by the app (`close()`), as a group's update does to the last one. */
  closed = false;
  constructor(readonly options: { title: string; body: string; silent?: boolean }) {
    super();
    calls.push('new Notification');
  }
  show(): void {
    calls.push('notification.show');
    Notification.refs.push(new WeakRef(this));
    Notification.log.push({ title: this.options.title, body: this.options.body });
  }
  /** Dismisses it; Electron then emits 'close'. */
  close(): void {
    calls.push('notification.close');
    this.closed = true;
    this.emit('close');
  }
}

type PermissionRequestHandler = (
  contents: unknown,
  permission: string,
  callback: (granted: boolean) => void,
) => void;
class FakeSession {
  permissionRequestHandler: PermissionRequestHandler | null = null;
  permissionCheckHandler: (() => boolean) | null = null;
  setPermissionRequestHandler(handler: PermissionRequestHandler): void {
    this.permissionRequestHandler = handler;
  }
  setPermissionCheckHandler(handler: () => boolean): void {
    this.permissionCheckHandler = handler;
  }
  /** What resolveProxy answers (PAC style), and the URLs it was asked for. */
  proxyAnswer = 'DIRECT';
  readonly proxyAsked: string[] = [];
  resolveProxy(url: string): Promise<string> {
    this.proxyAsked.push(url);
    return Promise.resolve(this.proxyAnswer);
  }
}

/** Records the session policies the shell installs. */
export const session = { defaultSession: new FakeSession() };

type ProtocolHandler = (request: Request) => Response | Promise<Response>;

/**
 * The default session's protocols: privileged schemes (only before `ready`, as in Electron)
 * and the handlers, which a test calls with a fetch Request as Electron would.
 */
export const protocol = {
  privileged: [] as { scheme: string; privileges: Record<string, boolean> }[],
  handlers: new Map<string, ProtocolHandler>(),
  registerSchemesAsPrivileged(
    schemes: { scheme: string; privileges: Record<string, boolean> }[],
  ): void {
    if (app.isReady())
      throw new Error('protocol.registerSchemesAsPrivileged should be called before app is ready');
    this.privileged.push(...schemes);
  },
  handle(scheme: string, handler: ProtocolHandler): void {
    if (!app.isReady()) throw new Error('protocol.handle can only be used after app is ready');
    if (this.handlers.has(scheme)) throw new Error(`Failed to register protocol: ${scheme}`);
    this.handlers.set(scheme, handler);
  },
};

/** The displays' work areas; a test plugs and unplugs monitors by replacing them. */
export const screen = {
  workAreas: [{ x: 0, y: 0, width: 1920, height: 1040 }],
  getAllDisplays(): { workArea: { x: number; y: number; width: number; height: number } }[] {
    if (!app.isReady())
      throw new Error("The 'screen' module can't be used before the app 'ready' event");
    return this.workAreas.map((workArea) => ({ workArea }));
  },
};

/** macOS's dock: only there, as `app.dock` is undefined elsewhere. */
class FakeDock {
  bounce(type?: 'critical' | 'informational'): number {
    calls.push(`app.dock.bounce(${type ?? ''})`);
    return 1;
  }
}

/** The cancellable event Electron passes to 'before-quit' and 'will-quit'. */
class FakeQuitEvent {
  defaultPrevented = false;
  preventDefault(): void {
    this.defaultPrevented = true;
  }
}

/** A controllable `app`: the test decides the data folder and when it is ready. */
class FakeApp extends EventEmitter {
  isPackaged = false;
  userData = '';
  hasLock = true;
  quitCalled = false;
  exitCode: number | null = null;
  appUserModelId: string | null = null;
  dock: FakeDock | undefined = undefined;
  /** The system's preferred languages, as the OS names them (a test sets them). */
  systemLanguages: string[] = ['en-US'];
  private readyState = false;
  private ready: (() => void) | null = null;
  private readyPromise = this.newReadyPromise();
  getPath(name: string): string {
    if (name === 'logs') return join(this.userData, 'logs');
    if (name !== 'userData') throw new Error(`unexpected getPath(${name})`);
    return this.userData;
  }
  /** As Electron: the version in the app's package.json. */
  getVersion(): string {
    const file = join(__dirname, '../../../package.json');
    return (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version;
  }
  requestSingleInstanceLock(): boolean {
    return this.hasLock;
  }
  getPreferredSystemLanguages(): string[] {
    return [...this.systemLanguages];
  }
  setAppUserModelId(id: string): void {
    calls.push('app.setAppUserModelId');
    this.appUserModelId = id;
  }
  isReady(): boolean {
    return this.readyState;
  }
  whenReady(): Promise<void> {
    return this.readyPromise;
  }
  becomeReady(): void {
    this.readyState = true;
    this.ready?.();
  }
  /**
   * Quits as Electron does: 'before-quit', then 'will-quit', each cancelled by a listener's
   * preventDefault (https://www.electronjs.org/docs/latest/api/app#event-before-quit).
   */
  quit(): void {
    this.quitCalled = true;
    const beforeQuit = new FakeQuitEvent();
    this.emit('before-quit', beforeQuit);
    if (beforeQuit.defaultPrevented) return;
    this.emit('will-quit', new FakeQuitEvent());
  }
  /** Quits and resolves once 'will-quit' has been emitted (the shell may hold the quit). */
  quitAndWait(): Promise<void> {
    const willQuit = new Promise<void>((resolve) => this.once('will-quit', () => resolve()));
    this.quit();
    return willQuit;
  }
  exit(code: number): void {
    this.exitCode = code;
  }
  /** A fresh, not yet ready app with no listeners (for tests that start the shell again). */
  reset(): void {
    this.removeAllListeners();
    this.quitCalled = false;
    this.exitCode = null;
    this.appUserModelId = null;
    this.dock = undefined;
    this.readyState = false;
    this.readyPromise = this.newReadyPromise();
  }
  /** Makes this app a macOS one (with a dock) or not. */
  useDock(present: boolean): void {
    this.dock = present ? new FakeDock() : undefined;
  }
  private newReadyPromise(): Promise<void> {
    return new Promise<void>((resolve) => {
      this.ready = resolve;
    });
  }
}

export const app = new FakeApp();

/** Records the error boxes shown (Electron's `dialog.showErrorBox`, usable before `ready`). */
export const dialog = {
  errorBoxes: [] as { title: string; content: string }[],
  showErrorBox(title: string, content: string): void {
    calls.push('dialog.showErrorBox');
    this.errorBoxes.push({ title, content });
  },
};

/**
 * Power events: a test emits 'resume', 'unlock-screen' or 'shutdown'. Like Electron's, it cannot
 * be used before `ready`.
 */
class FakePowerMonitor extends EventEmitter {
  override on(event: string, listener: (...args: unknown[]) => void): this {
    if (!app.isReady())
      throw new Error("The 'powerMonitor' module can't be used before the app 'ready' event");
    return super.on(event, listener);
  }
}
export const powerMonitor = new FakePowerMonitor();

/** The network's state as `net.isOnline()` tells it; a test switches it. */
export const net = {
  online: true,
  isOnline(): boolean {
    return this.online;
  },
};

/** Clears every record between tests. */
export function resetFakeElectron(): void {
  calls.length = 0;
  ipcMain.handlers.clear();
  BrowserWindow.created = [];
  Tray.created = [];
  Tray.onCreated = null;
  Notification.reset();
  shell.opened = [];
  shell.openedPaths = [];
  Menu.application = null;
  protocol.privileged = [];
  screen.workAreas = [{ x: 0, y: 0, width: 1920, height: 1040 }];
  protocol.handlers.clear();
  dialog.errorBoxes = [];
  powerMonitor.removeAllListeners();
  net.online = true;
  app.systemLanguages = ['en-US'];
}
