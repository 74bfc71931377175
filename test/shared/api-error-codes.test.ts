import { describe, expect, it } from 'vitest';
import { API_ERROR_CODES, isApiErrorCode, type ApiErrorCode } from '../../src-shared/quickbox';

describe('the contract error codes', () => {
  it('lists every code of the closed union once', () => {
    // A record over the type: TypeScript refuses it when a code is missing or unknown.
    const every: Record<ApiErrorCode, true> = {
      invalid_credentials: true,
      otp_required: true,
      rate_limited: true,
      unauthenticated: true,
      forbidden: true,
      version_conflict: true,
      precondition_required: true,
      invalid_settings: true,
      confirmation_required: true,
      not_found: true,
      invalid_cursor: true,
      payload_too_large: true,
      malformed_json: true,
    };
    expect([...API_ERROR_CODES].sort()).toEqual(Object.keys(every).sort());
  });

  it('tells a code of the contract from any other text', () => {
    expect(isApiErrorCode('version_conflict')).toBe(true);
    expect(isApiErrorCode('teapot')).toBe(false);
    expect(isApiErrorCode('')).toBe(false);
  });
});
