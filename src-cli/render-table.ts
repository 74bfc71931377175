/**
 * The table of rows every list prints: columns declared once per command, some only in
 * `-o wide`; in the default view the table fits the terminal's width (80 columns when there
 * is none to ask), giving room from the columns that may wrap or be cut ("…"), never from
 * names, states or ids. Cells pass escapeUnsafeText before they are measured, so a control
 * character in a name is shown, not obeyed, and cannot break a row.
 */

import { escapeUnsafeText } from '../src-shared/unsafe-text';
import { createStyle, type Style } from './style';

/** One column of a table. */
export interface Column<T> {
  header: string;
  /** The cell's text for a row. */
  value: (row: T) => string;
  /** Shown only with `-o wide`. */
  wide?: boolean;
  /** How the column gives room when the table is too wide: wrapped, or cut with "…". */
  shrink?: 'wrap' | 'truncate';
  /** The cell's colour, from its text and row (applied after it is measured). */
  color?: (text: string, row: T, style: Style) => string;
}

/** How a table is laid out. */
export interface TableLayout {
  wide: boolean;
  /** The terminal's columns. */
  width: number;
  style: Style;
}

const GAP = 2;
/** The narrowest a shrinking column becomes. */
const MIN_WIDTH = 10;

function cut(text: string, width: number): string {
  const chars = [...text];
  return chars.length <= width ? text : `${chars.slice(0, Math.max(0, width - 1)).join('')}…`;
}

/** `text` in lines of at most `width` characters, broken after spaces where it can. */
export function wrapText(text: string, width: number): string[] {
  const lines: string[] = [];
  let rest = [...text];
  while (rest.length > width) {
    const head = rest.slice(0, width + 1);
    const space = head.lastIndexOf(' ');
    const end = space > 0 ? space : width;
    lines.push(rest.slice(0, end).join('').trimEnd());
    rest = rest.slice(space > 0 ? end + 1 : end);
  }
  lines.push(rest.join(''));
  return lines;
}

/** The widths of `columns` after giving room to fit `limit`. */
function fitWidths(
  natural: number[],
  shrinkable: boolean[],
  minimum: number[],
  limit: number,
): number[] {
  const widths = [...natural];
  const total = (): number =>
    widths.reduce((sum, width) => sum + width, 0) + GAP * (widths.length - 1);
  while (total() > limit) {
    // The widest column that may still give room gives one column of it.
    let widest = -1;
    widths.forEach((width, index) => {
      if (
        shrinkable[index] &&
        width > (minimum[index] ?? 0) &&
        (widest < 0 || width > (widths[widest] ?? 0))
      )
        widest = index;
    });
    if (widest < 0) break;
    widths[widest] = (widths[widest] ?? 0) - 1;
  }
  return widths;
}

/** The rows as a table (a header row, then the rows); '' for no column. */
export function renderTable<T>(
  rows: readonly T[],
  allColumns: readonly Column<T>[],
  layout: TableLayout = { wide: true, width: 80, style: createStyle(false) },
): string {
  const columns = allColumns.filter((column) => layout.wide || !column.wide);
  const cells = rows.map((row) => columns.map((column) => escapeUnsafeText(column.value(row))));
  const natural = columns.map((column, index) =>
    Math.max(column.header.length, ...cells.map((row) => [...(row[index] ?? '')].length)),
  );
  const widths = layout.wide
    ? natural
    : fitWidths(
        natural,
        columns.map((column) => column.shrink !== undefined),
        columns.map((column) => Math.max(column.header.length, MIN_WIDTH)),
        layout.width,
      );
  const lines: string[] = [];
  const emit = (texts: string[][], colors: ((text: string) => string)[]): void => {
    const height = Math.max(...texts.map((parts) => parts.length));
    for (let line = 0; line < height; line += 1) {
      const parts = texts.map((part, index) => {
        const text = part[line] ?? '';
        const colored = text === '' ? text : (colors[index] ?? ((value: string) => value))(text);
        return index === texts.length - 1
          ? colored
          : colored + ' '.repeat((widths[index] ?? 0) - [...text].length);
      });
      lines.push(parts.join(' '.repeat(GAP)).trimEnd());
    }
  };
  emit(
    columns.map((column) => [column.header]),
    columns.map(() => layout.style.bold),
  );
  rows.forEach((row, rowIndex) => {
    const texts = columns.map((column, index) => {
      const text = cells[rowIndex]?.[index] ?? '';
      const width = widths[index] ?? 0;
      if ([...text].length <= width) return [text];
      return column.shrink === 'wrap' ? wrapText(text, width) : [cut(text, width)];
    });
    emit(
      texts,
      columns.map((column) => (text: string) => column.color?.(text, row, layout.style) ?? text),
    );
  });
  return lines.join('\n');
}
