import { describe, expect, it } from 'vitest';
import {
  clampCell,
  moveCell,
  rowWindow,
  scrollToShow,
} from '../../src-renderer/state/virtual-window';

const base = { rowHeight: 30, rowCount: 500, overscan: 5, viewportHeight: 300 };
const key = (name: string, ctrlKey = false) => ({ key: name, ctrlKey });

describe('row window', () => {
  it('renders the visible rows plus the overscan at the top of the table', () => {
    expect(rowWindow({ ...base, scrollTop: 0 })).toEqual({
      start: 0,
      end: 15,
      padTop: 0,
      padBottom: 485 * 30,
    });
  });

  it('follows the scroll offset, with the space of the others above and below', () => {
    const window = rowWindow({ ...base, scrollTop: 3000 + 15 });
    expect(window).toEqual({ start: 95, end: 116, padTop: 95 * 30, padBottom: 384 * 30 });
    expect(window.padTop + (window.end - window.start) * 30 + window.padBottom).toBe(500 * 30);
  });

  it('is clamped at the end of the table and for overscroll', () => {
    expect(rowWindow({ ...base, scrollTop: 500 * 30 })).toMatchObject({ start: 495, end: 500 });
    expect(rowWindow({ ...base, scrollTop: -200 })).toMatchObject({ start: 0, end: 15 });
  });

  it('renders nothing for an empty table, and everything for a short one', () => {
    expect(rowWindow({ ...base, rowCount: 0, scrollTop: 0 })).toEqual({
      start: 0,
      end: 0,
      padTop: 0,
      padBottom: 0,
    });
    expect(rowWindow({ ...base, rowCount: 3, scrollTop: 0 })).toEqual({
      start: 0,
      end: 3,
      padTop: 0,
      padBottom: 0,
    });
  });
});

describe('scroll to show a row', () => {
  it('does not move when the row is already whole in view', () => {
    expect(scrollToShow(4, 0, 300, 30)).toBe(0);
    expect(scrollToShow(9, 0, 300, 30)).toBe(0);
  });

  it('brings a row above the view to the top, and one below to the bottom', () => {
    expect(scrollToShow(2, 300, 300, 30)).toBe(60);
    expect(scrollToShow(10, 0, 300, 30)).toBe(30);
    expect(scrollToShow(499, 0, 300, 30)).toBe(500 * 30 - 300);
  });
});

describe('grid keys', () => {
  const move = (row: number, column: number, name: string, ctrl = false) =>
    moveCell({ row, column }, key(name, ctrl), 100, 8, 10);

  it('moves one cell with the arrows, and stops at the edges', () => {
    expect(move(3, 2, 'ArrowDown')).toEqual({ row: 4, column: 2 });
    expect(move(3, 2, 'ArrowUp')).toEqual({ row: 2, column: 2 });
    expect(move(3, 2, 'ArrowRight')).toEqual({ row: 3, column: 3 });
    expect(move(3, 2, 'ArrowLeft')).toEqual({ row: 3, column: 1 });
    expect(move(99, 7, 'ArrowDown')).toEqual({ row: 99, column: 7 });
    expect(move(3, 7, 'ArrowRight')).toEqual({ row: 3, column: 7 });
    expect(move(3, 0, 'ArrowLeft')).toEqual({ row: 3, column: 0 });
  });

  it('reaches the header row above the first body row, and no further', () => {
    expect(move(0, 2, 'ArrowUp')).toEqual({ row: -1, column: 2 });
    expect(move(-1, 2, 'ArrowUp')).toEqual({ row: -1, column: 2 });
    expect(move(-1, 2, 'ArrowDown')).toEqual({ row: 0, column: 2 });
  });

  it('pages by the visible rows, a page up stopping at the first body row', () => {
    expect(move(3, 1, 'PageDown')).toEqual({ row: 13, column: 1 });
    expect(move(95, 1, 'PageDown')).toEqual({ row: 99, column: 1 });
    expect(move(30, 1, 'PageUp')).toEqual({ row: 20, column: 1 });
    expect(move(3, 1, 'PageUp')).toEqual({ row: 0, column: 1 });
    expect(move(-1, 1, 'PageUp')).toEqual({ row: -1, column: 1 });
  });

  it('goes to the row ends with Home and End, to the table ends with Ctrl', () => {
    expect(move(5, 4, 'Home')).toEqual({ row: 5, column: 0 });
    expect(move(5, 4, 'End')).toEqual({ row: 5, column: 7 });
    expect(move(5, 4, 'Home', true)).toEqual({ row: 0, column: 0 });
    expect(move(5, 4, 'End', true)).toEqual({ row: 99, column: 7 });
  });

  it('leaves other keys to the cell', () => {
    expect(move(5, 4, 'Enter')).toBeNull();
    expect(move(5, 4, ' ')).toBeNull();
  });

  it('keeps the active cell inside a table that shrank', () => {
    expect(clampCell({ row: 90, column: 9 }, 10, 8)).toEqual({ row: 9, column: 7 });
    expect(clampCell({ row: 5, column: 2 }, 0, 8)).toEqual({ row: -1, column: 2 });
  });
});
