import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { FuseV1Options } from '@electron/fuses';
import { Arch } from 'electron-builder';
import { afterAll, describe, expect, it } from 'vitest';
import {
  afterPack,
  ELECTRON_FUSES,
  fuseConfig,
  packagedExecutable,
  type PackedApp,
} from '../../scripts/after-pack';

// The afterPack hook (scripts/after-pack.ts): its fuse settings as data, where it finds the
// packaged binary on each system, and what it writes into a binary's fuse wire. No Electron
// binary can be had here, so the wire is written into a stand-in file laid out as Electron's
// (the sentinel, the wire's version and length, one byte per fuse).
const SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
const INHERIT = 0x90;
const ENABLE = '1'.charCodeAt(0);
const DISABLE = '0'.charCodeAt(0);
const work = mkdtempSync(join(tmpdir(), 'qb-after-pack-'));

afterAll(() => rmSync(work, { recursive: true, force: true }));

function packed(platform: string, appOutDir = '/out', arch = Arch.x64): PackedApp {
  return {
    electronPlatformName: platform,
    appOutDir,
    arch,
    packager: {
      appInfo: { productFilename: 'QuickBox Session Companion' },
      ...(platform === 'linux' ? { executableName: 'quickbox-session-companion' } : {}),
    },
  };
}

/** A file with Electron's fuse wire (8 fuses, all left to Electron's defaults). */
function standInBinary(path: string): void {
  mkdirSync(dirname(path), { recursive: true });
  const wire = Buffer.concat([
    Buffer.from('binary before'),
    Buffer.from(SENTINEL),
    Buffer.from([1, 8]),
    Buffer.alloc(8, INHERIT),
    Buffer.from('binary after'),
  ]);
  writeFileSync(path, wire);
}

/** The fuse bytes of a stand-in binary, by fuse name. */
function fusesOf(path: string): Record<string, string> {
  const bytes = readFileSync(path);
  const start = bytes.indexOf(SENTINEL) + SENTINEL.length + 2;
  const states: Record<string, string> = {};
  for (let index = 0; index < 8; index++) {
    const state = bytes[start + index];
    states[FuseV1Options[index] ?? index] =
      state === ENABLE ? 'on' : state === DISABLE ? 'off' : 'unset';
  }
  return states;
}

const EXPECTED_WIRE = {
  RunAsNode: 'off',
  EnableCookieEncryption: 'off',
  EnableNodeOptionsEnvironmentVariable: 'off',
  EnableNodeCliInspectArguments: 'off',
  EnableEmbeddedAsarIntegrityValidation: 'on',
  OnlyLoadAppFromAsar: 'on',
  LoadBrowserProcessSpecificV8Snapshot: 'off',
  GrantFileProtocolExtraPrivileges: 'off',
};

describe('the fuse settings', () => {
  it('are the ones the security checklist recommends', () => {
    expect(ELECTRON_FUSES).toEqual({
      RunAsNode: false,
      EnableNodeOptionsEnvironmentVariable: false,
      EnableNodeCliInspectArguments: false,
      EnableEmbeddedAsarIntegrityValidation: true,
      OnlyLoadAppFromAsar: true,
      EnableCookieEncryption: false,
      LoadBrowserProcessSpecificV8Snapshot: false,
      GrantFileProtocolExtraPrivileges: false,
    });
  });

  it('decide every fuse @electron/fuses knows, and nothing else', () => {
    const known = Object.keys(FuseV1Options).filter((key) => Number.isNaN(Number(key)));
    expect(Object.keys(ELECTRON_FUSES).sort()).toEqual(known.sort());
    expect(fuseConfig(packed('linux')).strictlyRequireAllFuses).toBe(true);
  });

  it('become an @electron/fuses V1 config keyed by each fuse index', () => {
    const config = fuseConfig(packed('linux'));
    expect(config).toMatchObject({
      version: '1',
      resetAdHocDarwinSignature: false,
      [FuseV1Options.RunAsNode]: false,
      [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
      [FuseV1Options.EnableNodeCliInspectArguments]: false,
      [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true,
      [FuseV1Options.OnlyLoadAppFromAsar]: true,
      [FuseV1Options.EnableCookieEncryption]: false,
      [FuseV1Options.GrantFileProtocolExtraPrivileges]: false,
    });
  });

  it('renew the ad-hoc signature of an arm64 macOS build only', () => {
    expect(fuseConfig(packed('darwin', '/out', Arch.arm64)).resetAdHocDarwinSignature).toBe(true);
    expect(fuseConfig(packed('darwin', '/out', Arch.x64)).resetAdHocDarwinSignature).toBe(false);
    expect(fuseConfig(packed('linux', '/out', Arch.arm64)).resetAdHocDarwinSignature).toBe(false);
  });
});

describe('the packaged executable, as electron-builder names it', () => {
  it.each([
    ['darwin', 'QuickBox Session Companion.app'],
    ['mas', 'QuickBox Session Companion.app'],
    ['win32', 'QuickBox Session Companion.exe'],
    ['linux', 'quickbox-session-companion'],
  ])('on %s is %s in appOutDir', (platform, name) => {
    expect(packagedExecutable(packed(platform, '/out'))).toBe(join('/out', name));
  });
});

describe('the hook', () => {
  it.each([
    ['linux', 'quickbox-session-companion'],
    ['win32', 'QuickBox Session Companion.exe'],
    [
      'darwin',
      'QuickBox Session Companion.app/Contents/Frameworks/Electron Framework.framework/Electron Framework',
    ],
  ])('on %s sets the fuses in %s', async (platform, binary) => {
    const appOutDir = join(work, platform);
    standInBinary(join(appOutDir, binary));
    await afterPack(packed(platform, appOutDir));
    expect(fusesOf(join(appOutDir, binary))).toEqual(EXPECTED_WIRE);
  });

  it('fails the build when the binary has no fuse wire', async () => {
    const appOutDir = join(work, 'no-wire');
    mkdirSync(appOutDir, { recursive: true });
    writeFileSync(join(appOutDir, 'quickbox-session-companion'), 'not electron');
    await expect(afterPack(packed('linux', appOutDir))).rejects.toThrow(/sentinel/);
  });
});
