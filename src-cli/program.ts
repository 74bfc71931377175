/**
 * The pieces every command module builds on: `Runner.action` wraps a command's function so
 * it gets its context, closes it afterwards (signing out of the servers it signed in to) and
 * hands its exit code to main; `combinedExit` folds several outcomes into one exit code.
 */

import type { Command } from 'commander';
import { contextOf, type Context } from './context';
import { EXIT, type ExitCode } from './exit-codes';
import { exitCleanlyOnSignals } from './interrupt';

/** What a command's function gets after its context: commander's arguments, options last. */
type ActionArguments = unknown[];

/** Runs commands and keeps the exit code of the one that ran. */
export class Runner {
  exitCode: ExitCode = EXIT.ok;

  constructor(readonly version: string) {}

  /** A commander action over `run`, which returns its exit code (nothing: success). */
  action<A extends ActionArguments>(
    run: (context: Context, ...args: A) => Promise<ExitCode | void>,
  ): (...args: unknown[]) => Promise<void> {
    return async (...args: unknown[]) => {
      const command = args[args.length - 1] as Command;
      const context = contextOf(command, this.version);
      const format = context.out.format === 'yaml' ? 'yaml' : context.out.json ? 'json' : null;
      const stopHandling = exitCleanlyOnSignals(() => context.close(), format);
      try {
        this.exitCode = (await run(context, ...(args.slice(0, -1) as A))) ?? EXIT.ok;
      } finally {
        stopHandling();
        await context.close();
      }
    };
  }
}

/**
 * One exit code for several outcomes: success when none failed, the failures' code when they
 * all failed the same way, `partial` (77) when they failed in different ways.
 */
export function combinedExit(codes: readonly ExitCode[]): ExitCode {
  const failed = [...new Set(codes.filter((code) => code !== EXIT.ok))];
  if (failed.length === 0) return EXIT.ok;
  return failed.length === 1 ? (failed[0] as ExitCode) : EXIT.partial;
}

/** Adds `--yes` (skip the question) to a command that asks before it changes something. */
export function withYes(command: Command): Command {
  return command.option('-y, --yes', 'do not ask for confirmation');
}
