/** The electron package's folder (its install.js fetches the binary). */
export const electronDir: string;
/** The path of a usable Electron binary (ELECTRON_EXEC_PATH, or the fetched one), or null. */
export function electronBinary(): string | null;
/** The unpacked Electron folder for a system (ELECTRON_OVERRIDE_DIST_PATH, or the fetched one), or null. */
export function electronDistDir(platform?: NodeJS.Platform): string | null;
/** Downloads the binary with the electron package's install.js: null when it worked, else why not. */
export function fetchElectronBinary(): string | null;
