/**
 * Every error code of the core as a sentence a person understands, with what to do about
 * it. One table keyed by code, so a new code fails the typecheck until it has its words.
 */

import type { AppError, AppErrorCode, AppErrorOf, LostSave } from '../src-shared/errors';

/** An error in words: what happened, and what the admin can do. */
export interface ErrorText {
  title: string;
  action: string;
}

/** Ends a sentence built around a message from elsewhere with a full stop. */
function sentence(text: string): string {
  const trimmed = text.trim();
  return /[.!?]$/.test(trimmed) ? trimmed : `${trimmed}.`;
}

/**
 * The label of the field an issue path names (`baseUrl` -> "Address"), or null; a form that
 * highlights its fields passes one, so the summary names what the admin sees.
 */
export type FieldLabeller = (path: string) => string | null;

type ErrorTable = {
  [C in AppErrorCode]: (error: AppErrorOf<C>, labelOf?: FieldLabeller) => ErrorText;
};

function unusableInput(
  error: AppErrorOf<'invalid_request'>,
  labelOf: FieldLabeller | undefined,
): string {
  const labels = error.issues.map((issue) => labelOf?.(issue.path) ?? null);
  // Every issue sits under its own field: the summary only names the fields.
  if (labels.length > 0 && labels.every((label) => label !== null))
    return [...new Set(labels)].join(', ');
  return (
    error.issues.map((issue) => `${issue.path || 'input'} ${issue.message}`).join('; ') ||
    error.message
  );
}

const NOT_FOUND: Record<AppErrorOf<'not_found'>['what'], ErrorText> = {
  session: {
    title: 'That session has already ended.',
    action: 'The list has been refreshed; nothing more to do.',
  },
  server: {
    title: 'This server is no longer in the list.',
    action: 'Pick another server, or add it again.',
  },
  profile: {
    title: 'This profile no longer exists.',
    action: 'It was deleted meanwhile; pick another profile.',
  },
  plan: {
    title: 'This plan is no longer kept.',
    action: 'Make the plan again: it reads every target afresh.',
  },
};

/**
 * A failed save that was read back: "nothing was changed" before the usual advice, or, when
 * the server holds other values, that whether the save landed is not known.
 */
function lostSaveText(error: { lostSave?: LostSave }, usual: ErrorText): ErrorText {
  if (error.lostSave === 'unknown') {
    return {
      title:
        "The save's answer was lost, and whether it landed is not known: the server now holds other values than the ones you sent and the ones you edited.",
      action: 'Reload the settings to see what the server holds now.',
    };
  }
  if (error.lostSave === 'unchanged') {
    const advice = usual.action.split('; ').pop() ?? usual.action;
    return {
      title: usual.title,
      action: `Reading the settings back shows nothing was changed; ${advice.charAt(0).toLowerCase()}${advice.slice(1)}`,
    };
  }
  return usual;
}

const TABLE: ErrorTable = {
  invalid_request: (error, labelOf) => ({
    title: sentence(`Some of what was entered is not usable: ${unusableInput(error, labelOf)}`),
    action: 'Correct the highlighted values and try again.',
  }),
  not_found: (error) => NOT_FOUND[error.what],
  unreachable: (error) =>
    error.reason === 'plain_http'
      ? {
          title: 'The server answered, but not over HTTPS: this address serves plain HTTP.',
          action:
            'Plain HTTP is allowed only for a server on this computer (localhost, 127.x.x.x, [::1], or an SSH tunnel to one): write such an address with http://. For a server elsewhere, turn on HTTPS on it.',
        }
      : lostSaveText(error, {
          title: 'The server did not answer.',
          action: 'Check that it is running and that the address is right, then try again.',
        }),
  timeout: (error) =>
    lostSaveText(error, {
      title:
        error.phase === 'connect'
          ? 'The server did not accept the connection in time.'
          : 'The server took too long to answer.',
      action: 'It may be overloaded or behind a firewall; try again in a moment.',
    }),
  tls_untrusted: (error) => ({
    title: `The server's certificate is not trusted (${error.reason}).`,
    action: error.certificate
      ? 'Compare its fingerprint with the one on the server before trusting it.'
      : 'Install a certificate from a trusted authority on the server, or check the address.',
  }),
  tls_pin_mismatch: () => ({
    title:
      'The certificate changed: the server presents a different certificate from the one you trusted.',
    action:
      'Do not connect until you know why. If the server got a new certificate, check its fingerprint on the server, then trust the new one.',
  }),
  unauthorized: (error) =>
    error.reason === 'signed_out_elsewhere'
      ? {
          title: "Your sign-in elsewhere took this app's place on the server.",
          action:
            'Press “Sign in again” to take it back (that ends your other session), or use an API key: keys are not sessions.',
        }
      : {
          title: 'The server refused the stored credentials.',
          action:
            error.reason === 'credentials_rejected'
              ? 'The app will not try them again: edit the server and enter the current password or API key, or test the connection once more.'
              : 'Edit the server and enter the current password or API key.',
        },
  otp_required: () => ({
    title: 'This account needs a one-time code.',
    action: 'Enter the 6-digit code from the authenticator app.',
  }),
  forbidden: (error) => ({
    title: `This account lacks the permission ${error.permission}.`,
    action: 'Ask for that permission, or use an account or API key that has it.',
  }),
  version_conflict: (error) => ({
    title: `Someone else (${error.current.updatedBy}) changed these settings since you opened them.`,
    action: 'Compare their values with yours, then take theirs or keep yours and save again.',
  }),
  invalid_settings: (error) => ({
    title: sentence(
      `The server rejected the settings: ${error.errors.map((issue) => issue.message).join(' ') || error.message}`,
    ),
    action: 'Correct the values named and save again.',
  }),
  rate_limited: (error) => ({
    title: 'Too many failed logins: the server is refusing attempts for now.',
    action:
      error.retryAfterSeconds !== null
        ? `Wait ${Math.ceil(error.retryAfterSeconds / 60)} minute(s), check the password, then try again.`
        : 'Wait a few minutes, check the password, then try again.',
  }),
  // Core says what was wrong (not JSON, a feed that does not move forward, ...).
  protocol_error: (error) =>
    lostSaveText(error, {
      title: sentence(error.message),
      action:
        'Check that the address points at a QuickBox Pro dashboard and that it is up to date.',
    }),
  keychain_unavailable: (error) => ({
    title: 'The system keychain cannot be used, so no password can be stored safely.',
    action: error.hint,
  }),
  no_credentials: () => ({
    title: 'No credentials are stored for this server.',
    action: 'Edit the server and enter its password or API key.',
  }),
  confirmation_mismatch: () => ({
    title: 'The name typed does not match the server name.',
    action: 'Type the server name exactly as shown, or cancel.',
  }),
  registry_error: () => ({
    title: 'The list of servers could not be saved.',
    action: 'Check that the disk has space and the app data folder is writable, then try again.',
  }),
  sender_refused: () => ({
    title: 'A request came from outside the app window, so the app refused it.',
    action: 'Nothing was changed. If this keeps happening, restart the app.',
  }),
  internal: (error) => ({
    title: sentence(`Something went wrong inside the app: ${error.message}`),
    action: 'Try again; if it keeps happening, restart the app.',
  }),
};

/** The words for an error; `labelOf` names a form's fields by their labels. */
export function errorText(error: AppError, labelOf?: FieldLabeller): ErrorText {
  const describe = TABLE[error.code] as (error: AppError, labelOf?: FieldLabeller) => ErrorText;
  return describe(error, labelOf);
}
