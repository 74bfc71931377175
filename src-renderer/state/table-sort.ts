/**
 * The sort of a table: which column, which way, and what a click on a header does to it.
 */

/** Which column sorts the rows, and which way (the words of aria-sort). */
export interface SortState {
  column: string;
  direction: 'ascending' | 'descending';
}

/** The sort after a click on a column: a new column sorts ascending, the same one flips. */
export function nextSort(current: SortState | null, column: string): SortState {
  if (current?.column !== column) return { column, direction: 'ascending' };
  return {
    column,
    direction: current.direction === 'ascending' ? 'descending' : 'ascending',
  };
}
