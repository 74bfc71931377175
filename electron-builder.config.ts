/**
 * electron-builder's configuration (found by that name; `npm run dist` runs it). TypeScript,
 * so the app id, the icons and the fuse hook come from the code that uses them instead of
 * being written down twice. Choices are explained in docs/adr/0052-0055 (Packaging).
 */

import type { Configuration } from 'electron-builder';
import packageJson from './package.json';
import { afterPack } from './scripts/after-pack';
import { APP_ID } from './src-main/shell/app-id';
import { SHELL_ICONS } from './src-main/shell/icons';

/** The packaging configuration. */
export const builderConfig: Configuration = {
  // Windows' AppUserModelID for toasts: the installer's shortcut carries this, and the
  // running app sets the same one (src-main/shell/app-id.ts).
  appId: APP_ID,
  productName: packageJson.productName,
  directories: { buildResources: 'build', output: 'dist' },
  // The built app only; electron-builder adds the production dependencies itself.
  files: ['out/**', 'package.json'],
  asar: true,
  // A native module cannot be loaded from inside an asar archive.
  asarUnpack: ['node_modules/keytar/**'],
  // Loaded through resourcePath() (src-main/shell/lifecycle.ts) from process.resourcesPath.
  extraResources: SHELL_ICONS.map((name) => ({ from: `build/${name}`, to: name })),
  // keytar is a Node-API module: the binary npm built loads in Electron as it is, so there
  // is nothing to rebuild (and a rebuild would fetch Electron's headers for nothing).
  npmRebuild: false,
  afterPack,
  publish: null,
  linux: {
    target: ['AppImage', 'deb'],
    icon: 'build/icon.png',
    category: 'Network',
    executableName: packageJson.name,
    // The .deb's maintainer is package.json's author, name and email.
    synopsis: 'Session settings and mass-logout alerts for QuickBox Pro servers',
  },
  mac: {
    // Both kinds of Mac: one dmg each (a universal binary would double the download).
    target: [{ target: 'dmg', arch: ['arm64', 'x64'] }],
    icon: 'build/icon.icns',
    category: 'public.app-category.utilities',
  },
  win: {
    target: ['nsis'],
    icon: 'build/icon.ico',
  },
};

export default builderConfig;
