/**
 * How the routes' request schemas are applied, in the contract's check order. Fastify reads
 * the body (413 / 400 `malformed_json` / 415), runs the `preValidation` hooks (credentials 401,
 * permission 403, a route's 428 / 412), then validates params, body, querystring and headers
 * against the route's schemas: so a schema refusal is a content check, after the others. A
 * refusal never goes out in Ajv's shape: the route's `invalidRequest` answers it with the
 * contract's code (422 `invalid_settings`, 400 `confirmation_required`, `invalid_cursor`), or
 * it is 400 `bad_request` naming what is wrong.
 *
 * Ajv runs without coercion, defaults or removal, so a handler sees exactly what was sent;
 * the one exception is the clamped integers of a query, which `clampQuery` turns into numbers
 * within their schema's range before validation (the contract clamps them, it never refuses).
 */

import type {
  FastifyReply,
  FastifyRequest,
  FastifyServerOptions,
  preValidationAsyncHookHandler,
} from 'fastify';
import type { JsonSchema } from './settings-json-schema';
import { clampInteger } from './wire-values';

/** The parts of a request a schema covers, as Fastify names them in a validation error. */
export const REQUEST_PARTS = ['body', 'querystring', 'params', 'headers'] as const;

/** A part of a request a schema covers. */
export type RequestPart = (typeof REQUEST_PARTS)[number];

/** What failed a route's schema: the part, and the path of the value in it ("/cursor"). */
export interface SchemaRefusal {
  part: RequestPart;
  path: string;
}

/** How a route answers a request that fails its schema; null leaves it 400 `bad_request`. */
export type InvalidRequestReply = (
  request: FastifyRequest,
  reply: FastifyReply,
  refusal: SchemaRefusal,
) => FastifyReply | null;

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The route's answer to a request that fails its schema (400 `bad_request` without it). */
    invalidRequest?: InvalidRequestReply;
  }
}

/**
 * Fastify's `ajv` option: no type coercion, no defaults filled in, nothing removed (Fastify's
 * defaults would turn `"30"` into 30 or drop an unknown settings key before the contract's
 * checks see them).
 */
export const AJV_OPTIONS: NonNullable<FastifyServerOptions['ajv']> = {
  customOptions: { coerceTypes: false, useDefaults: false, removeAdditional: false },
};

/**
 * The preValidation hook that clamps a query's integers to their schema's `minimum` and
 * `maximum`; a value that is not a whole number (or is repeated) is the schema's `default`.
 * The bounds are read from the schema, so the document and the clamping cannot differ.
 */
export function clampQuery(querystring: JsonSchema): preValidationAsyncHookHandler {
  const properties = (querystring.properties ?? {}) as Record<string, JsonSchema>;
  const integers = Object.entries(properties).flatMap(([key, schema]) =>
    schema.type === 'integer'
      ? [
          {
            key,
            min: schema.minimum as number,
            max: schema.maximum as number,
            fallback: schema.default as number,
          },
        ]
      : [],
  );
  return async (request) => {
    const query = request.query as Record<string, unknown>;
    for (const { key, min, max, fallback } of integers) {
      query[key] = clampInteger(query[key], min, max, fallback);
    }
  };
}
