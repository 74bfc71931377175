/**
 * How request bodies are read: JSON only, up to the contract's 64 KiB, an empty body counted
 * as none. The limit is checked before the media type, so an oversized body is 413 whatever
 * its type, and both come before any credential check (the contract's check order).
 */

import { errorCodes } from 'fastify';
import { fastifyPlugin } from 'fastify-plugin';

/** The contract's request body limit: 64 KiB (Fastify's `bodyLimit`). */
export const BODY_LIMIT_BYTES = 64 * 1024;

/**
 * Replaces Fastify's body parsers for the whole app (shared through fastify-plugin). An empty
 * body is no body (clients send Content-Type on body-less POSTs); anything else must be JSON.
 * `__proto__` and `constructor` keys are well-formed JSON, so they are kept as plain own
 * properties (JSON.parse never touches a prototype) and a settings body that has them is 422
 * `unknown_field`, not 400; no handler merges a body into another object.
 */
export const jsonBody = fastifyPlugin(
  async (app) => {
    const defaultJson = app.getDefaultJsonParser('ignore', 'ignore');
    // Fastify also parses text/plain by default; only JSON is accepted here.
    app.removeContentTypeParser(['application/json', 'text/plain']);
    app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
      const text = typeof body === 'string' ? body : body.toString('utf8');
      if (text.trim() === '') {
        done(null, undefined);
        return;
      }
      defaultJson(request, text, done);
    });
    // Any other body (or one without a Content-Type) is read up to the limit before it is
    // refused as 415, so an oversized body is 413 whatever its type (the body is checked first).
    app.addContentTypeParser('*', { parseAs: 'buffer' }, (request, _body, done) => {
      done(new errorCodes.FST_ERR_CTP_INVALID_MEDIA_TYPE(request.headers['content-type'] ?? ''));
    });
  },
  { name: 'json-body' },
);
