/**
 * What the demo tells the person who started it, once everything runs: each server with
 * its address and environment (the staging fingerprint, Lab's read-only account), the demo
 * account, the app's data folder and what it was registered with, whether the window is
 * open or why not (and what works without it), and how to stop.
 */

import { DEMO_USERNAME } from './fleet-spec';
import type { Registration } from './app-folder';
import type { DemoServer } from './servers';

/** What the report is made of. */
export interface DemoReport {
  servers: readonly DemoServer[];
  demoPassword: string;
  appDir: string;
  registration: Registration;
  /** The window is open (true), or why not. */
  window: true | string;
  paceSeconds: number;
  invalidateEverySeconds: number;
  seed: number;
  quiet: boolean;
}

/** The line the demo prints once it is ready (tests wait for it). */
export const READY_LINE =
  'The demo is ready. Press Ctrl-C to stop it and remove everything it made.';

function pad(text: string, width: number): string {
  return text.length >= width ? text : text + ' '.repeat(width - text.length);
}

/** The report, as lines. */
export function demoReport(report: DemoReport): string[] {
  const nameWidth = Math.max(...report.servers.map((server) => server.spec.name.length)) + 2;
  const lines = [
    '',
    `QuickBox demo: ${report.servers.length} reference servers and simulated activity are running.`,
    '',
  ];
  for (const server of report.servers) {
    const notes: string[] = [`${server.seededSessions} sessions`];
    if (server.fingerprint) notes.push(`self-signed, SHA-256 ${server.fingerprint}`);
    if (!server.spec.demoPermissions.includes('admin.settings.update'))
      notes.push(`"${DEMO_USERNAME}" is read-only here`);
    lines.push(
      `  ${pad(server.spec.name, nameWidth)}${pad(server.spec.environment ?? '-', 12)}${server.url}  (${notes.join('; ')})`,
    );
  }
  lines.push(
    '',
    `  Demo account on every server: ${DEMO_USERNAME} / ${report.demoPassword}`,
    `  Activity: an action every ~${report.paceSeconds} s, another admin's invalidate-all every ~${report.invalidateEverySeconds} s (seed ${report.seed}${report.quiet ? ', not shown: --quiet' : ''}).`,
    '',
    `  App data folder: ${report.appDir}`,
    `    the servers above are registered there (passwords in the keychain, the staging certificate pinned);`,
    `    profile "${report.registration.profileName}" (from ${report.servers[0]?.spec.name ?? '-'}) is assigned to ${report.registration.followers.join(' and ')}.`,
    '',
  );
  if (report.window === true) {
    lines.push('  The app is open on that folder.');
  } else {
    lines.push(
      `  The window needs Electron, which is not available here (${report.window}).`,
      '  The servers and the activity run without it: open the addresses above, sign in with the',
      '  demo account (e.g. with curl), or use the qbsc command line on the same folder:',
      `    npx qbsc --data-dir ${report.appDir} fleet plan --from "${report.servers[0]?.spec.name ?? ''}" --to all`,
    );
  }
  lines.push('', READY_LINE, '');
  return lines;
}
