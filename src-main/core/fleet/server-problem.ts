/**
 * What the admin is told about a server that could not be read or written during fleet work:
 * the kind of trouble (unreachable, forbidden, not signed in, blocked by its certificate, or
 * another failure) and the error's own sentence, so a fleet row or outcome is never empty.
 */

import type { AppError } from '../../../src-shared/errors';
import type { ServerProblem, ServerProblemKind } from '../../../src-shared/fleet';

function kindOf(error: AppError): ServerProblemKind {
  switch (error.code) {
    case 'unreachable':
    case 'timeout':
    case 'protocol_error':
      return 'unreachable';
    case 'forbidden':
      return 'forbidden';
    case 'unauthorized':
    case 'otp_required':
    case 'no_credentials':
    case 'keychain_unavailable':
      return 'not_signed_in';
    case 'tls_untrusted':
    case 'tls_pin_mismatch':
      return 'certificate_blocked';
    default:
      return 'failed';
  }
}

/** The problem an AppError means for one server of the fleet. */
export function serverProblem(error: AppError): ServerProblem {
  return { kind: kindOf(error), code: error.code, message: error.message };
}
