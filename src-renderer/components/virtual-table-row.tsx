/**
 * One body row of the virtual table, memoised: a row whose data, place, selection and Tab
 * stop are the same as at the last render is not rendered again (a filter that keeps it in
 * view, a selection of another row, a scroll of one row), so a change costs the rows it
 * changes, not every row in view.
 */

import { memo, type ReactNode } from 'react';
import type { TableColumn } from './virtual-table-columns';

/** One cell standing for the columns `from` to `to`. */
export interface SpanCell {
  from: number;
  to: number;
  content: ReactNode;
  className?: string;
}

/** What one row renders from. */
export interface VirtualRowProps<Row> {
  row: Row;
  /** The row's place among all the rows (0-based). */
  index: number;
  columns: readonly TableColumn<Row>[];
  rowHeight: number;
  /** The aria-rowindex of the first body row. */
  firstRowIndex: number;
  /** aria-selected: undefined when the table has no selection. */
  selected: boolean | undefined;
  className: string;
  span: SpanCell | null;
  /** The column holding the table's Tab stop in this row, or -1 when it is elsewhere. */
  tabColumn: number;
}

function VirtualRowOf<Row>({
  row,
  index,
  columns,
  rowHeight,
  firstRowIndex,
  selected,
  className,
  span,
  tabColumn,
}: VirtualRowProps<Row>) {
  const tabIndex = (column: number, width = 1): number =>
    tabColumn >= column && tabColumn < column + width ? 0 : -1;
  return (
    <tr
      aria-rowindex={index + firstRowIndex}
      aria-selected={selected}
      className={className}
      style={{ height: rowHeight }}
    >
      {columns.map((column, columnIndex) => {
        if (span && columnIndex > span.from && columnIndex <= span.to) return null;
        if (span && columnIndex === span.from) {
          const width = span.to - span.from + 1;
          return (
            <td
              key="span"
              colSpan={width}
              aria-colindex={columnIndex + 1}
              aria-colspan={width}
              tabIndex={tabIndex(columnIndex, width)}
              data-cell={`${index}:${columnIndex}`}
              data-span-row={index}
              data-span-from={span.from}
              data-span-to={span.to}
              className={span.className}
            >
              <div className="vt-cell">{span.content}</div>
            </td>
          );
        }
        const props = column.cellProps?.(row) ?? {};
        return (
          <td
            key={column.id}
            aria-colindex={columnIndex + 1}
            tabIndex={tabIndex(columnIndex)}
            data-cell={`${index}:${columnIndex}`}
            title={props.title}
            className={[columnIndex === 0 ? 'vt-sticky' : '', props.className ?? '']
              .join(' ')
              .trim()}
          >
            <div className="vt-cell">{column.cell(row)}</div>
          </td>
        );
      })}
    </tr>
  );
}

/** Two spans are the same when they cover the same columns with the same class (a row's
 * span is made anew at each render; its content follows the row, which is compared too). */
function sameSpan(a: SpanCell | null, b: SpanCell | null): boolean {
  if (a === b) return true;
  if (!a || !b) return false;
  return a.from === b.from && a.to === b.to && a.className === b.className;
}

/** The memoised row (a generic component keeps its type through `memo` by this cast). */
export const VirtualRow = memo(
  VirtualRowOf,
  (before, after) =>
    before.row === after.row &&
    before.index === after.index &&
    before.columns === after.columns &&
    before.rowHeight === after.rowHeight &&
    before.firstRowIndex === after.firstRowIndex &&
    before.selected === after.selected &&
    before.className === after.className &&
    before.tabColumn === after.tabColumn &&
    sameSpan(before.span, after.span),
) as <Row>(props: VirtualRowProps<Row>) => ReactNode;
