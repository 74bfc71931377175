/**
 * The scenarios the "electron" project skips, each with why: what they do has no
 * equivalent Playwright can drive in the real app. Keyed by file and test title; the
 * Chromium project runs them all. test/tooling/electron-e2e.test.ts checks that each entry
 * still names a scenario, so a renamed test cannot leave a stale entry behind.
 */

/** A scenario the Electron project skips. */
export interface ElectronSkip {
  file: string;
  title: string;
  reason: string;
}

/** Kept short on purpose: everything else runs in Electron as written. */
export const ELECTRON_SKIPS: readonly ElectronSkip[] = [
  {
    file: 'server-list.test.ts',
    title: 'export the server list, and import it: what was added and what was skipped, and why',
    reason:
      'in Electron an export opens the native save dialog, which Playwright can neither see nor answer (microsoft/playwright#20445); the Chromium project checks the exported file',
  },
  {
    file: 'lazy-parts.test.ts',
    title:
      'a part of the window whose chunk cannot be loaded says so in its place, and the rest of the window stays',
    reason:
      "Playwright's request interception (page.route) does not reach the app:// scheme the Electron window is served from, so a chunk cannot be made to fail there",
  },
];

/** Why the Electron project skips this scenario, or null when it runs it. */
export function electronSkipReason(file: string, title: string): string | null {
  const name = file.split(/[\\/]/).pop() ?? file;
  return ELECTRON_SKIPS.find((skip) => skip.file === name && skip.title === title)?.reason ?? null;
}
