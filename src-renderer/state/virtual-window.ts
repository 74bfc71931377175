/**
 * The arithmetic of a virtualized table with rows of one fixed height: which rows to
 * render for a scroll position, how far to scroll to bring a row into view, and where a
 * key press moves the active cell (the WAI-ARIA grid pattern's keys,
 * https://www.w3.org/WAI/ARIA/apg/patterns/grid/).
 */

/** The rows to render and the space that stands in for the others. */
export interface RowWindow {
  /** First rendered row (inclusive). */
  start: number;
  /** Last rendered row (exclusive). */
  end: number;
  /** Height above the first rendered row. */
  padTop: number;
  /** Height below the last rendered row. */
  padBottom: number;
}

/** What the window depends on. */
export interface WindowInput {
  /** The body's scroll offset (the scroll container's, minus nothing: headers are sticky). */
  scrollTop: number;
  /** The visible height of the body, header excluded. */
  viewportHeight: number;
  rowHeight: number;
  rowCount: number;
  /** Rows rendered beyond each edge, so a fast scroll shows no gap. */
  overscan: number;
}

/** The rows of a window, clamped to the table. */
export function rowWindow({
  scrollTop,
  viewportHeight,
  rowHeight,
  rowCount,
  overscan,
}: WindowInput): RowWindow {
  if (rowCount === 0 || rowHeight <= 0) return { start: 0, end: 0, padTop: 0, padBottom: 0 };
  const top = Math.max(0, scrollTop);
  const first = Math.floor(top / rowHeight);
  const last = Math.ceil((top + Math.max(0, viewportHeight)) / rowHeight);
  const start = Math.min(rowCount, Math.max(0, first - overscan));
  const end = Math.max(start, Math.min(rowCount, last + overscan));
  return { start, end, padTop: start * rowHeight, padBottom: (rowCount - end) * rowHeight };
}

/**
 * The scroll offset that shows row `index` whole, changing the current one as little as
 * possible (none when the row is already in view).
 */
export function scrollToShow(
  index: number,
  scrollTop: number,
  viewportHeight: number,
  rowHeight: number,
): number {
  const top = index * rowHeight;
  const bottom = top + rowHeight;
  if (top < scrollTop) return top;
  if (bottom > scrollTop + viewportHeight) return Math.max(0, bottom - viewportHeight);
  return scrollTop;
}

/** The active cell: row -1 is the column headers' row, then the body rows from 0. */
export interface CellPosition {
  row: number;
  column: number;
}

/** The keys a grid handles, with the modifiers that change them. */
export interface GridKey {
  key: string;
  ctrlKey: boolean;
}

/**
 * Where a key moves the active cell in a grid of `rowCount` body rows and `columnCount`
 * columns, with `pageRows` rows per page; null when the key is not the grid's.
 */
export function moveCell(
  from: CellPosition,
  { key, ctrlKey }: GridKey,
  rowCount: number,
  columnCount: number,
  pageRows: number,
): CellPosition | null {
  const lastRow = rowCount - 1;
  const lastColumn = columnCount - 1;
  const row = (next: number): CellPosition => ({
    row: Math.max(-1, Math.min(lastRow, next)),
    column: from.column,
  });
  const column = (next: number): CellPosition => ({
    row: from.row,
    column: Math.max(0, Math.min(lastColumn, next)),
  });
  switch (key) {
    case 'ArrowDown':
      return row(from.row + 1);
    case 'ArrowUp':
      return row(from.row - 1);
    case 'ArrowRight':
      return column(from.column + 1);
    case 'ArrowLeft':
      return column(from.column - 1);
    case 'PageDown':
      return row(from.row + Math.max(1, pageRows));
    case 'PageUp':
      // A page up stops at the first body row; the header row is one more Up away.
      return row(Math.max(Math.min(from.row, 0), from.row - Math.max(1, pageRows)));
    case 'Home':
      return ctrlKey ? { row: Math.min(0, lastRow), column: 0 } : column(0);
    case 'End':
      return ctrlKey ? { row: lastRow, column: lastColumn } : column(lastColumn);
    default:
      return null;
  }
}

/** The active cell kept inside a table whose size changed (rows filtered away, say). */
export function clampCell(cell: CellPosition, rowCount: number, columnCount: number): CellPosition {
  return {
    row: Math.max(-1, Math.min(rowCount - 1, cell.row)),
    column: Math.max(0, Math.min(columnCount - 1, cell.column)),
  };
}
