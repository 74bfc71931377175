/**
 * What every command that writes shares: `--dry-run` (print what would be done, change
 * nothing, exit 0) and the production question asked twice, as `fleet apply` asks it: once
 * for the change, once more naming the production servers among its targets.
 */

import { agree } from '../../src-shared/plural';
import type { Command } from 'commander';
import type { EnvironmentTag } from '../../src-shared/domain';
import { confirm } from '../prompt';

/** Adds `--dry-run` to a command that changes something. */
export function withDryRun(command: Command): Command {
  return command.option('--dry-run', 'print what would be done and change nothing');
}

/** A target of a change, as the questions name it. */
interface Named {
  name: string;
  environment: EnvironmentTag | null;
}

/**
 * Asks `question` about `targets`, then, when some are production servers, asks again for
 * those ("...: <verb> there too?"); any answer but yes refuses (exit 67) with `refusal`.
 */
export async function askTwiceForProduction(
  question: string,
  targets: readonly Named[],
  verb: string,
  refusal: string,
): Promise<void> {
  await confirm(question, refusal);
  const production = targets.filter((target) => target.environment === 'production');
  if (production.length === 0) return;
  await confirm(
    `${production.map((target) => target.name).join(', ')} ${agree(production.length, 'is a production server', 'are production servers')}: ${verb} there too?`,
    refusal,
  );
}

/** A target with its environment, as the questions name it: "Prod 1 (production)". */
export function targetName(target: Named): string {
  return `${target.name}${target.environment ? ` (${target.environment})` : ''}`;
}
