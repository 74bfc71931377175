/**
 * A table of many rows of one fixed height, rendering only the rows in view (plus a few),
 * so hundreds of rows scroll smoothly. It is a real <table> with the ARIA grid role: two
 * header rows (the sections, then the columns), aria-rowcount and aria-rowindex so a screen
 * reader knows where it is in the whole table, one Tab stop, and the grid pattern's keys
 * (https://www.w3.org/WAI/ARIA/apg/patterns/grid/): arrows, Page Up/Down, Home/End,
 * Ctrl+Home/End; Enter or Space on a column header sorts, on a cell runs its action.
 */

import {
  useCallback,
  useEffect,
  useLayoutEffect,
  useRef,
  useState,
  type KeyboardEvent,
  type ReactNode,
} from 'react';
import {
  clampCell,
  moveCell,
  rowWindow,
  scrollToShow,
  type CellPosition,
} from '../state/virtual-window';
import { columnGroups, type SortState, type TableColumn } from './virtual-table-columns';
import { VirtualRow, type SpanCell } from './virtual-table-row';

export type { SortState, TableColumn } from './virtual-table-columns';

/** Props of a virtual table. */
export interface VirtualTableProps<Row> {
  /** The table's accessible name. */
  label: string;
  rows: readonly Row[];
  rowKey(row: Row): string;
  columns: readonly TableColumn<Row>[];
  rowHeight?: number;
  sort?: SortState | null;
  onSort?(columnId: string): void;
  /** Enter or Space on a body cell (select the row, open the server). */
  onCellAction?(row: Row, columnId: string): void;
  rowClassName?(row: Row): string;
  /** Marks a row selected (aria-selected), when the table has a selection. */
  isSelected?(row: Row): boolean;
  /**
   * One cell standing for the columns `from` to `to` (a server that could not be read says
   * why there, instead of a row of empty cells).
   */
  spanCell?(row: Row): SpanCell | null;
  /** Shown in the body when there are no rows. */
  empty?: ReactNode;
  testId?: string;
}

const OVERSCAN = 6;
/** The mark after a sortable column's name (glyphs, not words): its sort, or that it sorts. */
const SORT_MARKS = { ascending: ' ▲', descending: ' ▼', none: ' ↕' } as const;
const HEADER_ROWS = 2;

/** A virtualized, keyboard-accessible table with section-grouped headers. */
export function VirtualTable<Row>({
  label,
  rows,
  rowKey,
  columns,
  rowHeight = 36,
  sort = null,
  onSort,
  onCellAction,
  rowClassName,
  isSelected,
  spanCell,
  empty,
  testId,
}: VirtualTableProps<Row>) {
  const scroller = useRef<HTMLDivElement>(null);
  const head = useRef<HTMLTableSectionElement>(null);
  const [view, setView] = useState({ scrollTop: 0, height: 600, header: 60 });
  const [active, setActive] = useState<CellPosition>({ row: 0, column: 0 });
  const focusPending = useRef(false);
  const cell = clampCell(active, rows.length, columns.length);

  const measure = useCallback(() => {
    const element = scroller.current;
    if (!element) return;
    const next = {
      scrollTop: element.scrollTop,
      height: element.clientHeight,
      header: head.current?.offsetHeight ?? 0,
    };
    // The same measures keep the same state: no render for a resize or scroll that
    // changes nothing the window depends on.
    setView((view) =>
      view.scrollTop === next.scrollTop &&
      view.height === next.height &&
      view.header === next.header
        ? view
        : next,
    );
  }, []);
  useLayoutEffect(() => {
    measure();
    const element = scroller.current;
    if (!element || typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    return () => observer.disconnect();
  }, [measure]);

  const bodyHeight = Math.max(rowHeight, view.height - view.header);
  const window = rowWindow({
    scrollTop: view.scrollTop,
    viewportHeight: bodyHeight,
    rowHeight,
    rowCount: rows.length,
    overscan: OVERSCAN,
  });
  // The Tab stop is the active cell while it is rendered, else its column's header.
  const tabRow = cell.row >= window.start && cell.row < window.end ? cell.row : -1;

  useEffect(() => {
    if (!focusPending.current) return;
    focusPending.current = false;
    const table = scroller.current;
    // A column inside a spanning cell is that cell.
    const target =
      table?.querySelector<HTMLElement>(`[data-cell="${cell.row}:${cell.column}"]`) ??
      [...(table?.querySelectorAll<HTMLElement>(`[data-span-row="${cell.row}"]`) ?? [])].find(
        (span) =>
          Number(span.dataset.spanFrom) <= cell.column &&
          cell.column <= Number(span.dataset.spanTo),
      );
    target?.focus({ preventScroll: cell.row >= 0 });
  });

  const goTo = (next: CellPosition): void => {
    const element = scroller.current;
    if (element && next.row >= 0) {
      const top = scrollToShow(next.row, element.scrollTop, bodyHeight, rowHeight);
      if (top !== element.scrollTop) element.scrollTop = top;
      measure();
    }
    focusPending.current = true;
    setActive(next);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTableElement>): void => {
    const pageRows = Math.max(1, Math.floor(bodyHeight / rowHeight) - 1);
    const next = moveCell(cell, event, rows.length, columns.length, pageRows);
    if (next) {
      event.preventDefault();
      goTo(next);
      return;
    }
    if (event.key !== 'Enter' && event.key !== ' ') return;
    const column = columns[cell.column];
    if (!column) return;
    event.preventDefault();
    if (cell.row === -1) {
      if (column.sortable) onSort?.(column.id);
      return;
    }
    const row = rows[cell.row];
    if (row !== undefined) onCellAction?.(row, column.id);
  };

  const onFocus = (event: React.FocusEvent<HTMLTableElement>): void => {
    const target = (event.target as HTMLElement).closest<HTMLElement>('[data-cell]');
    const [row, column] = (target?.dataset.cell ?? '').split(':').map(Number);
    if (row === undefined || column === undefined || Number.isNaN(row) || Number.isNaN(column))
      return;
    // Focus landing on a spanning cell keeps the column the keys were on, if it is inside.
    const spanTo = Number(target?.dataset.spanTo ?? column);
    const same = row === cell.row && cell.column >= column && cell.column <= spanTo;
    if (!same) setActive({ row, column });
  };

  const groups = columnGroups(columns);
  const width = columns.reduce((sum, column) => sum + column.width, 0);
  const tabIndex = (row: number, column: number, span = 1): number =>
    row === tabRow && cell.column >= column && cell.column < column + span ? 0 : -1;

  return (
    <div className="vt-scroll" ref={scroller} onScroll={measure} data-testid={testId}>
      <table
        role="grid"
        aria-label={label}
        aria-rowcount={rows.length + HEADER_ROWS}
        aria-colcount={columns.length}
        aria-multiselectable={isSelected ? true : undefined}
        className="vt-table"
        style={{ width }}
        onKeyDown={onKeyDown}
        onFocus={onFocus}
      >
        <colgroup>
          {columns.map((column) => (
            <col key={column.id} style={{ width: column.width }} />
          ))}
        </colgroup>
        <thead ref={head}>
          <tr aria-rowindex={1} className="vt-groups">
            {groups.map((group) => (
              <th
                key={group.key}
                scope="colgroup"
                colSpan={group.span}
                aria-colindex={group.first + 1}
                className={group.first === 0 ? 'vt-sticky' : undefined}
              >
                {group.label}
              </th>
            ))}
          </tr>
          <tr aria-rowindex={2}>
            {columns.map((column, index) => {
              const sorted = sort?.column === column.id ? sort.direction : undefined;
              return (
                <th
                  key={column.id}
                  scope="col"
                  aria-colindex={index + 1}
                  aria-sort={column.sortable ? (sorted ?? 'none') : undefined}
                  tabIndex={tabIndex(-1, index)}
                  data-cell={`-1:${index}`}
                  className={index === 0 ? 'vt-sticky' : undefined}
                  title={column.description}
                  onClick={column.sortable ? () => onSort?.(column.id) : undefined}
                >
                  <span className={column.sortable ? 'vt-sortable' : undefined}>
                    {column.header}
                    {column.sortable ? (
                      <span aria-hidden="true" className="vt-sort-mark">
                        {SORT_MARKS[sorted ?? 'none']}
                      </span>
                    ) : null}
                  </span>
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody>
          {window.padTop > 0 ? (
            <tr aria-hidden="true" className="vt-spacer" style={{ height: window.padTop }}>
              <td colSpan={columns.length} />
            </tr>
          ) : null}
          {rows.slice(window.start, window.end).map((row, offset) => {
            const index = window.start + offset;
            return (
              <VirtualRow
                key={rowKey(row)}
                row={row}
                index={index}
                columns={columns}
                rowHeight={rowHeight}
                firstRowIndex={HEADER_ROWS + 1}
                selected={isSelected ? isSelected(row) : undefined}
                className={['vt-row', rowClassName?.(row) ?? ''].join(' ')}
                span={spanCell?.(row) ?? null}
                tabColumn={index === tabRow ? cell.column : -1}
              />
            );
          })}
          {window.padBottom > 0 ? (
            <tr aria-hidden="true" className="vt-spacer" style={{ height: window.padBottom }}>
              <td colSpan={columns.length} />
            </tr>
          ) : null}
        </tbody>
      </table>
      {rows.length === 0 && empty ? <div className="vt-empty">{empty}</div> : null}
    </div>
  );
}
