/**
 * A stand-in for the `electron` module in shell tests: the Electron binary cannot run on
 * the build machines, so these record what the shell asks of Electron. Only the parts the
 * shell uses are here; the real types are checked by `tsc` against electron's definitions.
 */

import { EventEmitter } from 'node:events';

type Handler = (event: { senderFrame: unknown }, payload: unknown) => Promise<unknown>;

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

/** Records `webContents` hardening: listeners and the window-open handler. */
export class FakeWebContents extends EventEmitter {
  windowOpenHandler: ((details: { url: string }) => { action: string }) | null = null;
  sent: [string, unknown][] = [];
  destroyed = false;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }): void {
    this.windowOpenHandler = handler;
  }
  send(channel: string, payload: unknown): void {
    this.sent.push([channel, payload]);
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
}

/** Records the options a window was created with and what it loaded. */
export class BrowserWindow extends EventEmitter {
  static created: BrowserWindow[] = [];
  readonly webContents = new FakeWebContents();
  loadedUrl: string | null = null;
  visible = false;
  constructor(readonly options: Record<string, unknown>) {
    super();
    BrowserWindow.created.push(this);
  }
  loadURL(url: string): Promise<void> {
    this.loadedUrl = url;
    return Promise.resolve();
  }
  show(): void {
    this.visible = true;
  }
  hide(): void {
    this.visible = false;
  }
}

export const shell = {
  opened: [] as string[],
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
  tooltip = '';
  menu: { template: MenuItem[] } | null = null;
  destroyed = false;
  constructor(readonly image: unknown) {
    super();
    Tray.created.push(this);
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
  type?: string;
  enabled?: boolean;
  click?: () => void;
}

export const Menu = {
  buildFromTemplate: (template: MenuItem[]) => ({ template }),
};

/** Records notifications shown. */
export class Notification extends EventEmitter {
  static shown: Notification[] = [];
  static supported = true;
  static isSupported(): boolean {
    return Notification.supported;
  }
  constructor(readonly options: { title: string; body: string }) {
    super();
  }
  show(): void {
    Notification.shown.push(this);
  }
}

/** Clears every record between tests. */
export function resetFakeElectron(): void {
  ipcMain.handlers.clear();
  BrowserWindow.created = [];
  Tray.created = [];
  Notification.shown = [];
  Notification.supported = true;
  shell.opened = [];
}

type PermissionRequestHandler = (
  contents: unknown,
  permission: string,
  callback: (granted: boolean) => void,
) => void;
type HeadersListener = (
  details: { responseHeaders?: Record<string, string[]> },
  callback: (response: { responseHeaders: Record<string, string[]> }) => void,
) => void;

class FakeSession {
  permissionRequestHandler: PermissionRequestHandler | null = null;
  permissionCheckHandler: (() => boolean) | null = null;
  headersListener: HeadersListener | null = null;
  readonly webRequest = {
    onHeadersReceived: (listener: HeadersListener): void => {
      this.headersListener = listener;
    },
  };
  setPermissionRequestHandler(handler: PermissionRequestHandler): void {
    this.permissionRequestHandler = handler;
  }
  setPermissionCheckHandler(handler: () => boolean): void {
    this.permissionCheckHandler = handler;
  }
}

/** Records the session policies the shell installs. */
export const session = { defaultSession: new FakeSession() };

/** A controllable `app`: the test decides the data folder and when it is ready. */
class FakeApp extends EventEmitter {
  isPackaged = false;
  userData = '';
  hasLock = true;
  quitCalled = false;
  exitCode: number | null = null;
  private ready: (() => void) | null = null;
  private readonly readyPromise = new Promise<void>((resolve) => {
    this.ready = resolve;
  });
  getPath(name: string): string {
    if (name !== 'userData') throw new Error(`unexpected getPath(${name})`);
    return this.userData;
  }
  requestSingleInstanceLock(): boolean {
    return this.hasLock;
  }
  whenReady(): Promise<void> {
    return this.readyPromise;
  }
  becomeReady(): void {
    this.ready?.();
  }
  quit(): void {
    this.quitCalled = true;
  }
  exit(code: number): void {
    this.exitCode = code;
  }
}

export const app = new FakeApp();

/** Adds what the shell entry's window handling calls on a BrowserWindow. */
Object.assign(BrowserWindow.prototype, {
  isDestroyed: () => false,
  isMinimized: () => false,
  restore: () => undefined,
  focus: () => undefined,
});
