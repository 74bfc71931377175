/**
 * The add / edit server dialog's state as pure transitions, like the settings editor's
 * (state/editor.ts): typing, a test or a save starting and ending, main's refusal (a
 * one-time code asked for, a certificate to check, the fields an issue names), and the
 * certificate trusted or put away. The dialog calls these; tests call them directly. What
 * the form sends is in server-form.ts.
 */

import type { CertificateInfo, ConnectionReport, ServerView } from '../../src-shared/domain';
import type { AppError } from '../../src-shared/errors';
import { originOf, sameOrigin } from '../../src-shared/origin';
import {
  completeScheme,
  fieldIssues,
  type FormLabeller,
  initialForm,
  type FieldIssue,
  type ServerForm,
  type ServerFormField,
} from './server-form';

/** What the dialog's two buttons do. */
export type DialogAction = 'test' | 'save';

/** The last test's or save's result, shown under the form. */
export type DialogOutcome =
  { kind: 'ok'; report: ConnectionReport } | { kind: 'error'; error: AppError } | null;

/** A certificate no authority vouches for, shown for the admin to check before it is trusted. */
export interface CertificateReview {
  info: CertificateInfo;
  /** What runs again once it is trusted. */
  then: DialogAction;
  /** Where it was presented: the saved address (pinned there) or the one typed here. */
  from: 'saved' | 'typed';
}

/** The dialog's state; `server` (the one edited, absent when adding) is passed beside it. */
export interface ServerDialogState {
  form: ServerForm;
  /** The admin asked to replace the stored credentials (always when adding). */
  replaceCredentials: boolean;
  /** The server asked for a one-time code: its field shows from then on. */
  needsOtp: boolean;
  busy: DialogAction | null;
  outcome: DialogOutcome;
  /** Fields changed since main named them: their highlight goes as the admin corrects them. */
  corrected: ServerFormField[];
  /** The fingerprint the admin trusted for the typed address, sent with the draft. */
  pinned: string | null;
  certificate: CertificateReview | null;
}

/** The dialog as it opens: empty for a new server, filled (without secrets) for an edit. */
export function openServerDialog(server?: ServerView): ServerDialogState {
  return {
    form: initialForm(server),
    replaceCredentials: server === undefined,
    needsOtp: false,
    busy: null,
    outcome: null,
    corrected: [],
    pinned: null,
    certificate: null,
  };
}

/**
 * Whether an edit moves the server to another scheme, host or port: that is another server,
 * and the stored secret is never sent there.
 */
export function isNewOrigin(state: ServerDialogState, server?: ServerView): boolean {
  return (
    server !== undefined &&
    originOf(state.form.baseUrl) !== null &&
    !sameOrigin(state.form.baseUrl, server.baseUrl)
  );
}

/** Whether the credentials fields show and are sent: asked for, or a new origin. */
export function withCredentials(state: ServerDialogState, server?: ServerView): boolean {
  return state.replaceCredentials || isNewOrigin(state, server);
}

/** The issues main named that the admin has not corrected since. */
export function openIssues(state: ServerDialogState, labelOf: FormLabeller): FieldIssue[] {
  const error = state.outcome?.kind === 'error' ? state.outcome.error : null;
  return fieldIssues(error, labelOf).filter((issue) => !state.corrected.includes(issue.field));
}

/** The admin types into a field (or picks the sign-in kind, which no issue names). */
export function editField(
  state: ServerDialogState,
  field: keyof ServerForm,
  value: string,
): ServerDialogState {
  return {
    ...state,
    form: { ...state.form, [field]: value } as ServerForm,
    corrected: field === 'authKind' ? state.corrected : [...state.corrected, field],
  };
}

/** The address completed with https:// when typed without a scheme (on leaving the field). */
export function completeAddress(state: ServerDialogState): ServerDialogState {
  const baseUrl = completeScheme(state.form.baseUrl);
  return baseUrl === state.form.baseUrl ? state : { ...state, form: { ...state.form, baseUrl } };
}

/** The "Replace the stored credentials" box. */
export function replaceCredentials(state: ServerDialogState, replace: boolean): ServerDialogState {
  return { ...state, replaceCredentials: replace };
}

/** A test or save starts: the address completed, the last result and corrections cleared. */
export function actionStarted(state: ServerDialogState, action: DialogAction): ServerDialogState {
  return { ...completeAddress(state), busy: action, outcome: null, corrected: [] };
}

/** The connection test answered. */
export function testPassed(state: ServerDialogState, report: ConnectionReport): ServerDialogState {
  return { ...state, busy: null, outcome: { kind: 'ok', report } };
}

/** A save went through (the dialog closes). */
export function saveDone(state: ServerDialogState): ServerDialogState {
  return { ...state, busy: null };
}

/**
 * A test or save was refused: a one-time code is asked for from now on, a certificate no
 * authority vouches for is shown for checking (at the typed address when adding, or when a
 * save moves the server to a new origin; else at the saved one), and the error is shown.
 */
export function actionFailed(
  state: ServerDialogState,
  error: AppError,
  then: DialogAction,
  server?: ServerView,
): ServerDialogState {
  const typed = server === undefined || (then === 'save' && isNewOrigin(state, server));
  const certificate =
    error.code === 'tls_untrusted' && error.certificate
      ? { info: error.certificate, then, from: typed ? ('typed' as const) : ('saved' as const) }
      : state.certificate;
  return {
    ...state,
    busy: null,
    needsOtp: state.needsOtp || error.code === 'otp_required',
    certificate,
    outcome: { kind: 'error', error },
  };
}

/** The admin put the certificate away without trusting it. */
export function certificateClosed(state: ServerDialogState): ServerDialogState {
  return { ...state, certificate: null };
}

/** The admin trusts the certificate: one at the typed address goes with the draft. */
export function certificateTrusted(
  state: ServerDialogState,
  review: CertificateReview,
): ServerDialogState {
  return {
    ...state,
    certificate: null,
    pinned: review.from === 'typed' ? review.info.fingerprint256 : state.pinned,
  };
}

/** Pinning at the saved address failed: said under the form. */
export function pinFailed(state: ServerDialogState, error: AppError): ServerDialogState {
  return { ...state, outcome: { kind: 'error', error } };
}
