/**
 * Holds the app's first quit until the core has shut down: its event streams closed and
 * its last registry write on disk. A registry write cut off by the process exiting is
 * what the registry's backup and recovery exist for; waiting here avoids needing them.
 * The wait is bounded, so a stuck stream or disk never keeps the app from quitting.
 */

import type { Logger } from '../core/support/logger';

/** How long quitting waits for the core before it goes on regardless. */
export const QUIT_TIMEOUT_MS = 3000;

/** The part of Electron's `app` this needs. */
export interface QuittingApp {
  on(event: 'before-quit', listener: (event: { preventDefault(): void }) => void): unknown;
  quit(): void;
}

/** What holds the quit, and for how long at most. */
export interface GracefulQuitOptions {
  /** Closes the core (streams, pending registry write); resolves when done. */
  shutdown(): Promise<void>;
  logger: Logger;
  timeoutMs?: number;
}

/**
 * Cancels the first `before-quit` (Electron lets a listener do that with preventDefault:
 * https://www.electronjs.org/docs/latest/api/app#event-before-quit), waits for
 * `shutdown()` or the time limit, then quits again; that second quit goes through.
 */
export function quitGracefully(app: QuittingApp, options: GracefulQuitOptions): void {
  const timeoutMs = options.timeoutMs ?? QUIT_TIMEOUT_MS;
  let state: 'running' | 'closing' | 'closed' = 'running';
  app.on('before-quit', (event) => {
    if (state === 'closed') return;
    event.preventDefault();
    if (state === 'closing') return;
    state = 'closing';
    void finish(options, timeoutMs).then(() => {
      state = 'closed';
      app.quit();
    });
  });
}

async function finish(options: GracefulQuitOptions, timeoutMs: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), timeoutMs);
  });
  try {
    const outcome = await Promise.race([options.shutdown().then(() => 'done' as const), timedOut]);
    if (outcome === 'timeout')
      options.logger.warn('Quitting before the core finished shutting down', { timeoutMs });
  } catch (error) {
    options.logger.warn('The core failed while shutting down', { reason: String(error) });
  } finally {
    clearTimeout(timer);
  }
}
