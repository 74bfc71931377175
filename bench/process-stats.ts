/**
 * What the benchmarks read of a process: its resident memory from /proc (Linux), and a
 * resident size that has stopped moving, so that a figure is not taken mid-allocation.
 */

import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';

/** Resident memory of a process now and its peak, in MB (from /proc/<pid>/status). */
export function memoryOf(pid: number): { rssMb: number; peakMb: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)?.[1] ?? 0);
  return { rssMb: kb('VmRSS') / 1024, peakMb: kb('VmHWM') / 1024 };
}

/**
 * Waits until the process's RSS has stayed within 2 MB for 2 s (at most `limitMs`), and
 * returns it. `between` runs before each reading (a benchmark may collect garbage there).
 */
export async function settledRss(
  pid: number,
  limitMs = 30_000,
  between: () => void = () => undefined,
): Promise<number> {
  between();
  let last = memoryOf(pid).rssMb;
  let stableSince = performance.now();
  const deadline = performance.now() + limitMs;
  while (performance.now() < deadline) {
    await sleep(250);
    between();
    const now = memoryOf(pid).rssMb;
    if (Math.abs(now - last) > 2) {
      last = now;
      stableSince = performance.now();
    } else if (performance.now() - stableSince >= 2_000) {
      return now;
    }
  }
  return memoryOf(pid).rssMb;
}
