/**
 * The column model of the virtual table: a column, and the section groups its first header
 * row shows.
 */

import type { ReactNode } from 'react';

export type { SortState } from '../state/table-sort';

/** A column of the table. */
export interface TableColumn<Row> {
  id: string;
  /** The header's text (its accessible name too). */
  header: string;
  /** A longer description, as the header's tooltip. */
  description?: string;
  /** The section this column belongs to; neighbours with the same group share a header. */
  group: string;
  /** Width in CSS pixels (the table's layout is fixed). */
  width: number;
  sortable?: boolean;
  cell(row: Row): ReactNode;
  /** A class (marking) and a tooltip for one cell. */
  cellProps?(row: Row): { className?: string; title?: string };
}

/** A header of the first row: a section spanning its columns. */
export interface ColumnGroup {
  key: string;
  label: string;
  /** Index of its first column. */
  first: number;
  span: number;
}

/** The runs of neighbouring columns that share a group, in order. */
export function columnGroups(columns: readonly { group: string }[]): ColumnGroup[] {
  const groups: ColumnGroup[] = [];
  columns.forEach((column, index) => {
    const last = groups[groups.length - 1];
    if (last && last.label === column.group) last.span += 1;
    else
      groups.push({ key: `${index}-${column.group}`, label: column.group, first: index, span: 1 });
  });
  return groups;
}
