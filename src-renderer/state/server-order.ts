/**
 * The order of the server list as pure functions: where a server lands when it is moved by
 * keyboard (one step) or dropped by drag, and how a list follows an order of ids.
 */

/** Anything with an id. */
interface Identified {
  id: string;
}

/**
 * The list with the item `id` moved to `toIndex` (clamped to the list); the same array when
 * the id is unknown or the item would not move.
 */
export function moveTo<T extends Identified>(
  items: readonly T[],
  id: string,
  toIndex: number,
): T[] {
  const from = items.findIndex((item) => item.id === id);
  const to = Math.max(0, Math.min(items.length - 1, toIndex));
  if (from === -1 || from === to) return [...items];
  const rest = items.filter((item) => item.id !== id);
  const moved = items[from] as T;
  return [...rest.slice(0, to), moved, ...rest.slice(to)];
}

/** The list with the item `id` moved `steps` places (negative: towards the top). */
export function moveBy<T extends Identified>(items: readonly T[], id: string, steps: number): T[] {
  const from = items.findIndex((item) => item.id === id);
  return from === -1 ? [...items] : moveTo(items, id, from + steps);
}

/** The items in the order of `ids`; items not named keep their place after the named ones. */
export function orderLike<T extends Identified>(items: readonly T[], ids: readonly string[]): T[] {
  const rank = new Map(ids.map((id, index) => [id, index]));
  return items
    .map((item, index) => ({ item, index, rank: rank.get(item.id) ?? ids.length + index }))
    .sort((a, b) => a.rank - b.rank)
    .map((entry) => entry.item);
}

/** Whether two lists have the same ids in the same order. */
export function sameOrder(a: readonly Identified[], b: readonly Identified[]): boolean {
  return a.length === b.length && a.every((item, index) => item.id === b[index]?.id);
}
