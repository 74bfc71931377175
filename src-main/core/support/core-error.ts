/**
 * The one thrown type inside core: it carries the AppError value that a handler returns.
 * Services throw it; the handler table turns it (and anything unexpected) into a Result,
 * so nothing ever throws across IPC.
 */

import type { AppError } from '../../../src-shared/errors';

/** An AppError thrown inside core, caught and returned as a value by the handler table. */
export class CoreError extends Error {
  readonly appError: AppError;

  constructor(appError: AppError) {
    super(appError.message);
    this.name = 'CoreError';
    this.appError = appError;
  }
}

/** Throws the AppError as a CoreError (for `return fail(...)` in expression position). */
export function fail(appError: AppError): never {
  throw new CoreError(appError);
}

/** The AppError of a caught value: a CoreError's own, otherwise `internal` with a safe message. */
export function toAppError(error: unknown): AppError {
  if (error instanceof CoreError) return error.appError;
  return {
    code: 'internal',
    message: 'Something unexpected went wrong; the details are in the log.',
  };
}
