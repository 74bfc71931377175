import { describe, expect, it } from 'vitest';
import { mapBounded } from '../../../../src-main/core/support/bounded';

/** A task whose completion the test controls, counting how many run at once. */
function gate() {
  let running = 0;
  let most = 0;
  const waiting: (() => void)[] = [];
  return {
    task: async (item: number): Promise<number> => {
      running += 1;
      most = Math.max(most, running);
      await new Promise<void>((resolve) => waiting.push(resolve));
      running -= 1;
      return item * 10;
    },
    release: () => waiting.splice(0).forEach((resolve) => resolve()),
    most: () => most,
    waiting: () => waiting.length,
  };
}

describe('mapBounded', () => {
  it('runs at most the limit at once, keeps the order of the results, and lets every task finish', async () => {
    const control = gate();
    const items = [1, 2, 4, 5, 6, 7, 8];

    const done = mapBounded(items, 3, control.task);
    while (control.waiting() > 0 || control.most() === 0) {
      await Promise.resolve();
      control.release();
      await new Promise((resolve) => setImmediate(resolve));
    }

    expect(await done).toEqual([10, 20, 40, 50, 60, 70, 80]);
    expect(control.most()).toBe(3);
  });

  it('throws the first error only after every other task has run', async () => {
    const finished: number[] = [];
    const task = async (item: number): Promise<number> => {
      await new Promise((resolve) => setImmediate(resolve));
      if (item === 2) throw new Error('two failed');
      finished.push(item);
      return item;
    };

    await expect(mapBounded([1, 2, 3, 4], 2, task)).rejects.toThrow('two failed');
    expect(finished.sort()).toEqual([1, 3, 4]);
  });

  it('handles no items', async () => {
    expect(await mapBounded([], 5, async (item: number) => item)).toEqual([]);
  });
});
