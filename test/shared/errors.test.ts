import { describe, expect, it } from 'vitest';
import { APP_ERROR_CODES, type AppErrorCode } from '../../src-shared/errors';

describe('APP_ERROR_CODES', () => {
  it('lists every code of AppError once', () => {
    // A record over the type: TypeScript refuses it when a code is missing or unknown.
    const every: Record<AppErrorCode, true> = {
      invalid_request: true,
      not_found: true,
      unreachable: true,
      timeout: true,
      tls_untrusted: true,
      tls_pin_mismatch: true,
      unauthorized: true,
      otp_required: true,
      forbidden: true,
      sender_refused: true,
      version_conflict: true,
      invalid_settings: true,
      rate_limited: true,
      protocol_error: true,
      keychain_unavailable: true,
      no_credentials: true,
      confirmation_mismatch: true,
      registry_error: true,
      internal: true,
    };
    expect([...APP_ERROR_CODES].sort()).toEqual(Object.keys(every).sort());
  });
});
