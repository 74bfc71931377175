import { mkdir, readFile, symlink, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { appLockOn, defaultDataDir } from '../../src-cli/data-dir';
import { removeAll, tempDir } from '../main/core/fixtures';
import { qbsc } from './run-qbsc';

vi.setConfig({ testTimeout: 120_000 });

const folders: string[] = [];
afterAll(() => removeAll(folders));

async function folder(): Promise<string> {
  const made = await tempDir('qb-cli-dir-');
  folders.push(made);
  return made;
}

describe("the app's data folder, as Electron's app.getPath('userData') names it", () => {
  it.each([
    ['linux', {}, '/home/ada/.config/QuickBox Session Companion'],
    ['linux', { XDG_CONFIG_HOME: '/srv/conf' }, '/srv/conf/QuickBox Session Companion'],
    ['linux', { XDG_CONFIG_HOME: 'relative' }, '/home/ada/.config/QuickBox Session Companion'],
    ['darwin', {}, '/home/ada/Library/Application Support/QuickBox Session Companion'],
    [
      'win32',
      { APPDATA: 'C:\\Users\\ada\\AppData\\Roaming' },
      'C:\\Users\\ada\\AppData\\Roaming\\QuickBox Session Companion',
    ],
  ] as const)('%s %j -> %s', (platform, env, expected) => {
    expect(defaultDataDir(platform, env, '/home/ada')).toBe(expected);
  });

  it('is named after package.json productName, as Electron names it', async () => {
    const manifest = JSON.parse(await readFile('package.json', 'utf8')) as { productName: string };
    expect(defaultDataDir('linux', {}, '/h')).toBe(`/h/.config/${manifest.productName}`);
  });
});

describe("the app's single-instance lock", () => {
  it('counts a SingletonLock naming a live process on this host, not a stale one or none', async () => {
    const live = await folder();
    await symlink(`${hostname()}-${process.pid}`, path.join(live, 'SingletonLock'));
    expect(await appLockOn(live, 'linux')).toMatchObject({ pid: process.pid, host: hostname() });
    const stale = await folder();
    // Beyond the largest pid Linux hands out (2^22), so no process has it.
    await symlink(`${hostname()}-4194305`, path.join(stale, 'SingletonLock'));
    expect(await appLockOn(stale, 'linux')).toBeNull();
    expect(await appLockOn(await folder(), 'linux')).toBeNull();
  });

  it('refuses changes to local files while the app runs (75), and still reads', async () => {
    const dataDir = await folder();
    await mkdir(dataDir, { recursive: true });
    await symlink(`${hostname()}-${process.pid}`, path.join(dataDir, 'SingletonLock'));
    const settings = path.join(dataDir, 'settings.json');
    await writeFile(settings, '{}');
    const refused = await qbsc(dataDir, ['profiles', 'create', 'P', '--settings', settings]);
    expect(refused.code).toBe(75);
    expect(refused.stderr).toContain(`process ${process.pid}`);
    expect(refused.stderr).toContain('Quit the app');
    const read = await qbsc(dataDir, ['--json', 'profiles', 'list']);
    expect(read.code, read.stderr).toBe(0);
  });
});
