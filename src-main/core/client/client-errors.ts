/**
 * The error mapping of the QuickBox client: every way a call can fail (an HTTP error
 * answer, a body that is not the API's, a refused certificate, a timeout, a dead port)
 * becomes one typed AppError thrown as a CoreError, with a message an admin can act on.
 * The transport and the endpoints call these; nothing else in core reads HTTP statuses.
 */

import type { z } from 'zod';
import type { AppError } from '../../../src-shared/errors';
import { CoreError } from '../support/core-error';
import { isApiErrorCode } from '../../../src-shared/quickbox';
import { settingsDocumentSchema } from '../../../src-shared/settings-schema';
import { errorBodySchema } from './client-wire';
import type { Logger } from '../support/logger';
import { fetchCertificate, isUntrustedCertificateCode, PinMismatchError } from './tls-trust';

/** A JSON answer of the server, whatever its status (null for an empty body). */
export interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  json: unknown;
}

/** An answer that is not one the QuickBox session API gives. */
export function protocolError(detail: string): CoreError {
  return new CoreError({
    code: 'protocol_error',
    message: `The server's answer is not what the QuickBox session API returns: ${detail}.`,
  });
}

/**
 * The error of credentials the server rejected; the client refuses to use them again. The
 * message is the server's refusal only: what follows from the reason (no sign-in until the
 * credentials change) is said by whoever shows it (a saved server's status, the app's words).
 */
export function rejectedCredentials(message: string): CoreError {
  return new CoreError({ code: 'unauthorized', message, reason: 'credentials_rejected' });
}

function unavailableError(status: number): CoreError {
  return new CoreError({
    code: 'unreachable',
    message: `The server is not available right now (HTTP ${status}).`,
  });
}

/**
 * Credentials are never sent in clear text over a network: over http:// they may only go to
 * this computer (a local server, or an SSH tunnel to one).
 */
export function cleartextError(): CoreError {
  return new CoreError({
    code: 'invalid_request',
    message:
      'The password or API key would cross the network unencrypted over http://; nothing was sent.',
    issues: [
      {
        path: 'baseUrl',
        message: 'must start with https:// (http:// is only for a server on this computer)',
      },
    ],
  });
}

/** A gateway status: the server behind a proxy is down or slow, whatever the proxy's body says. */
export function isGatewayStatus(status: number): boolean {
  return status === 502 || status === 503 || status === 504;
}

/** Seconds to wait from a `Retry-After` header (seconds or an HTTP date), null without one. */
export function parseRetryAfter(
  value: string | string[] | undefined,
  now: number = Date.now(),
): number | null {
  const text = Array.isArray(value) ? value[0] : value;
  if (!text) return null;
  const seconds = Number(text);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.ceil(seconds);
  const date = Date.parse(text);
  return Number.isNaN(date) ? null : Math.max(0, Math.ceil((date - now) / 1000));
}

/** Checks an answer against its wire shape: one that does not fit is a protocol_error. */
export function parseAnswer<T>(reply: Reply, schema: z.ZodType<T>): T {
  const parsed = schema.safeParse(reply.json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue && issue.path.length > 0 ? ` (at ${issue.path.join('.')})` : '';
    throw protocolError(`the body does not have the expected shape${where}`);
  }
  return parsed.data;
}

/** The AppError of a non-2xx reply, or null for a success. */
export function statusError(reply: Reply): CoreError | null {
  if (reply.status >= 200 && reply.status < 300) return null;
  const parsed = errorBodySchema.safeParse(reply.json);
  if (!parsed.success) {
    if (isGatewayStatus(reply.status)) return unavailableError(reply.status);
    return protocolError(`HTTP ${reply.status} without an error body`);
  }
  const body = parsed.data;
  const code = body.error;
  // A code the contract does not define (a newer server, a proxy) is told apart first, so the
  // switch below is over the closed union and TypeScript refuses it when a code is missing.
  if (!isApiErrorCode(code)) return unexpectedAnswer(reply, code);
  const error = (appError: AppError): CoreError => new CoreError(appError);
  switch (code) {
    case 'invalid_credentials':
    case 'unauthenticated':
      return error({
        code: 'unauthorized',
        message:
          code === 'invalid_credentials'
            ? 'The server did not accept the username or password.'
            : 'The server did not accept the credentials (unknown, revoked or expired).',
      });
    case 'otp_required':
      return error({
        code: 'otp_required',
        message:
          'This account uses two-factor authentication: enter the current code from the authenticator app.',
      });
    case 'forbidden':
      return error({
        code: 'forbidden',
        message: `These credentials lack the permission ${body.permission ?? 'needed'} for this.`,
        permission: body.permission ?? 'unknown',
      });
    case 'rate_limited': {
      const retryAfterSeconds = parseRetryAfter(reply.headers['retry-after']);
      return error({
        code: 'rate_limited',
        message:
          retryAfterSeconds === null
            ? 'The server is refusing attempts for a while (too many).'
            : `The server is refusing attempts for ${retryAfterSeconds} seconds (too many).`,
        retryAfterSeconds,
      });
    }
    case 'version_conflict': {
      const current = settingsDocumentSchema.safeParse(body.current);
      if (!current.success) return protocolError('a version conflict without the current settings');
      return error({
        code: 'version_conflict',
        message: `Someone else changed these settings (now version ${current.data.version}, by ${current.data.updatedBy}) since you opened them.`,
        current: current.data,
      });
    }
    case 'invalid_settings':
      return error({
        code: 'invalid_settings',
        message: 'The server refused the settings.',
        errors: body.errors ?? [],
      });
    case 'not_found':
      return error({
        code: 'not_found',
        message: 'The server has no active session with that id: it has ended, or never existed.',
        what: 'session',
      });
    case 'invalid_cursor':
      return error({
        code: 'invalid_request',
        message: 'The page cursor is not valid any more; start from the first page.',
        issues: [{ path: 'cursor', message: 'unknown cursor' }],
      });
    // The app always sends If-Match, the confirmation phrase, and small valid JSON, so these
    // answers, and the server's own failures, are not ones it can act on.
    case 'precondition_required':
    case 'confirmation_required':
    case 'payload_too_large':
    case 'malformed_json':
    case 'bad_request':
    case 'unsupported_media_type':
    case 'request_timeout':
    case 'headers_too_large':
    case 'internal_error':
      return unexpectedAnswer(reply, code);
  }
}

/** An error answer the app has no meaning for: a gateway's, or a protocol error naming it. */
function unexpectedAnswer(reply: Reply, code: string): CoreError {
  if (isGatewayStatus(reply.status)) return unavailableError(reply.status);
  return protocolError(`HTTP ${reply.status} ${code}`);
}

/** Milliseconds as seconds for a sentence: 1200 -> "1.2 s". */
export function secondsText(ms: number): string {
  return `${Number((ms / 1000).toFixed(1))} s`;
}

/** A request that outlived its total deadline (an answer trickled, or never ended). */
export function deadlineError(totalMs: number): CoreError {
  return new CoreError({
    code: 'timeout',
    message: `The server did not finish its answer within ${secondsText(totalMs)}.`,
    phase: 'total',
  });
}

/** Where a transport failure happened, for its message and for a certificate to show. */
export interface NetworkContext {
  baseUrl: string;
  connectMs: number;
  logger: Logger;
  /** The proxy of the origin, for the certificate fetched through it (default: none). */
  proxyFor?: (origin: string) => Promise<string | null>;
}

function errorCode(error: unknown): string | undefined {
  const own = (error as { code?: unknown } | null)?.code;
  if (typeof own === 'string') return own;
  const cause = (error as { cause?: { code?: unknown } } | null)?.cause?.code;
  return typeof cause === 'string' ? cause : undefined;
}

/**
 * OpenSSL's answer when the other end of a TLS handshake is not TLS: a plain HTTP server
 * answers the ClientHello with "HTTP/1.1 400", which reads as a record of a wrong version
 * or an impossible length.
 */
const NOT_TLS_CODES: ReadonlySet<string> = new Set([
  'ERR_SSL_WRONG_VERSION_NUMBER',
  'ERR_SSL_PACKET_LENGTH_TOO_LONG',
]);

/** Whether a URL's host is this computer, where plain http:// crosses no network. */
export function isLoopbackHost(hostname: string): boolean {
  return (
    hostname === 'localhost' ||
    hostname === '[::1]' ||
    /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(hostname)
  );
}

/** An https:// address whose server answered in plain HTTP: it did answer, without TLS. */
export function plainHttpError(baseUrl: string): CoreError {
  const url = new URL(baseUrl);
  const next = isLoopbackHost(url.hostname)
    ? `This one is: write the address as http://${url.host}${url.pathname === '/' ? '' : url.pathname}.`
    : 'Turn on HTTPS on the server, or reach it through an SSH tunnel and use the http:// address of the tunnel.';
  return new CoreError({
    code: 'unreachable',
    reason: 'plain_http',
    message: `The server at ${url.origin} answered, but not over HTTPS; this address serves plain HTTP. Plain HTTP is allowed only for a server on this computer (localhost, 127.x.x.x, [::1], or an SSH tunnel to one). ${next}`,
  });
}

/** The AppError of a transport failure (no HTTP answer). */
export async function networkError(error: unknown, context: NetworkContext): Promise<CoreError> {
  if (error instanceof CoreError) return error;
  if (error instanceof PinMismatchError) {
    return new CoreError({
      code: 'tls_pin_mismatch',
      message:
        'The server presented a different certificate from the one you pinned. This can mean someone is intercepting the connection, or the certificate was replaced. Nothing was sent.',
      expectedFingerprint: error.expected,
      certificate: error.certificate,
    });
  }
  const code = errorCode(error);
  if (code !== undefined && NOT_TLS_CODES.has(code)) return plainHttpError(context.baseUrl);
  if (isUntrustedCertificateCode(code)) {
    // The handshake was refused, so the certificate is fetched once more to show the admin.
    const certificate = await fetchCertificate(
      context.baseUrl,
      context.connectMs,
      context.proxyFor,
    );
    return new CoreError({
      code: 'tls_untrusted',
      message:
        "The server's certificate is not trusted by this computer. Check its fingerprint with the server's administrator before you pin it.",
      reason: code ?? 'untrusted',
      certificate,
    });
  }
  switch (code) {
    case 'UND_ERR_CONNECT_TIMEOUT':
      return new CoreError({
        code: 'timeout',
        message: 'The server did not accept a connection in time.',
        phase: 'connect',
      });
    case 'UND_ERR_HEADERS_TIMEOUT':
      return new CoreError({
        code: 'timeout',
        message: 'The server did not answer in time.',
        phase: 'headers',
      });
    case 'UND_ERR_BODY_TIMEOUT':
      return new CoreError({
        code: 'timeout',
        message: 'The server stopped sending its answer.',
        phase: 'body',
      });
    default: {
      const origin = new URL(context.baseUrl).origin;
      context.logger.warn('client: request failed', { origin, code: code ?? null });
      return new CoreError({
        code: 'unreachable',
        message: `The server cannot be reached at ${origin}${code ? ` (${code})` : ''}.`,
      });
    }
  }
}
