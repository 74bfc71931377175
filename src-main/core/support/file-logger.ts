/**
 * Core's log written to rotating files in a folder (the app's logs folder), so an admin can
 * send them: one redacted JSON line per entry with its time (logger.ts formats and redacts),
 * through `rotating-file-stream` (a new file past a size, the oldest dropped past a count).
 */

import { mkdirSync } from 'node:fs';
import { createStream } from 'rotating-file-stream';
import { formatLogLine, type LogFields, type Logger } from './logger';

/** The current log file; rotated ones are named `<date>-<time>-<n>-main.log` beside it. */
export const LOG_FILE = 'main.log';

/** Where the files go and how much of them is kept. */
export interface FileLoggerOptions {
  /** A new file past this size ("5M", "1K", as rotating-file-stream reads it). */
  maxFileSize?: string;
  /** Rotated files kept besides the current one; older ones are deleted. */
  maxFiles?: number;
  /** Milliseconds since the epoch, for the time stamps (tests fix it). */
  clock?: () => number;
}

/** A logger that writes files, and can be closed (its last lines flushed) on quit. */
export interface FileLogger extends Logger {
  /** The folder of the files. */
  readonly directory: string;
  close(): Promise<void>;
}

/** Writes core's log to rotating files in `directory` (created, private to this user). */
export function createFileLogger(directory: string, options: FileLoggerOptions = {}): FileLogger {
  const clock = options.clock ?? Date.now;
  mkdirSync(directory, { recursive: true, mode: 0o700 });
  const stream = createStream(LOG_FILE, {
    path: directory,
    size: options.maxFileSize ?? '5M',
    maxFiles: options.maxFiles ?? 5,
    mode: 0o600,
  });
  // A log that cannot be written (a full disk) must not take the app down with it.
  stream.on('error', () => undefined);
  let closed = false;
  const write =
    (level: 'info' | 'warn' | 'error') =>
    (message: string, fields?: LogFields): void => {
      if (closed) return;
      const time = new Date(clock()).toISOString();
      stream.write(`${formatLogLine(level, message, fields, time)}\n`);
    };
  return {
    directory,
    info: write('info'),
    warn: write('warn'),
    error: write('error'),
    close: () =>
      new Promise<void>((resolve) => {
        if (closed) return resolve();
        closed = true;
        stream.end(() => resolve());
      }),
  };
}

/** One logger that writes every entry to each of several (the files and the console). */
export function combinedLogger(...loggers: Logger[]): Logger {
  return {
    info: (message, fields) => loggers.forEach((logger) => logger.info(message, fields)),
    warn: (message, fields) => loggers.forEach((logger) => logger.warn(message, fields)),
    error: (message, fields) => loggers.forEach((logger) => logger.error(message, fields)),
  };
}
