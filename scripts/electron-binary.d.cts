/** The electron package's folder (its install.js fetches the binary). */
export const electronDir: string;
/** The path of a usable Electron binary (ELECTRON_EXEC_PATH, or the fetched one), or null. */
export function electronBinary(): string | null;
