/**
 * The errors the app reports, as values that cross IPC: a stable `code` the UI can switch
 * on, a `message` a person understands, and the details some codes carry.
 */

import type { CertificateInfo } from './domain';
import type { SessionSettingsDocument, SettingsIssue } from './settings';

/**
 * On a save's failure without a definite refusal, what reading the settings back found:
 * `unchanged` (still the version edited: nothing was changed) or `unknown` (other values:
 * whether the save landed is not known). Absent when there was no read-back.
 */
export type LostSave = 'unchanged' | 'unknown';

/** Every error of the app, by code. */
export type AppError =
  | { code: 'invalid_request'; message: string; issues: { path: string; message: string }[] }
  | { code: 'not_found'; message: string; what: 'server' | 'session' | 'profile' | 'plan' }
  | {
      code: 'unreachable';
      message: string;
      /**
       * `plain_http`: an https:// address answered without TLS (the server there speaks
       * plain HTTP). Absent when nothing answered.
       */
      reason?: 'plain_http';
      lostSave?: LostSave;
    }
  /** `total`: the answer did not end within the request's total deadline (however it trickled). */
  | {
      code: 'timeout';
      message: string;
      phase: 'connect' | 'headers' | 'body' | 'total';
      lostSave?: LostSave;
    }
  | { code: 'tls_untrusted'; message: string; reason: string; certificate: CertificateInfo | null }
  | {
      code: 'tls_pin_mismatch';
      message: string;
      expectedFingerprint: string;
      certificate: CertificateInfo | null;
    }
  | {
      code: 'unauthorized';
      message: string;
      /**
       * Why no sign-in is attempted any more, until the admin edits the credentials or
       * tests the connection: the server rejected the password or key, or the admin's own
       * sign-in elsewhere ended the app's session (a per-user session limit). Absent for a
       * session that simply ended.
       */
      reason?: 'credentials_rejected' | 'signed_out_elsewhere';
    }
  | { code: 'otp_required'; message: string }
  | { code: 'forbidden'; message: string; permission: string }
  | { code: 'version_conflict'; message: string; current: SessionSettingsDocument }
  | { code: 'invalid_settings'; message: string; errors: SettingsIssue[] }
  | { code: 'rate_limited'; message: string; retryAfterSeconds: number | null }
  | { code: 'protocol_error'; message: string; lostSave?: LostSave }
  | { code: 'keychain_unavailable'; message: string; hint: string }
  | { code: 'no_credentials'; message: string }
  | { code: 'confirmation_mismatch'; message: string }
  | { code: 'registry_error'; message: string }
  /** An IPC request that did not come from the app window's own page (see trusted-sender.ts). */
  | { code: 'sender_refused'; message: string }
  | { code: 'internal'; message: string };

/** The code of an AppError. */
export type AppErrorCode = AppError['code'];

/** The AppError of one code. */
export type AppErrorOf<C extends AppErrorCode> = Extract<AppError, { code: C }>;

/** Every error code, at run time (for exhaustive UI tables and tests). */
export const APP_ERROR_CODES: readonly AppErrorCode[] = [
  'invalid_request',
  'not_found',
  'unreachable',
  'timeout',
  'tls_untrusted',
  'tls_pin_mismatch',
  'unauthorized',
  'otp_required',
  'forbidden',
  'version_conflict',
  'invalid_settings',
  'rate_limited',
  'protocol_error',
  'keychain_unavailable',
  'no_credentials',
  'confirmation_mismatch',
  'registry_error',
  'sender_refused',
  'internal',
];
