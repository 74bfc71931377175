/**
 * What fleet work shows while it runs and when it is done: progress of a run on stderr
 * (core's `events:fleet-progress`), and the colour of a status or outcome word.
 */

import type { Context } from '../context';
import type { Style } from '../style';

/**
 * Reports `events:fleet-progress` of one run on stderr: a bar at a terminal, else lines
 * "verb n of N: name outcome". The function it returns stops (and clears the bar).
 */
export async function progressNotes(
  context: Context,
  runId: string,
  verb: string,
): Promise<() => void> {
  const core = await context.core();
  const progress = context.out.progress();
  const stop = core.subscribe('events:fleet-progress', (step) => {
    if (step.runId !== runId) return;
    const what =
      step.operation === 'apply'
        ? `${step.outcome.name}: ${step.outcome.kind}`
        : step.operation === 'plan'
          ? `${step.target.name}: ${step.target.status}`
          : step.row.name;
    progress.step(verb, step.done, step.total, what);
  });
  return () => {
    stop();
    progress.end();
  };
}

/** A status or outcome word in its colour: changes yellow, failures red, the rest plain. */
export function stateColor(text: string, style: Style): string {
  if (['change', 'drifted', 'conflict', 'unknown', 'not_attempted'].includes(text))
    return style.yellow(text);
  if (['match', 'matches', 'applied', 'skipped'].includes(text)) return style.green(text);
  return style.red(text);
}
