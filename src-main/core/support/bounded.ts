/**
 * Runs a task per item with at most `limit` in flight, the way a fleet refresh or apply
 * reaches many servers at once (bounded only to protect this computer). A small loop of
 * workers rather than a dependency: it is the whole job, and p-limit is only a transitive
 * package here.
 */

/**
 * Calls `task` for every item, at most `limit` at a time, and resolves with the results in
 * the items' order once every task has settled. A task that throws does not stop the others;
 * the first error is thrown after all have settled.
 */
export async function mapBounded<T, R>(
  items: readonly T[],
  limit: number,
  task: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const errors: unknown[] = [];
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next;
      next += 1;
      try {
        results[index] = await task(items[index] as T, index);
      } catch (error) {
        errors.push(error);
      }
    }
  };
  const workers = Math.max(1, Math.min(limit, items.length));
  await Promise.all(Array.from({ length: workers }, worker));
  if (errors.length > 0) throw errors[0];
  return results;
}
