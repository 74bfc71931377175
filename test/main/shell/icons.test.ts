import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { builderConfig } from '../../../electron-builder.config';
import { runShell } from '../../../src-main/shell/lifecycle';
import { BrowserWindow, Tray, app, resetFakeElectron } from './fake-electron';

vi.mock('electron', async () => await import('./fake-electron'));

// The images the shell loads through resourcePath(), started as a packaged app on each
// system: each must be one electron-builder copies into the resources folder, or the
// packaged app shows no tray icon.
const ROOT = join(__dirname, '..', '..', '..');
const RESOURCES = join(tmpdir(), 'qb-resources');
const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };
let dataDir: string;
const resourcesPath = process.resourcesPath;

/** The files electron-builder copies into the resources folder (by their name there). */
function packagedResources(): string[] {
  const extra = builderConfig.extraResources;
  if (!Array.isArray(extra)) throw new Error('extraResources is not a list');
  return extra.map((entry) => (typeof entry === 'string' ? entry : (entry.to ?? '')));
}

/** Starts the shell packaged on a platform; the window icon's and tray icon's paths. */
async function iconsLoaded(platform: NodeJS.Platform): Promise<{ window: string; tray: string }> {
  runShell({ bundleDir: join(ROOT, 'out/main'), platform, logger: quiet });
  app.becomeReady();
  await vi.waitFor(() => expect(BrowserWindow.created).toHaveLength(1));
  const window = BrowserWindow.created[0]?.options['icon'];
  const tray = (Tray.created[0]?.image as { path: string } | undefined)?.path;
  if (typeof window !== 'string' || !tray) throw new Error('no icons loaded');
  return { window, tray };
}

beforeEach(() => {
  resetFakeElectron();
  app.reset();
  dataDir = mkdtempSync(join(tmpdir(), 'qb-shell-icons-'));
  app.userData = dataDir;
  app.isPackaged = true;
  Object.assign(process, { resourcesPath: RESOURCES });
});

afterEach(async () => {
  await app.quitAndWait();
  app.isPackaged = false;
  Object.assign(process, { resourcesPath });
  rmSync(dataDir, { recursive: true, force: true });
});

describe('the icons a packaged app loads', () => {
  it.each(['linux', 'win32', 'darwin'] as const)(
    'on %s come from the resources folder and are packaged there',
    async (platform) => {
      const { window, tray } = await iconsLoaded(platform);
      for (const path of [window, tray]) {
        expect(dirname(path)).toBe(RESOURCES);
        expect(packagedResources()).toContain(basename(path));
        expect(existsSync(join(ROOT, 'build', basename(path)))).toBe(true);
      }
    },
  );

  it('on macOS the tray icon is a template image with its @2x beside it', async () => {
    const { tray } = await iconsLoaded('darwin');
    expect(basename(tray)).toBe('trayTemplate.png');
    expect(packagedResources()).toContain('trayTemplate@2x.png');
  });

  it('on Linux the tray icon is the colour PNG', async () => {
    const { tray } = await iconsLoaded('linux');
    expect(basename(tray)).toBe('tray.png');
  });

  it('on Windows the tray icon is an .ico (16 to 32 px, the notification area picks its size)', async () => {
    const { tray } = await iconsLoaded('win32');
    expect(basename(tray)).toBe('tray.ico');
  });
});
