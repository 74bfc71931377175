/**
 * Where qbsc writes: results on stdout (a table for people, or one JSON or YAML document
 * with `-o json|yaml` / `--json`, so a script can parse stdout as a whole), everything else
 * (progress, prompts, notes, errors) on stderr. Whatever it writes passes `terminalText` or
 * `jsonText`: names, user names, client strings and authors come from files and from any user
 * of a server, and a control or text-direction character in them would act on the admin's
 * terminal. A command hands `result` its data and a function for the text; the format, the
 * field selection, the colours and the table's width are this module's, so every command
 * gets them the same way.
 */

import { escapeUnsafeJson, escapeUnsafeText } from '../src-shared/unsafe-text';
import { selectFields, type FieldDeclaration } from './fields';
import { createProgress, type Progress } from './progress';
import { renderTable, type Column, type TableLayout } from './render-table';
import { createStyle, renderColors, type Style } from './style';
import { yamlText } from './yaml-text';

/** The output formats of `-o`. */
export const FORMATS = ['table', 'wide', 'json', 'yaml'] as const;
/** One output format. */
export type Format = (typeof FORMATS)[number];

/** How the output of a run looks (from the global options and the terminal). */
export interface OutputOptions {
  format: Format;
  /** `--json a,b`: the fields to keep; null for all. */
  fields: readonly string[] | null;
  /** The rows and fields of the command's answer (src-cli/fields.ts). */
  declaration: FieldDeclaration | null;
  /** Colour on stdout, and on stderr. */
  color: boolean;
  errorColor: boolean;
  /** Whether stderr is a terminal (a progress bar) or not (plain lines). */
  stderrTerminal: boolean;
  /** The width tables fit in the default view. */
  width: number;
}

/** The output of one run. */
export interface Output {
  /** Whether the result is for a script (`json` or `yaml`): no text beside it on stdout. */
  readonly json: boolean;
  readonly format: Format;
  /** The colours of stdout (identity when off). */
  readonly style: Style;
  /** The colours of stderr. */
  readonly errorStyle: Style;
  /** Writes the result: `human()` as text, or `value` as JSON or YAML. */
  result(value: unknown, human: () => string): void;
  /**
   * Starts a stream of records (`events --follow`): the returned function writes each as one
   * JSON line, as a YAML document after `---`, or as `human(value)` on a line, keeping only the
   * fields `--json a,b` names (checked now, against the declared fields, so a mistyped one is
   * refused before the stream starts).
   */
  records(
    human: (value: Record<string, unknown>) => string,
  ): (value: Record<string, unknown>) => void;
  /** A line on stderr (progress, a note, a warning). */
  note(line: string): void;
  /** Progress of a piece of work on stderr. */
  progress(): Progress;
  /** Rows as a table in this run's layout (default or wide, fitted to the width). */
  table<T>(rows: readonly T[], columns: readonly Column<T>[]): string;
}

/** The options of a run that asked for nothing (a table, no colour, 80 columns). */
export const PLAIN_OUTPUT: OutputOptions = {
  format: 'table',
  fields: null,
  declaration: null,
  color: false,
  errorColor: false,
  stderrTerminal: false,
  width: 80,
};

/** The output over the process's streams (or the given ones, in tests). */
export function createOutput(
  options: OutputOptions = PLAIN_OUTPUT,
  stdout: NodeJS.WritableStream = process.stdout,
  stderr: NodeJS.WritableStream = process.stderr,
): Output {
  const machine = options.format === 'json' || options.format === 'yaml';
  const style = createStyle(options.color);
  const errorStyle = createStyle(options.errorColor);
  const layout: TableLayout = { wide: options.format === 'wide', width: options.width, style };
  return {
    json: machine,
    format: options.format,
    style,
    errorStyle,
    result(value, human) {
      if (!machine) {
        stdout.write(ensureNewline(terminalText(human())));
        return;
      }
      const data =
        options.fields === null ? value : selectFields(value, options.fields, options.declaration);
      stdout.write(options.format === 'yaml' ? yamlText(data) : `${jsonText(data)}\n`);
    },
    records(human) {
      // One row of the answer: its fields are the declared rows' fields.
      const row: FieldDeclaration = { rows: [], fields: options.declaration?.fields ?? [] };
      const select = (value: Record<string, unknown>): unknown =>
        options.fields === null ? value : selectFields(value, options.fields, row);
      select({});
      return (value) => {
        if (!machine) stdout.write(ensureNewline(terminalText(human(value))));
        else if (options.format === 'yaml') stdout.write(`---\n${yamlText(select(value))}`);
        else stdout.write(`${escapeUnsafeJson(JSON.stringify(select(value)))}\n`);
      };
    },
    note(line) {
      stderr.write(ensureNewline(terminalText(line)));
    },
    progress() {
      return createProgress(stderr, options.stderrTerminal, errorStyle, options.width);
    },
    table(rows, columns) {
      return renderTable(rows, columns, layout);
    },
  };
}

/** Text for the terminal: control and text-direction characters escaped, line breaks kept. */
export function terminalText(text: string): string {
  // Escaped first: only the colours qbsc marked itself become escape sequences.
  return renderColors(escapeUnsafeText(text, '\n'));
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
  return renderTable(
    cells,
    headers.map((header, column) => ({ header, value: (row) => row[column] ?? '' })),
  );
}

/** A value of the settings or of a session, as a table cell. */
export function cell(value: unknown): string {
  if (value === null || value === undefined) return '-';
  if (typeof value === 'string') return value;
  return String(value);
}
