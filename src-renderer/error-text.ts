/**
 * Every error code of the core as a sentence a person understands, with what to do about
 * it, in the language shown. One table keyed by code, so a new code fails the typecheck
 * until it has its words.
 */

import type { AppError, AppErrorCode, AppErrorOf, LostSave } from '../src-shared/errors';
import type { WindowTranslator } from './i18n/translator-context';

/** An error in words: what happened, and what the admin can do. */
export interface ErrorText {
  title: string;
  action: string;
}

/** Ends a sentence built around a message from elsewhere with a full stop. */
function sentence(text: string): string {
  const trimmed = text.trim();
  return /[.!?。]$/.test(trimmed) ? trimmed : `${trimmed}.`;
}

/**
 * The label of the field an issue path names (`baseUrl` -> "Address"), or null; a form that
 * highlights its fields passes one, so the summary names what the admin sees.
 */
export type FieldLabeller = (path: string) => string | null;

type ErrorTable = {
  [C in AppErrorCode]: (
    t: WindowTranslator,
    error: AppErrorOf<C>,
    labelOf?: FieldLabeller,
  ) => ErrorText;
};

function unusableInput(
  t: WindowTranslator,
  error: AppErrorOf<'invalid_request'>,
  labelOf: FieldLabeller | undefined,
): string {
  const labels = error.issues.map((issue) => labelOf?.(issue.path) ?? null);
  // Every issue sits under its own field: the summary only names the fields.
  if (labels.length > 0 && labels.every((label) => label !== null))
    return t.list([...new Set(labels as string[])]);
  return (
    error.issues.map((issue) => `${issue.path || 'input'} ${issue.message}`).join('; ') ||
    error.message
  );
}

const NOT_FOUND: Record<AppErrorOf<'not_found'>['what'], (t: WindowTranslator) => ErrorText> = {
  session: (t) => ({
    title: t.t('app.error.notFound.session.title'),
    action: t.t('app.error.notFound.session.action'),
  }),
  server: (t) => ({
    title: t.t('app.error.notFound.server.title'),
    action: t.t('app.error.notFound.server.action'),
  }),
  profile: (t) => ({
    title: t.t('app.error.notFound.profile.title'),
    action: t.t('app.error.notFound.profile.action'),
  }),
  plan: (t) => ({
    title: t.t('app.error.notFound.plan.title'),
    action: t.t('app.error.notFound.plan.action'),
  }),
};

/**
 * A failed save that was read back: "nothing was changed" before the usual advice, or, when
 * the server holds other values, that whether the save landed is not known.
 */
function lostSaveText(
  t: WindowTranslator,
  error: { lostSave?: LostSave },
  usual: ErrorText,
  advice: 'unreachable' | 'timeout' | 'protocol',
): ErrorText {
  if (error.lostSave === 'unknown') {
    return {
      title: t.t('app.error.lostSave.unknown.title'),
      action: t.t('app.error.lostSave.unknown.action'),
    };
  }
  if (error.lostSave === 'unchanged') {
    return { title: usual.title, action: t.t('app.error.lostSave.unchanged', { advice }) };
  }
  return usual;
}

const TABLE: ErrorTable = {
  invalid_request: (t, error, labelOf) => ({
    title: sentence(
      t.t('app.error.invalidRequest.title', { what: unusableInput(t, error, labelOf) }),
    ),
    action: t.t('app.error.invalidRequest.action'),
  }),
  not_found: (t, error) => NOT_FOUND[error.what](t),
  unreachable: (t, error) =>
    error.reason === 'plain_http'
      ? { title: t.t('app.error.plainHttp.title'), action: t.t('app.error.plainHttp.action') }
      : lostSaveText(
          t,
          error,
          {
            title: t.t('app.error.unreachable.title'),
            action: t.t('app.error.unreachable.action'),
          },
          'unreachable',
        ),
  timeout: (t, error) =>
    lostSaveText(
      t,
      error,
      {
        title:
          error.phase === 'connect'
            ? t.t('app.error.timeout.connect')
            : t.t('app.error.timeout.answer'),
        action: t.t('app.error.timeout.action'),
      },
      'timeout',
    ),
  tls_untrusted: (t, error) => ({
    title: t.t('app.error.tlsUntrusted.title', { reason: error.reason }),
    action: error.certificate
      ? t.t('app.error.tlsUntrusted.compare')
      : t.t('app.error.tlsUntrusted.install'),
  }),
  tls_pin_mismatch: (t) => ({
    title: t.t('app.error.pinMismatch.title'),
    action: t.t('app.error.pinMismatch.action'),
  }),
  unauthorized: (t, error) =>
    error.reason === 'signed_out_elsewhere'
      ? {
          title: t.t('app.error.signedOutElsewhere.title'),
          action: t.t('app.error.signedOutElsewhere.action'),
        }
      : {
          title: t.t('app.error.unauthorized.title'),
          action:
            error.reason === 'credentials_rejected'
              ? t.t('app.error.unauthorized.rejected')
              : t.t('app.error.unauthorized.action'),
        },
  otp_required: (t) => ({
    title: t.t('app.error.otp.title'),
    action: t.t('app.error.otp.action'),
  }),
  forbidden: (t, error) => ({
    title: t.t('app.error.forbidden.title', { permission: error.permission }),
    action: t.t('app.error.forbidden.action'),
  }),
  version_conflict: (t, error) => ({
    title: t.t('app.error.conflict.title', { user: error.current.updatedBy }),
    action: t.t('app.error.conflict.action'),
  }),
  invalid_settings: (t, error) => ({
    title: sentence(
      t.t('app.error.invalidSettings.title', {
        what: error.errors.map((issue) => issue.message).join(' ') || error.message,
      }),
    ),
    action: t.t('app.error.invalidSettings.action'),
  }),
  rate_limited: (t, error) => ({
    title: t.t('app.error.rateLimited.title'),
    action:
      error.retryAfterSeconds !== null
        ? t.t('app.error.rateLimited.wait', {
            duration: t.duration(Math.max(1, Math.ceil(error.retryAfterSeconds / 60)), 'long'),
          })
        : t.t('app.error.rateLimited.waitFew'),
  }),
  // Core says what was wrong (not JSON, a feed that does not move forward, ...).
  protocol_error: (t, error) =>
    lostSaveText(
      t,
      error,
      {
        title: sentence(error.message),
        action: t.t('app.error.protocol.action'),
      },
      'protocol',
    ),
  keychain_unavailable: (t, error) => ({
    title: t.t('app.error.keychain.title'),
    action: error.hint,
  }),
  no_credentials: (t) => ({
    title: t.t('app.error.noCredentials.title'),
    action: t.t('app.error.noCredentials.action'),
  }),
  confirmation_mismatch: (t) => ({
    title: t.t('app.error.confirmation.title'),
    action: t.t('app.error.confirmation.action'),
  }),
  registry_error: (t) => ({
    title: t.t('app.error.registry.title'),
    action: t.t('app.error.registry.action'),
  }),
  sender_refused: (t) => ({
    title: t.t('app.error.senderRefused.title'),
    action: t.t('app.error.senderRefused.action'),
  }),
  internal: (t, error) => ({
    title: sentence(t.t('app.error.internal.title', { message: error.message })),
    action: t.t('app.error.internal.action'),
  }),
};

/** The words for an error in `t`'s language; `labelOf` names a form's fields by their labels. */
export function errorText(
  t: WindowTranslator,
  error: AppError,
  labelOf?: FieldLabeller,
): ErrorText {
  const describe = TABLE[error.code] as (
    t: WindowTranslator,
    error: AppError,
    labelOf?: FieldLabeller,
  ) => ErrorText;
  return describe(t, error, labelOf);
}
