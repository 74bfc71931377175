import { EventEmitter } from 'node:events';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Logger } from '../../../src-main/core/support/logger';
import { runShell } from '../../../src-main/shell/lifecycle';
import {
  SAVE_DELAY_MS,
  WINDOW_STATE_FILE,
  placementFor,
  rememberWindowState,
} from '../../../src-main/shell/window-state';
import { BrowserWindow, app, resetFakeElectron, screen } from './fake-electron';

vi.mock('electron', async () => await import('./fake-electron'));

const PRIMARY = { x: 0, y: 0, width: 1920, height: 1040 };
const RIGHT = { x: 1920, y: 0, width: 2560, height: 1400 };
const silent: Logger = { info: () => undefined, warn: () => undefined, error: () => undefined };

describe('placementFor', () => {
  const saved = { x: 2100, y: 100, width: 1300, height: 900, maximized: false };

  it('restores the saved bounds where a display shows them', () => {
    const { maximized, ...bounds } = saved;
    expect(placementFor(saved, [PRIMARY, RIGHT])).toEqual({ bounds, maximized });
  });

  it('restores a window that hangs partly off a display, as long as its title bar shows', () => {
    const state = { ...saved, x: 1800, y: -20 };
    expect(placementFor(state, [PRIMARY]).bounds).toMatchObject({ x: 1800, y: -20 });
  });

  it('refuses bounds on a display that is gone: centred, default size', () => {
    expect(placementFor(saved, [PRIMARY])).toEqual({ maximized: false });
    expect(placementFor({ ...saved, maximized: true }, [PRIMARY])).toEqual({ maximized: true });
  });

  it('refuses bounds of which a display shows only a sliver', () => {
    expect(placementFor({ ...saved, x: 1920 - 99 }, [PRIMARY])).toEqual({ maximized: false });
    expect(placementFor({ ...saved, x: 0, y: 1040 - 49 }, [PRIMARY])).toEqual({
      maximized: false,
    });
    expect(placementFor({ ...saved, x: 1920 - 100, y: 1040 - 50 }, [PRIMARY]).bounds).toBeDefined();
  });

  it('centres the window when nothing was saved', () => {
    expect(placementFor(null, [PRIMARY])).toEqual({ maximized: false });
  });
});

describe('rememberWindowState', () => {
  let dataDir: string;
  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'qb-window-state-'));
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
    rmSync(dataDir, { recursive: true, force: true });
  });

  class Window extends EventEmitter {
    bounds = { x: 10, y: 20, width: 1000, height: 700 };
    maximized = false;
    getNormalBounds = () => ({ ...this.bounds });
    isMaximized = () => this.maximized;
  }
  const file = () => join(dataDir, WINDOW_STATE_FILE);
  const written = async (): Promise<unknown> => {
    await vi.waitFor(() => expect(() => readFileSync(file(), 'utf8')).not.toThrow());
    return JSON.parse(readFileSync(file(), 'utf8'));
  };

  it('writes once the window rests after moving, the last bounds only', async () => {
    const window = new Window();
    rememberWindowState(window, dataDir, silent);
    for (const x of [100, 200, 300]) {
      window.bounds = { ...window.bounds, x };
      window.emit('move');
      vi.advanceTimersByTime(SAVE_DELAY_MS - 1);
    }
    expect(() => readFileSync(file())).toThrow();
    vi.advanceTimersByTime(1);
    vi.useRealTimers();
    expect(await written()).toEqual({ x: 300, y: 20, width: 1000, height: 700, maximized: false });
  });

  it('writes at once when closed, maximized with its normal bounds', async () => {
    const window = new Window();
    rememberWindowState(window, dataDir, silent);
    window.maximized = true;
    window.emit('close');
    vi.useRealTimers();
    expect(await written()).toEqual({ x: 10, y: 20, width: 1000, height: 700, maximized: true });
  });
});

describe('the window through the shell (saved, restored, refused)', () => {
  let dataDir: string;
  beforeEach(() => {
    resetFakeElectron();
    app.reset();
    dataDir = mkdtempSync(join(tmpdir(), 'qb-shell-window-state-'));
    app.userData = dataDir;
  });
  afterEach(async () => {
    await app.quitAndWait();
    rmSync(dataDir, { recursive: true, force: true });
  });

  async function startedWindow(): Promise<BrowserWindow> {
    runShell({
      bundleDir: join(__dirname, '../../../out/main'),
      platform: 'linux',
      logger: silent,
    });
    app.becomeReady();
    await vi.waitFor(() => expect(BrowserWindow.created.length).toBe(1));
    const window = BrowserWindow.created[0];
    if (!window) throw new Error('no window');
    window.emit('ready-to-show');
    return window;
  }

  it('saves the bounds when the window is closed, and the next start restores them', async () => {
    const first = await startedWindow();
    first.bounds = { x: 2000, y: 50, width: 1400, height: 900 };
    first.maximized = true;
    first.emit('close', { preventDefault: () => undefined });
    await vi.waitFor(() =>
      expect(JSON.parse(readFileSync(join(dataDir, WINDOW_STATE_FILE), 'utf8'))).toEqual({
        x: 2000,
        y: 50,
        width: 1400,
        height: 900,
        maximized: true,
      }),
    );
    await app.quitAndWait();
    resetFakeElectron();
    app.reset();
    screen.workAreas = [PRIMARY, RIGHT];

    const second = await startedWindow();
    expect(second.options).toMatchObject({ x: 2000, y: 50, width: 1400, height: 900 });
    expect(second.maximized).toBe(true);
    expect(second.visible).toBe(true);
  });

  it('opens centred at the default size when the saved display is gone', async () => {
    writeFileSync(
      join(dataDir, WINDOW_STATE_FILE),
      JSON.stringify({ x: 2000, y: 50, width: 1400, height: 900, maximized: false }),
    );
    screen.workAreas = [PRIMARY];
    const window = await startedWindow();
    expect(window.options).not.toHaveProperty('x');
    expect(window.options).not.toHaveProperty('y');
    expect(window.options).toMatchObject({ width: 1240, height: 820 });
    expect(window.maximized).toBe(false);
  });

  it('opens centred when the saved file is not valid', async () => {
    writeFileSync(join(dataDir, WINDOW_STATE_FILE), '{"x": "left"}');
    const window = await startedWindow();
    expect(window.options).not.toHaveProperty('x');
    expect(window.options).toMatchObject({ width: 1240, height: 820 });
  });
});
