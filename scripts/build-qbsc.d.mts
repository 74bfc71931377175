/** The CLI's own npm package folder (packages/qbsc). */
export const PACKAGE_DIR: string;
/** The bundle the package's bin runs (packages/qbsc/dist/qbsc.cjs). */
export const BUNDLE: string;
/** The manual page installed with the package (packages/qbsc/man/qbsc.1). */
export const MAN_PAGE: string;
/** What in packages/qbsc/package.json differs from the app's package.json; empty when nothing. */
export function manifestProblems(): string[];
/** Builds the bundle (written whole or not at all); its size and the files that went in. */
export function buildQbsc(): { bundle: string; bytes: number; inputs: string[]; manPage: string };
/** Packs packages/qbsc into `folder` (made if missing) with this npm; the tarball's path. */
export function packQbsc(folder: string): string;
