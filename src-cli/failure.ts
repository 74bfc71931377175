/**
 * The one thrown type of qbsc: an error value (core's own AppError, or one of the command
 * line's) with the exit code it ends the process with. Commands throw it; main prints it once.
 */

import type { AppError } from '../src-shared/errors';
import { EXIT, exitCodeOf, type ExitCode } from './exit-codes';

/** What went wrong, as printed: core's AppError or a command-line error with its code. */
export type CliError = AppError | { code: 'usage' | 'refused' | 'app_running'; message: string };

/** A failure that ends the command with its exit code. */
export class CliFailure extends Error {
  constructor(
    readonly error: CliError,
    readonly exitCode: ExitCode,
    /** A line of what to do about it, for people (left out of --json's message). */
    readonly hint: string | null = null,
  ) {
    super(error.message);
    this.name = 'CliFailure';
  }
}

/** A failure from core's error value, with that error kind's exit code. */
export function fromAppError(error: AppError): CliFailure {
  const hint = 'hint' in error ? error.hint : null;
  return new CliFailure(error, exitCodeOf(error.code), hint);
}

/** A usage failure (exit 64): a missing or malformed argument. */
export function usage(message: string): CliFailure {
  return new CliFailure({ code: 'usage', message }, EXIT.usage);
}

/** A refused confirmation (exit 67): nothing was done. */
export function refused(message: string): CliFailure {
  return new CliFailure({ code: 'refused', message }, EXIT.refused);
}
