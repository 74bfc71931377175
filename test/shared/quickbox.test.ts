import { describe, expect, it } from 'vitest';
import {
  ACTIVE_SESSION_FIELDS,
  API_ERROR_CODES,
  EVENT_TYPES,
  INVALIDATE_ALL_PHRASE,
  isApiErrorCode,
  type ActiveSession,
  type ApiErrorCode,
  type QuickBoxEventType,
} from '../../src-shared/quickbox';

describe('the contract constants', () => {
  it('lists every event type of the feed once', () => {
    const every: Record<QuickBoxEventType, true> = {
      'sessions.invalidated_all': true,
      'session.revoked': true,
      'session.evicted': true,
      'settings.updated': true,
    };
    expect([...EVENT_TYPES].sort()).toEqual(Object.keys(every).sort());
  });

  it('lists every field of an active session once, in the contract order', () => {
    // A record over the type: TypeScript refuses it when a field is missing or unknown.
    const every: Record<keyof ActiveSession, true> = {
      id: true,
      username: true,
      ip: true,
      userAgent: true,
      createdAt: true,
      lastSeenAt: true,
      expiresAt: true,
      rememberMe: true,
      current: true,
    };
    expect([...ACTIVE_SESSION_FIELDS]).toEqual(Object.keys(every));
  });

  it('asks for the invalidate-all phrase of the contract', () => {
    expect(INVALIDATE_ALL_PHRASE).toBe('INVALIDATE ALL SESSIONS');
  });
});

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
      bad_request: true,
      unsupported_media_type: true,
      request_timeout: true,
      headers_too_large: true,
      internal_error: true,
    };
    expect([...API_ERROR_CODES].sort()).toEqual(Object.keys(every).sort());
  });

  it('tells a code of the contract from any other text', () => {
    expect(isApiErrorCode('version_conflict')).toBe(true);
    expect(isApiErrorCode('teapot')).toBe(false);
    expect(isApiErrorCode('')).toBe(false);
  });
});
