/**
 * Ctrl-C (SIGINT) and SIGTERM while a command runs: qbsc signs out of the servers it signed
 * in to, waiting at most a few seconds for that, then exits 130 or 143 (128 + the signal, as
 * shells report it). Without this, a Ctrl-C at a question left an admin session on the
 * server, counting against the account's per-user limit until it expired. A second signal
 * while signing out ends the process at once.
 */

import { EXIT, type ExitCode } from './exit-codes';
import { yamlText } from './yaml-text';

/** How long the sign-out may take before qbsc exits anyway. */
export const SIGN_OUT_BOUND_MS = 3_000;

const EXIT_BY_SIGNAL: Record<'SIGINT' | 'SIGTERM', ExitCode> = {
  SIGINT: EXIT.interrupted,
  SIGTERM: EXIT.terminated,
};

let oneLine = false;

/**
 * From now on, an interruption ends a stream of records: under --json one more JSON line (a
 * command that streams one JSON object per line, as `events --follow --json` does), under
 * `-o yaml` one more document after `---`.
 */
export function interruptAsJsonLine(): void {
  oneLine = true;
}

/**
 * Handles SIGINT and SIGTERM with `cleanup` (bounded) and an exit until the returned function
 * is called; under `-o json|yaml` (`format`), the interruption is the run's one document on
 * stdout, in that format.
 */
export function exitCleanlyOnSignals(
  cleanup: () => Promise<void>,
  format: 'json' | 'yaml' | null,
): () => void {
  let interrupted = false;
  const handle = (signal: 'SIGINT' | 'SIGTERM'): void => {
    const code = EXIT_BY_SIGNAL[signal];
    if (interrupted) process.exit(code);
    interrupted = true;
    process.stderr.write(
      `\nqbsc: ${signal === 'SIGINT' ? 'interrupted' : 'terminated'}, signing out...\n`,
    );
    let timer: NodeJS.Timeout | undefined;
    const bound = new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(false), SIGN_OUT_BOUND_MS);
    });
    const signedOut = cleanup().then(
      () => true,
      () => false,
    );
    void Promise.race([signedOut, bound]).then((done) => {
      clearTimeout(timer);
      const message = done
        ? `Stopped by ${signal}: signed out of the servers qbsc had signed in to; nothing more was done.`
        : `Stopped by ${signal}: signing out did not finish in ${SIGN_OUT_BOUND_MS / 1000} s, so a session may stay on a server until it expires.`;
      process.stderr.write(`qbsc: ${message}\n`);
      if (format === null) process.exit(code);
      const document = { error: { code: 'interrupted', message }, exitCode: code };
      const text =
        format === 'yaml'
          ? `${oneLine ? '---\n' : ''}${yamlText(document)}`
          : `${oneLine ? JSON.stringify(document) : JSON.stringify(document, null, 2)}\n`;
      process.stdout.write(text, () => process.exit(code));
    });
  };
  const onInt = (): void => handle('SIGINT');
  const onTerm = (): void => handle('SIGTERM');
  process.on('SIGINT', onInt);
  process.on('SIGTERM', onTerm);
  return () => {
    process.off('SIGINT', onInt);
    process.off('SIGTERM', onTerm);
  };
}
