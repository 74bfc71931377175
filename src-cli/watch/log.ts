/**
 * The watcher's log: one JSON line per entry on stdout (what journald and container runtimes
 * collect), time-stamped, through the app's redaction (core's formatLogLine).
 */

import { formatLogLine, type Logger } from '../../src-main/core/logger';

/** A logger writing redacted JSON lines to `write` (default: stdout). */
export function jsonLineLogger(
  write: (line: string) => void = (line) => void process.stdout.write(line),
  clock: () => number = Date.now,
): Logger {
  const entry =
    (level: string) =>
    (message: string, fields?: Record<string, unknown>): void =>
      write(`${formatLogLine(level, message, fields, new Date(clock()).toISOString())}\n`);
  return { info: entry('info'), warn: entry('warn'), error: entry('error') };
}
