import { describe, expect, it } from 'vitest';
import { moveBy, moveTo, orderLike, sameOrder } from '../../src-renderer/state/server-order';

const list = ['a', 'b', 'c', 'd'].map((id) => ({ id }));
const ids = (items: { id: string }[]) => items.map((item) => item.id).join('');

describe('server order', () => {
  it('moves an item to a place, down or up, clamped to the list', () => {
    expect(ids(moveTo(list, 'a', 2))).toBe('bcad');
    expect(ids(moveTo(list, 'd', 0))).toBe('dabc');
    expect(ids(moveTo(list, 'b', 99))).toBe('acdb');
    expect(ids(moveTo(list, 'c', -5))).toBe('cabd');
    expect(ids(moveTo(list, 'x', 0))).toBe('abcd');
  });

  it('moves by steps, and not past either end', () => {
    expect(ids(moveBy(list, 'c', -1))).toBe('acbd');
    expect(ids(moveBy(list, 'c', 1))).toBe('abdc');
    expect(ids(moveBy(list, 'a', -1))).toBe('abcd');
    expect(ids(moveBy(list, 'd', 1))).toBe('abcd');
  });

  it('follows an order of ids, keeping unnamed items after the named ones', () => {
    expect(ids(orderLike(list, ['d', 'b']))).toBe('dbac');
    expect(sameOrder(list, orderLike(list, ['a', 'b', 'c', 'd']))).toBe(true);
    expect(sameOrder(list, list.slice(0, 3))).toBe(false);
  });
});
