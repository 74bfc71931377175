/**
 * The one thrown type of qbsc: an error value (core's own AppError, or one of the command
 * line's) with the exit code it ends the process with. Commands throw it; main prints it once.
 */

import type { AppError } from '../src-shared/errors';
import { EXIT, exitCodeOf, type ExitCode } from './exit-codes';

/** What went wrong, as printed: core's AppError or a command-line error with its code. */
export type CliError =
  | AppError
  | {
      code: 'usage' | 'refused' | 'app_running' | 'interrupted' | 'plan_outdated';
      message: string;
    };

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

/**
 * A failure from core's error value, with that error kind's exit code, and what to do about
 * it in qbsc's words when the error is about a saved server (named `serverName`).
 */
export function fromAppError(error: AppError, serverName: string | null = null): CliFailure {
  return new CliFailure(error, exitCodeOf(error.code), hintFor(error, serverName));
}

function hintFor(error: AppError, serverName: string | null): string | null {
  if ('hint' in error) return error.hint;
  if (serverName === null) return null;
  const setCredentials = `qbsc servers set-credentials "${serverName}"`;
  if (error.code === 'no_credentials')
    return `Give it a password or API key with: ${setCredentials}`;
  if (error.code === 'unauthorized' && error.reason === 'credentials_rejected') {
    return `Save its current password or API key with: ${setCredentials}`;
  }
  return null;
}

/** qbsc's name for a field core names by its issue path (`baseUrl` is the address). */
const FIELD_NAMES: Record<string, string> = {
  name: 'the display name',
  baseUrl: 'the address',
  environment: '--env',
  credentials: 'the credentials',
  'credentials.username': '--username',
  'credentials.password': 'the password',
  'credentials.apiKey': 'the API key',
  'credentials.otp': 'the one-time code',
  pinnedFingerprint: '--pin',
  fingerprint: '--pin',
  typedName: '--confirm',
  json: 'the file',
};

/** An issue of an invalid request as qbsc says it: "the address must be ...". */
export function issueText(path: string, message: string): string {
  const key = path.replace(/^changes\./, '');
  const field =
    FIELD_NAMES[key] ?? (key.startsWith('json.') ? `the file, at ${key.slice(5)},` : key);
  if (field === '') return message;
  return /^[a-z]/.test(message) ? `${field} ${message}` : `${field}: ${message}`;
}

/** A usage failure (exit 64): a missing or malformed argument. */
export function usage(message: string): CliFailure {
  return new CliFailure({ code: 'usage', message }, EXIT.usage);
}

/** Ctrl-C where no signal is sent (a raw terminal's prompt): exit 130, as for SIGINT. */
export function interrupted(message: string): CliFailure {
  return new CliFailure({ code: 'interrupted', message }, EXIT.interrupted);
}

/** A refused confirmation (exit 67): nothing was done. */
export function refused(message: string): CliFailure {
  return new CliFailure({ code: 'refused', message }, EXIT.refused);
}
