import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { AppError } from '../../../../src-shared/errors';
import { DEFAULT_SETTINGS } from '../../../../src-shared/settings';
import {
  isGatewayStatus,
  networkError,
  parseAnswer,
  parseRetryAfter,
  statusError,
  type Reply,
} from '../../../../src-main/core/client/client-errors';
import { CoreError } from '../../../../src-main/core/support/core-error';
import { PinMismatchError } from '../../../../src-main/core/client/tls-trust';
import { capturingLogger, errorOf } from '../fixtures';

function reply(status: number, json: unknown, headers: Reply['headers'] = {}): Reply {
  return { status, headers, json };
}

/** The AppError of an error reply (a success or a missing mapping fails the test). */
function mapped(status: number, json: unknown, headers: Reply['headers'] = {}): AppError {
  const error = statusError(reply(status, json, headers));
  if (!error) throw new Error(`HTTP ${status} mapped to no error`);
  return error.appError;
}

const CURRENT = {
  ...DEFAULT_SETTINGS,
  version: 7,
  updatedAt: '2026-11-28T12:00:00Z',
  updatedBy: 'root',
};

describe('statusError', () => {
  it('lets every 2xx through', () => {
    expect(statusError(reply(200, {}))).toBeNull();
    expect(statusError(reply(204, null))).toBeNull();
    expect(statusError(reply(299, null))).toBeNull();
  });

  it('maps each error code of the contract to its AppError', () => {
    expect(mapped(401, { error: 'invalid_credentials' })).toMatchObject({
      code: 'unauthorized',
      message: expect.stringContaining('username or password'),
    });
    expect(mapped(401, { error: 'unauthenticated' })).toMatchObject({
      code: 'unauthorized',
      message: expect.stringContaining('revoked or expired'),
    });
    expect(mapped(401, { error: 'otp_required' }).code).toBe('otp_required');
    expect(mapped(403, { error: 'forbidden', permission: 'admin.settings.update' })).toMatchObject({
      code: 'forbidden',
      permission: 'admin.settings.update',
    });
    expect(mapped(403, { error: 'forbidden' })).toMatchObject({ permission: 'unknown' });
    expect(mapped(404, { error: 'not_found' })).toMatchObject({
      code: 'not_found',
      what: 'session',
    });
    expect(mapped(400, { error: 'invalid_cursor' })).toMatchObject({
      code: 'invalid_request',
      issues: [{ path: 'cursor' }],
    });
  });

  it('maps rate_limited with the seconds of Retry-After, or null without it', () => {
    expect(mapped(429, { error: 'rate_limited' }, { 'retry-after': '900' })).toMatchObject({
      code: 'rate_limited',
      retryAfterSeconds: 900,
    });
    expect(mapped(429, { error: 'rate_limited' })).toMatchObject({
      code: 'rate_limited',
      retryAfterSeconds: null,
    });
  });

  it('carries the current settings of a version conflict, and refuses a conflict without them', () => {
    const conflict = mapped(412, { error: 'version_conflict', current: CURRENT });
    const bare = mapped(412, { error: 'version_conflict', current: { version: 7 } });

    expect(conflict).toMatchObject({ code: 'version_conflict', current: CURRENT });
    expect(conflict.message).toContain('version 7, by root');
    expect(bare.code).toBe('protocol_error');
  });

  it('carries the field errors of refused settings', () => {
    const errors = [{ field: 'timeouts.idleMinutes', code: 'range', message: 'too small' }];

    expect(mapped(422, { error: 'invalid_settings', errors })).toMatchObject({
      code: 'invalid_settings',
      errors,
    });
    expect(mapped(422, { error: 'invalid_settings' })).toMatchObject({ errors: [] });
  });

  it('maps a gateway status to unreachable whatever its body, and other unknowns to protocol_error', () => {
    expect(mapped(502, null).code).toBe('unreachable');
    expect(mapped(503, { error: 'unavailable' }).code).toBe('unreachable');
    expect(mapped(504, '<html>').code).toBe('unreachable');
    expect(mapped(500, null).code).toBe('protocol_error');
    expect(mapped(400, { error: 'something_new' })).toMatchObject({
      code: 'protocol_error',
      message: expect.stringContaining('HTTP 400 something_new'),
    });
  });

  it('knows the gateway statuses', () => {
    expect([500, 501, 502, 503, 504, 505].map(isGatewayStatus)).toEqual([
      false,
      false,
      true,
      true,
      true,
      false,
    ]);
  });
});

describe('parseAnswer', () => {
  const schema = z.object({ active: z.number(), byUser: z.array(z.string()) });

  it('returns an answer that fits its shape', () => {
    expect(parseAnswer(reply(200, { active: 2, byUser: ['a'] }), schema)).toEqual({
      active: 2,
      byUser: ['a'],
    });
  });

  it('maps an answer of the wrong shape to protocol_error, naming where', async () => {
    const wrong = async (): Promise<unknown> =>
      parseAnswer(reply(200, { active: 'many', byUser: [] }), schema);

    expect(await errorOf(wrong())).toMatchObject({
      code: 'protocol_error',
      message: expect.stringContaining('(at active)'),
    });
  });
});

describe('parseRetryAfter', () => {
  const now = Date.parse('2026-11-28T12:00:00Z');

  it('reads seconds, rounding up, and an HTTP date from now', () => {
    expect(parseRetryAfter('0', now)).toBe(0);
    expect(parseRetryAfter('1.2', now)).toBe(2);
    expect(parseRetryAfter(['30', '60'], now)).toBe(30);
    expect(parseRetryAfter('Sat, 28 Nov 2026 12:01:30 GMT', now)).toBe(90);
    expect(parseRetryAfter('Sat, 28 Nov 2026 11:00:00 GMT', now)).toBe(0);
  });

  it('gives null for a missing or unreadable value', () => {
    expect(parseRetryAfter(undefined, now)).toBeNull();
    expect(parseRetryAfter('', now)).toBeNull();
    expect(parseRetryAfter('soon', now)).toBeNull();
  });
});

describe('networkError', () => {
  const context = () => {
    const { logger, lines } = capturingLogger();
    return { baseUrl: 'https://box.example.com:8443/quickbox', connectMs: 100, logger, lines };
  };
  const mapNetwork = async (error: unknown): Promise<AppError> =>
    (await networkError(error, context())).appError;

  it('keeps a CoreError as it is', async () => {
    const own = new CoreError({ code: 'protocol_error', message: 'too large' });

    expect(await networkError(own, context())).toBe(own);
  });

  it('maps a refused pin to tls_pin_mismatch with the fingerprints', async () => {
    const error = await mapNetwork(new PinMismatchError('AB:CD', null));

    expect(error).toMatchObject({
      code: 'tls_pin_mismatch',
      expectedFingerprint: 'AB:CD',
      certificate: null,
    });
  });

  it('maps undici timeouts by phase, from the error or its cause', async () => {
    const connect = await mapNetwork({ code: 'UND_ERR_CONNECT_TIMEOUT' });
    const headers = await mapNetwork(
      new Error('x', { cause: { code: 'UND_ERR_HEADERS_TIMEOUT' } }),
    );
    const body = await mapNetwork({ code: 'UND_ERR_BODY_TIMEOUT' });

    expect([connect, headers, body]).toMatchObject([
      { code: 'timeout', phase: 'connect' },
      { code: 'timeout', phase: 'headers' },
      { code: 'timeout', phase: 'body' },
    ]);
  });

  it('maps anything else to unreachable, naming the origin and the code, and logs it', async () => {
    const where = context();

    const refused = (await networkError({ code: 'ECONNREFUSED' }, where)).appError;
    const unknown = await mapNetwork(new Error('socket hang up'));

    expect(refused).toEqual({
      code: 'unreachable',
      message: 'The server cannot be reached at https://box.example.com:8443 (ECONNREFUSED).',
    });
    expect(unknown).toEqual({
      code: 'unreachable',
      message: 'The server cannot be reached at https://box.example.com:8443.',
    });
    expect(where.lines.join('\n')).toContain('ECONNREFUSED');
  });
});
