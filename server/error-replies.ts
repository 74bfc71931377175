/**
 * Every error the reference server answers has the contract's body, `{ error, message, ... }`:
 * route refusals through `sendError`, and the failures Fastify itself meets (bodies it cannot
 * parse, unknown paths, paths that do not decode, requests that are not HTTP, unexpected
 * exceptions) through the handlers here, so that Fastify's own error bodies never go out.
 */

import type { Socket } from 'node:net';
import type { FastifyError, FastifyReply, FastifyRequest, FastifyServerOptions } from 'fastify';
import { fastifyPlugin } from 'fastify-plugin';
import type { ApiErrorBody, ApiErrorCode } from '../src-shared/quickbox';
import { BODY_LIMIT_BYTES } from './json-body';
import type { RequestPart } from './request-checks';
import { REQUEST_PARTS } from './request-checks';

const JSON_TYPE = 'application/json; charset=utf-8';

/** Answers with the contract's error body; returns the reply, for a hook or handler to return. */
export function sendError(
  reply: FastifyReply,
  status: number,
  error: ApiErrorCode,
  message: string,
  extra: Omit<ApiErrorBody, 'error' | 'message'> = {},
): FastifyReply {
  return reply
    .code(status)
    .type(JSON_TYPE)
    .send({ error, message, ...extra });
}

/** The contract's body for any unexpected failure (no stack trace, no detail). */
export const INTERNAL_ERROR = {
  error: 'internal_error',
  message: 'The server failed to handle the request.',
} as const satisfies ApiErrorBody;
const BAD_REQUEST = 'The request could not be understood.';

/**
 * Errors Fastify raises before routing (a path that does not decode, say) get the contract's
 * error body too, instead of Fastify's own `{ "error": "Bad Request", ... }`.
 */
export const frameworkErrors: NonNullable<FastifyServerOptions['frameworkErrors']> = (
  error,
  _request,
  generic,
) => {
  // The option's reply type is generic over route schemas this app does not declare.
  const reply = generic as unknown as FastifyReply;
  const status = error.statusCode ?? 400;
  if (status >= 500) void sendError(reply, status, INTERNAL_ERROR.error, INTERNAL_ERROR.message);
  else void sendError(reply, status, 'bad_request', BAD_REQUEST);
};

/** Requests that are not valid HTTP: answered with the contract's error body, then closed. */
export function clientErrorHandler(error: NodeJS.ErrnoException, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const [status, reason, code, message]: [number, string, ApiErrorCode, string] =
    error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
      ? [408, 'Request Timeout', 'request_timeout', 'The request took too long to arrive.']
      : error.code === 'HPE_HEADER_OVERFLOW'
        ? [
            431,
            'Request Header Fields Too Large',
            'headers_too_large',
            'The headers are too large.',
          ]
        : [400, 'Bad Request', 'bad_request', 'The request is not valid HTTP.'];
  const body = JSON.stringify({ error: code, message });
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${status} ${reason}\r\nContent-Type: ${JSON_TYPE}\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy(error);
}

/**
 * A request that failed its route's schema (see request-checks.ts): the route's own answer,
 * or 400 `bad_request` naming what is wrong. Null when the error is not a schema refusal.
 */
function schemaRefusal(
  error: FastifyError,
  request: FastifyRequest,
  reply: FastifyReply,
): FastifyReply | null {
  const part = error.validationContext;
  if (!error.validation || !(REQUEST_PARTS as readonly string[]).includes(part ?? '')) return null;
  const path = error.validation[0]?.instancePath ?? '';
  const answer = request.routeOptions.config.invalidRequest?.(request, reply, {
    part: part as RequestPart,
    path,
  });
  if (answer) return answer;
  return sendError(reply, 400, 'bad_request', `The request is not valid: ${error.message}.`);
}

/**
 * The error and not-found handlers of the whole app (shared through fastify-plugin, so they
 * apply to every route plugin): body failures keep their contract codes, schema refusals get
 * their route's, other client errors are `bad_request`, and anything unexpected is `internal_error` without a stack trace.
 */
export const errorReplies = fastifyPlugin(
  async (app) => {
    app.setErrorHandler((error: FastifyError, request, reply) => {
      const refused = schemaRefusal(error, request, reply);
      if (refused) return refused;
      if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE' || error.statusCode === 413) {
        return sendError(
          reply,
          413,
          'payload_too_large',
          `Request bodies are limited to ${BODY_LIMIT_BYTES} bytes.`,
        );
      }
      if (error.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || error instanceof SyntaxError) {
        return sendError(reply, 400, 'malformed_json', 'The request body is not valid JSON.');
      }
      if (error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
        return sendError(
          reply,
          415,
          'unsupported_media_type',
          'Request bodies must be application/json.',
        );
      }
      if (
        typeof error.statusCode === 'number' &&
        error.statusCode >= 400 &&
        error.statusCode < 500
      ) {
        return sendError(reply, error.statusCode, 'bad_request', BAD_REQUEST);
      }
      // Log the cause for the operator when logging is on; the client gets no stack trace.
      reply.log.error({ err: error }, 'request failed');
      // A header the route set may be the failure itself (Node refuses to write it): the 500
      // goes out with none of them, or Fastify would fall back to its own body.
      for (const name of Object.keys(reply.getHeaders())) reply.removeHeader(name);
      return sendError(reply, 500, INTERNAL_ERROR.error, INTERNAL_ERROR.message);
    });

    app.setNotFoundHandler((request, reply) =>
      sendError(
        reply,
        404,
        'not_found',
        `There is no ${request.method} ${request.url.split('?')[0]} here.`,
      ),
    );
  },
  { name: 'error-replies' },
);
