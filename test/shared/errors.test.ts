import { describe, expect, it } from 'vitest';
import { APP_ERROR_CODES, isAppError, type AppErrorCode } from '../../src-shared/errors';

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

describe('isAppError', () => {
  it('takes a known code with a message', () => {
    for (const code of APP_ERROR_CODES) expect(isAppError({ code, message: 'm' })).toBe(true);
  });

  it.each([
    ['null', null],
    ['a string', 'unreachable'],
    ['an unknown code', { code: 'teapot', message: 'm' }],
    ['a code that is not text', { code: 1, message: 'm' }],
    ['no message', { code: 'internal' }],
    ['a message that is not text', { code: 'internal', message: 1 }],
  ])('refuses %s', (_what, value) => {
    expect(isAppError(value)).toBe(false);
  });
});
