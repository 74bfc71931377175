/**
 * The logger core writes to, and the redactor every default log line passes through.
 * Secrets are never handed to the logger in the first place; the redactor is the second
 * line of defence for a field or message that slipped through.
 */

/** Structured fields of a log line (no secrets: they are redacted if they slip in). */
export type LogFields = Record<string, unknown>;

/** Where core writes what happened. Injected, so tests can capture every line. */
export interface Logger {
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
}

const SECRET_KEY = /pass(word)?|token|secret|api[-_]?key|authorization|cookie|otp|credential/i;
const BEARER = /\b(Bearer)\s+[A-Za-z0-9._~+/=-]+/g;

/**
 * Replaces the value of every secret-looking key and bearer tokens in strings. Objects nested
 * deeper than it looks are cut, not passed through, so nothing escapes by depth (or loops).
 */
export function redact(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return value.replace(BEARER, '$1 [redacted]');
  if (value === null || typeof value !== 'object') return value;
  if (depth > 6) return '[too deep]';
  if (value instanceof Error)
    return { name: value.name, message: redact(value.message, depth + 1) };
  if (Array.isArray(value)) return value.map((item) => redact(item, depth + 1));
  const copy: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    copy[key] = SECRET_KEY.test(key) ? '[redacted]' : redact(item, depth + 1);
  }
  return copy;
}

/**
 * One log entry as a JSON line, redacted: the one format of the console and the log files
 * (file-logger.ts), which also give it a time stamp.
 */
export function formatLogLine(
  level: string,
  message: string,
  fields?: LogFields,
  time?: string,
): string {
  return JSON.stringify({
    ...(time ? { time } : {}),
    level,
    message: redact(message),
    ...(fields ? (redact(fields) as LogFields) : {}),
  });
}

/** The default logger: one JSON line per entry on the console, redacted. */
export function createConsoleLogger(
  sink: Pick<Console, 'info' | 'warn' | 'error'> = console,
): Logger {
  const line = (level: string, message: string, fields?: LogFields): string =>
    formatLogLine(level, message, fields);
  return {
    info: (message, fields) => sink.info(line('info', message, fields)),
    warn: (message, fields) => sink.warn(line('warn', message, fields)),
    error: (message, fields) => sink.error(line('error', message, fields)),
  };
}
