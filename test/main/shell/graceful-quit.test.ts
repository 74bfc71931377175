import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Logger } from '../../../src-main/core/support/logger';
import { QUIT_TIMEOUT_MS, quitGracefully } from '../../../src-main/shell/graceful-quit';
import { app } from './fake-electron';

// The quit hold against the recording stand-in's `app`, which quits as Electron does
// (before-quit, then will-quit, each cancellable); the clock is vitest's fake one.
let warnings: string[];
let quitCount: number;

const logger: Logger = {
  info: () => undefined,
  warn: (message) => warnings.push(message),
  error: () => undefined,
};

/** A shutdown the test finishes by hand. */
function controlledShutdown() {
  let finish: () => void = () => undefined;
  const shutdown = vi.fn(
    () =>
      new Promise<void>((resolve) => {
        finish = resolve;
      }),
  );
  return { shutdown, finish: () => finish() };
}

beforeEach(() => {
  app.reset();
  warnings = [];
  quitCount = 0;
  app.on('will-quit', () => quitCount++);
  vi.useFakeTimers();
});

afterEach(() => {
  vi.useRealTimers();
});

describe('quitGracefully', () => {
  it('holds the quit until the shutdown has finished, then quits once', async () => {
    const { shutdown, finish } = controlledShutdown();
    quitGracefully(app, { shutdown, logger });
    app.quit();
    expect(shutdown).toHaveBeenCalledOnce();
    await vi.advanceTimersByTimeAsync(QUIT_TIMEOUT_MS - 1);
    expect(quitCount).toBe(0);
    finish();
    await vi.advanceTimersByTimeAsync(0);
    expect(quitCount).toBe(1);
    expect(warnings).toEqual([]);
  });

  it('quits at the time limit when the shutdown hangs, and says so', async () => {
    const { shutdown } = controlledShutdown();
    quitGracefully(app, { shutdown, logger, timeoutMs: 500 });
    app.quit();
    await vi.advanceTimersByTimeAsync(499);
    expect(quitCount).toBe(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(quitCount).toBe(1);
    expect(warnings).toEqual(['Quitting before the core finished shutting down']);
  });

  it('quits when the shutdown fails, with a warning', async () => {
    const shutdown = vi.fn(() => Promise.reject(new Error('disk gone')));
    quitGracefully(app, { shutdown, logger });
    app.quit();
    await vi.advanceTimersByTimeAsync(0);
    expect(quitCount).toBe(1);
    expect(warnings).toEqual(['The core failed while shutting down']);
  });

  it('holds a second quit asked meanwhile, and shuts down only once', async () => {
    const { shutdown, finish } = controlledShutdown();
    quitGracefully(app, { shutdown, logger });
    app.quit();
    app.quit();
    expect(quitCount).toBe(0);
    finish();
    await vi.advanceTimersByTimeAsync(0);
    expect(shutdown).toHaveBeenCalledOnce();
    expect(quitCount).toBe(1);
  });
});
