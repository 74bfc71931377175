/**
 * The one shape in which every benchmark hands its figures to `npm run bench`'s table: a
 * benchmark prints its own readable lines as it likes, then calls `reportFigures` once at
 * the end, which prints one line `BENCH_FIGURES {json}` that the table runner reads from the
 * child's output. A figure with no target has `target: null` and `met: null`.
 */

/** One measured figure, as the table shows it. */
export interface BenchFigure {
  /** Stable key, e.g. "fleet.refresh.warm.50" (the JSON results are compared by it). */
  id: string;
  /** What was measured, in words, e.g. "fleet refresh, 50 servers, warm (total / one)". */
  label: string;
  value: number;
  /** "ms", "ratio", "KB", "MB", "%", "per s", ... */
  unit: string;
  /** The target in words, e.g. "≤ 1.5", or null when it has none. */
  target: string | null;
  /** Whether the value meets the target (null when there is none). */
  met: boolean | null;
  /** The command that measures it, e.g. "npm run bench:fleet". */
  command: string;
}

/** The prefix of the line that carries the figures. */
export const FIGURES_PREFIX = 'BENCH_FIGURES ';

/** Prints the figures as the one machine-readable line of a benchmark's output. */
export function reportFigures(figures: BenchFigure[]): void {
  console.log(`${FIGURES_PREFIX}${JSON.stringify(figures)}`);
}

/** Reads every figures line of a benchmark's output (a child may print several). */
export function parseFigures(output: string): BenchFigure[] {
  return output
    .split('\n')
    .filter((line) => line.startsWith(FIGURES_PREFIX))
    .flatMap((line) => JSON.parse(line.slice(FIGURES_PREFIX.length)) as BenchFigure[]);
}
