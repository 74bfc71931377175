import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { listPackage } from '@electron/asar';
import { getCurrentFuseWire } from '@electron/fuses';
import { DebugLogger } from 'builder-util';
import type { Configuration } from 'electron-builder';
import { afterAll, describe, expect, it } from 'vitest';
import { builderConfig } from '../../electron-builder.config';
import packageJson from '../../package.json';
import { afterPack } from '../../scripts/after-pack';
import { APP_ID } from '../../src-main/shell/app-id';
import { SHELL_ICONS } from '../../src-main/shell/icons';

// The packaging: electron-builder.config.ts as data and against electron-builder's own
// schema, `npm run dist` where no Electron binary can be had, and a real electron-builder
// run around a stand-in Electron folder (the binary cannot be had here, but everything
// electron-builder and the hook do around it runs for real).
const ROOT = join(__dirname, '..', '..');
const work = mkdtempSync(join(tmpdir(), 'qb-packaging-'));

afterAll(() => rmSync(work, { recursive: true, force: true }));

function dist(args: string[], env: Record<string, string>) {
  return spawnSync('npm', ['run', '--silent', 'dist', '--', ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, ...env },
  });
}

/** A stand-in unpacked Electron for Linux: a binary that is only a fuse wire (8 fuses unset). */
function standInElectron(): string {
  const electron = join(work, 'stand-in-electron');
  mkdirSync(join(electron, 'resources'), { recursive: true });
  writeFileSync(
    join(electron, 'electron'),
    Buffer.concat([
      Buffer.from('dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX'),
      Buffer.from([1, 8]),
      Buffer.alloc(8, 0x90),
    ]),
    { mode: 0o755 },
  );
  return electron;
}

describe('electron-builder.config.ts', () => {
  it("reuses the app's id and product name", () => {
    expect(builderConfig.appId).toBe(APP_ID);
    expect(builderConfig.productName).toBe(packageJson.productName);
  });

  it('builds AppImage and deb on Linux, a dmg for each kind of Mac, NSIS on Windows', () => {
    expect(builderConfig.linux?.target).toEqual(['AppImage', 'deb']);
    expect(builderConfig.mac?.target).toEqual([{ target: 'dmg', arch: ['arm64', 'x64'] }]);
    expect(builderConfig.win?.target).toEqual(['nsis']);
    expect([builderConfig.linux?.icon, builderConfig.mac?.icon, builderConfig.win?.icon]).toEqual([
      'build/icon.png',
      'build/icon.icns',
      'build/icon.ico',
    ]);
    for (const icon of ['icon.png', 'icon.icns', 'icon.ico'])
      expect(existsSync(join(ROOT, 'build', icon))).toBe(true);
  });

  it('packs the built app and package.json only, with keytar outside the asar', () => {
    expect(builderConfig.files).toEqual(['out/**', 'package.json']);
    expect(builderConfig.asar).toBe(true);
    expect(builderConfig.asarUnpack).toContain('node_modules/keytar/**');
  });

  it('copies every icon the shell loads from build/ into the resources folder', () => {
    expect(builderConfig.extraResources).toEqual(
      SHELL_ICONS.map((name) => ({ from: `build/${name}`, to: name })),
    );
    for (const name of SHELL_ICONS) expect(existsSync(join(ROOT, 'build', name))).toBe(true);
  });

  it('sets the fuses in its afterPack hook', () => {
    expect(builderConfig.afterPack).toBe(afterPack);
  });

  it("passes electron-builder's own validation of the configuration", async () => {
    // electron-builder's schema check, as its CLI runs it before a build (not exported at
    // the package's top level; app-builder-lib is electron-builder's own library).
    const { validateConfiguration } = await import('app-builder-lib/out/util/config/config.js');
    const logger = new DebugLogger(false);
    await expect(validateConfiguration(builderConfig, logger)).resolves.toBeUndefined();
    const misspelt = { ...builderConfig, linux: { targets: ['deb'] } } as Configuration;
    await expect(validateConfiguration(misspelt, logger)).rejects.toThrow(
      /Invalid configuration object/,
    );
  });
});

describe('npm run dist', () => {
  it('without an Electron binary says so plainly, exits 1 and builds nothing', () => {
    const empty = join(work, 'no-electron');
    mkdirSync(empty);
    const run = dist([], { ELECTRON_OVERRIDE_DIST_PATH: empty });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(`No Electron binary could be had on this machine`);
    expect(run.stderr).toContain(`no Electron binary in ${empty}`);
    expect(run.stderr).not.toMatch(/^\s+at /m);
    expect(run.stdout).not.toContain('=== Build');
  });

  it.runIf(process.platform === 'linux')(
    'packs the app around a stand-in Electron: asar contents, keytar unpacked, icons, fuses',
    () => {
      const electron = standInElectron();
      const output = join(work, 'dist');
      const run = dist(['--linux', 'dir', `-c.directories.output=${output}`], {
        ELECTRON_OVERRIDE_DIST_PATH: electron,
      });
      expect(run.status, run.stdout + run.stderr).toBe(0);

      const app = join(output, 'linux-unpacked');
      const resources = join(app, 'resources');
      const topLevel = new Set(
        listPackage(join(resources, 'app.asar'), { isPack: false }).map(
          (entry) => entry.split(/[\\/]/)[1],
        ),
      );
      expect([...topLevel].sort()).toEqual(['node_modules', 'out', 'package.json']);
      expect(listPackage(join(resources, 'app.asar'), { isPack: false })).toContain(
        join('/out', 'main', 'index.js'),
      );
      expect(
        existsSync(
          join(resources, 'app.asar.unpacked/node_modules/keytar/build/Release/keytar.node'),
        ),
      ).toBe(true);
      for (const name of SHELL_ICONS) {
        expect(readFileSync(join(resources, name))).toEqual(
          readFileSync(join(ROOT, 'build', name)),
        );
      }
      return getCurrentFuseWire(join(app, packageJson.name)).then((wire) => {
        expect(wire).toMatchObject({ 0: 48, 1: 48, 2: 48, 3: 48, 4: 49, 5: 49, 6: 48, 7: 48 });
      });
    },
    180_000,
  );

  it.runIf(process.platform === 'linux')(
    "finds the .deb's homepage and maintainer in package.json, in a clone without a GitHub remote too",
    () => {
      // This checkout may have no remote at all; electron-builder would otherwise take the
      // homepage from a GitHub remote. Past the metadata, the .deb needs fpm, which
      // electron-builder downloads: here from a mirror on loopback that refuses, so that step
      // fails for its own reason, with no traffic off the machine.
      const output = join(work, 'dist-deb');
      const run = dist(['--linux', 'deb', `-c.directories.output=${output}`], {
        ELECTRON_OVERRIDE_DIST_PATH: standInElectron(),
        ELECTRON_BUILDER_BINARIES_MIRROR: 'http://127.0.0.1:9/',
        ELECTRON_BUILDER_CACHE: join(work, 'builder-cache'),
      });
      const said = run.stdout + run.stderr;
      expect(said).toContain('=== Package (electron-builder)');
      expect(said).not.toMatch(/Please specify|author is missed/);
      expect(run.status === 0 || said.includes('127.0.0.1:9'), said).toBe(true);
      expect(packageJson).toMatchObject({
        homepage: expect.stringMatching(/^https:\/\//),
        author: { name: expect.any(String), email: expect.stringMatching(/^[^@\s]+@[^@\s]+$/) },
        repository: { type: 'git', url: expect.stringMatching(/^git\+https:\/\/.+\.git$/) },
      });
    },
    180_000,
  );
});
