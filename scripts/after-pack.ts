/**
 * electron-builder's afterPack hook: sets the Electron fuses in the packaged binary, after
 * the app is copied in and before it is signed (flipping a fuse changes the binary, so it
 * must come before the signature: https://www.electronjs.org/docs/latest/tutorial/fuses).
 */

import { join } from 'node:path';
import { flipFuses, FuseV1Options, FuseVersion, type FuseV1Config } from '@electron/fuses';
import { Arch } from 'electron-builder';

/**
 * The fuses, as Electron's security checklist recommends them
 * (https://www.electronjs.org/docs/latest/tutorial/security#19-check-which-fuses-you-can-change).
 * Every fuse @electron/fuses knows is decided here (the type requires all of them, and the
 * config sets strictlyRequireAllFuses, so a newer Electron with a new fuse fails the build
 * until it is decided). Data, so a test can read them without a binary to flip.
 */
export const ELECTRON_FUSES = {
  /** ELECTRON_RUN_AS_NODE would turn the signed app into a plain Node for any script. */
  RunAsNode: false,
  /** NODE_OPTIONS could load code into the main process. */
  EnableNodeOptionsEnvironmentVariable: false,
  /** --inspect and friends would open a debugger on the main process. */
  EnableNodeCliInspectArguments: false,
  /** The asar's hash is checked against the one electron-builder embeds (macOS, Windows). */
  EnableEmbeddedAsarIntegrityValidation: true,
  /** Only the (integrity-checked) app.asar is loaded, never a loose app folder beside it. */
  OnlyLoadAppFromAsar: true,
  /**
   * Off: the app keeps no Chromium cookies (sessions are held by the main process, tokens in
   * the keychain), and on macOS the cookie key would cost a keychain prompt at start.
   */
  EnableCookieEncryption: false,
  /** Off: no special V8 snapshot for the browser process is shipped. */
  LoadBrowserProcessSpecificV8Snapshot: false,
  /** Off: the page is served from app://, so file:// needs none of its extra privileges. */
  GrantFileProtocolExtraPrivileges: false,
} as const satisfies Record<keyof typeof FuseV1Options, boolean>;

/** What of electron-builder's AfterPackContext the hook reads (Linux's packager names the executable). */
export interface PackedApp {
  electronPlatformName: string;
  appOutDir: string;
  arch: Arch;
  packager: { appInfo: { productFilename: string }; executableName?: string };
}

/** The @electron/fuses configuration for a packaged app. */
export function fuseConfig(app: Pick<PackedApp, 'electronPlatformName' | 'arch'>): FuseV1Config {
  const config: FuseV1Config = {
    version: FuseVersion.V1,
    // An arm64 macOS binary must stay signed to run at all; flipping fuses breaks its
    // ad-hoc signature, which this renews (a Developer ID signature later replaces it).
    resetAdHocDarwinSignature: app.electronPlatformName === 'darwin' && app.arch === Arch.arm64,
    strictlyRequireAllFuses: true,
  } as FuseV1Config;
  for (const [name, on] of Object.entries(ELECTRON_FUSES)) {
    config[FuseV1Options[name as keyof typeof FuseV1Options]] = on;
  }
  return config;
}

/**
 * Where the packaged Electron binary is, as electron-builder names it: the `.app` bundle on
 * macOS (@electron/fuses finds the framework inside), `<productFilename>.exe` on Windows,
 * and on Linux the packager's executable name (the package name, not the product name).
 */
export function packagedExecutable(app: PackedApp): string {
  const { productFilename } = app.packager.appInfo;
  switch (app.electronPlatformName) {
    case 'darwin':
    case 'mas':
      return join(app.appOutDir, `${productFilename}.app`);
    case 'win32':
      return join(app.appOutDir, `${productFilename}.exe`);
    default:
      return join(app.appOutDir, app.packager.executableName ?? productFilename);
  }
}

/** The hook electron-builder calls (electron-builder.config.ts names it). */
export async function afterPack(context: PackedApp): Promise<void> {
  await flipFuses(packagedExecutable(context), fuseConfig(context));
}
