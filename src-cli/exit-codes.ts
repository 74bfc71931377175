/**
 * The exit codes of qbsc: one per kind of error, so a script can tell "that server is not
 * there" from "that server did not answer" without reading the message. Codes start at 64
 * (the BSD sysexits range, which `usage` shares), and 2 is kept for "differs" (fleet drift,
 * settings diff), as `terraform plan -detailed-exitcode` and `git diff --exit-code` do.
 */

import type { AppErrorCode } from '../src-shared/errors';
import { wrapText } from './render-table';

/** Every exit code qbsc uses, by what it means. */
export const EXIT = {
  ok: 0,
  /**
   * `fleet drift` or `drift show` found a server that differs from its profile; `settings
   * diff` a difference; `fleet plan` something that would change.
   */
  differs: 2,
  usage: 64,
  invalid: 65,
  notFound: 66,
  refused: 67,
  conflict: 68,
  unreachable: 69,
  internal: 70,
  certificate: 71,
  auth: 72,
  forbidden: 73,
  keychain: 74,
  appRunning: 75,
  dataFolder: 76,
  partial: 77,
  /** Ctrl-C (SIGINT): 128 + 2, as shells report it. */
  interrupted: 130,
  /** SIGTERM: 128 + 15. */
  terminated: 143,
} as const;

/** An exit code of qbsc. */
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** The exit code of each error code core can return. */
const BY_ERROR: Record<AppErrorCode, ExitCode> = {
  invalid_request: EXIT.invalid,
  invalid_settings: EXIT.invalid,
  not_found: EXIT.notFound,
  confirmation_mismatch: EXIT.refused,
  version_conflict: EXIT.conflict,
  unreachable: EXIT.unreachable,
  timeout: EXIT.unreachable,
  rate_limited: EXIT.unreachable,
  protocol_error: EXIT.unreachable,
  tls_untrusted: EXIT.certificate,
  tls_pin_mismatch: EXIT.certificate,
  unauthorized: EXIT.auth,
  otp_required: EXIT.auth,
  no_credentials: EXIT.auth,
  forbidden: EXIT.forbidden,
  keychain_unavailable: EXIT.keychain,
  registry_error: EXIT.dataFolder,
  sender_refused: EXIT.internal,
  internal: EXIT.internal,
};

/** The exit code for an error code of core. */
export function exitCodeOf(code: AppErrorCode): ExitCode {
  return BY_ERROR[code];
}

/** The table of exit codes, as `qbsc --help` and the README print it. */
export const EXIT_CODE_TABLE: readonly [ExitCode, string][] = [
  [
    EXIT.ok,
    'success (fleet drift, drift show: matches; fleet plan: nothing would change; watch: stopped by a signal)',
  ],
  [
    EXIT.differs,
    'fleet drift, drift show: drifted; settings diff: the two differ; fleet plan: something would change',
  ],
  [EXIT.usage, 'usage: unknown command or option, missing or malformed argument'],
  [
    EXIT.invalid,
    'invalid input: settings or a file that the rules refuse (nothing was changed); watch: its config or a secret',
  ],
  [EXIT.notFound, 'not found: no such server, profile or session'],
  [
    EXIT.refused,
    'confirmation refused: --confirm did not match, the answer was not yes, or QBSC_NO_PROMPT',
  ],
  [
    EXIT.conflict,
    'conflict: someone changed the settings since they were read (fleet apply --plan: a target moved since the plan was saved; nothing applied)',
  ],
  [EXIT.unreachable, 'unreachable: no answer, a timeout, rate limited or a broken answer'],
  [EXIT.internal, 'internal error (see --verbose); watch: its stop outlasted its bound'],
  [EXIT.certificate, 'certificate: untrusted, or not the pinned one'],
  [EXIT.auth, 'authentication: rejected credentials, a code needed, or none stored'],
  [EXIT.forbidden, 'forbidden: the credentials lack a permission'],
  [EXIT.keychain, 'keychain unavailable'],
  [EXIT.appRunning, 'the app is running on this data folder: quit it to change local files'],
  [EXIT.dataFolder, 'the data folder could not be written'],
  [
    EXIT.partial,
    'fleet apply, servers test or events: servers failed in different ways (see each outcome)',
  ],
  [EXIT.interrupted, 'interrupted (Ctrl-C): signed out of the servers, nothing more done'],
  [EXIT.terminated, 'terminated (SIGTERM): signed out of the servers, nothing more done'],
];

/** The exit code table as text, for the help epilog: each meaning wrapped to fit `width`. */
export function exitCodeText(width = 80): string {
  const indent = ' '.repeat(7);
  return [
    'Exit codes:',
    ...EXIT_CODE_TABLE.flatMap(([code, meaning]) =>
      wrapText(meaning, width - indent.length).map((line, index) =>
        index === 0 ? `  ${String(code).padStart(3)}  ${line}` : `${indent}${line}`,
      ),
    ),
  ].join('\n');
}
