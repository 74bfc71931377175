/**
 * Where qbsc writes: results on stdout (a table for people, or one JSON document with
 * --json, so a script can parse stdout as a whole), everything else (progress, prompts,
 * notes, errors) on stderr. Whatever it writes passes `terminalText` or `jsonText`: names,
 * user names, client strings and authors come from files and from any user of a server, and
 * a control or text-direction character in them would act on the admin's terminal.
 */

import { escapeUnsafeJson, escapeUnsafeText } from '../src-shared/unsafe-text';

/** The output of one run. */
export interface Output {
  /** Whether --json was given. */
  readonly json: boolean;
  /** Writes the result: `human()` as text, or `value` as JSON. */
  result(value: unknown, human: () => string): void;
  /** A line on stderr (progress, a note, a warning). */
  note(line: string): void;
}

/** The output over the process's streams (or the given ones, in tests). */
export function createOutput(
  json: boolean,
  stdout: NodeJS.WritableStream = process.stdout,
  stderr: NodeJS.WritableStream = process.stderr,
): Output {
  return {
    json,
    result(value, human) {
      stdout.write(json ? `${jsonText(value)}\n` : ensureNewline(terminalText(human())));
    },
    note(line) {
      stderr.write(ensureNewline(terminalText(line)));
    },
  };
}

/** Text for the terminal: control and text-direction characters escaped, line breaks kept. */
export function terminalText(text: string): string {
  return escapeUnsafeText(text, '\n');
}

/**
 * A value as two-space JSON with the text-direction and C1 control characters escaped too
 * (JSON.stringify escapes only C0): the same data, shown as it is when read in a terminal.
 */
export function jsonText(value: unknown): string {
  return escapeUnsafeJson(JSON.stringify(value, null, 2));
}

function ensureNewline(text: string): string {
  return text === '' || text.endsWith('\n') ? text : `${text}\n`;
}

/** A plain text table: a header row, then one row per item, columns padded to fit. */
export function table(headers: readonly string[], cells: readonly (readonly string[])[]): string {
  // Escaped before measuring, so a line break in a cell cannot break the row either.
  const rows = cells.map((row) => row.map((cell) => escapeUnsafeText(cell)));
  const widths = headers.map((header, column) =>
    Math.max(header.length, ...rows.map((row) => (row[column] ?? '').length)),
  );
  const line = (cells: readonly string[]): string =>
    cells
      .map((cell, column) =>
        column === cells.length - 1 ? cell : cell.padEnd(widths[column] ?? 0),
      )
      .join('  ')
      .trimEnd();
  return [line(headers), ...rows.map(line)].join('\n');
}

/** A value of the settings or of a session, as a table cell. */
export function cell(value: unknown): string {
  if (value === null || value === undefined) return '-';
  if (typeof value === 'string') return value;
  return String(value);
}
