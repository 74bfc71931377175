/**
 * What @fastify/swagger is told besides the routes' schemas: the document's title and
 * description, where a server runs, the three ways of sending credentials, and the tags. The
 * shared schemas keep their `$id` as their name under `components.schemas`.
 */

import type { SwaggerOptions } from '@fastify/swagger';

const DESCRIPTION = `The HTTP contract of the QuickBox Session Companion (docs/session-api.md): what the desktop app speaks to a QuickBox Pro server's session settings, active sessions and events, and what the reference server in this repository implements. Whoever puts a shim in front of a real QuickBox server implements this document.

All bodies are JSON (application/json; charset=utf-8) except the event stream. Times are ISO 8601 UTC. Durations are whole minutes, except remember-me (days).

Checks run in this order: 413 payload_too_large / 400 malformed_json / 415 (body); 401; 403; 428 / 412 (version); then content checks (422 invalid_settings, 400 confirmation_required or invalid_cursor, 404 not_found). Every error body is { "error": "<code>", "message": "<human sentence>", ... }.

Credentials: an admin account's token (from POST /api/auth/login) as Authorization: Bearer or as the qb_session cookie, or a local API key as X-API-Key (scope read: admin.sessions.read; write adds admin.settings.update). X-API-Key wins when present.

Generated from the reference server's route schemas: npm run openapi.`;

/** The options of @fastify/swagger for the app (`version`: the server's). */
export function swaggerOptions(version: string): SwaggerOptions {
  return {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'QuickBox Session Companion: session API',
        description: DESCRIPTION,
        version,
        license: { name: 'MIT', identifier: 'MIT' },
      },
      servers: [
        {
          url: 'http://127.0.0.1:8787',
          description:
            'A reference server: npm run server -- --port 8787 --data <folder> (add --tls-self-signed for https).',
        },
        {
          url: '{origin}',
          description: 'A QuickBox Pro server, or a shim in front of one.',
          variables: { origin: { default: 'https://quickbox.example.com' } },
        },
      ],
      components: {
        securitySchemes: {
          bearer: {
            type: 'http',
            scheme: 'bearer',
            description:
              'The token of POST /api/auth/login; it lives exactly as long as the session.',
          },
          apiKey: {
            type: 'apiKey',
            in: 'header',
            name: 'X-API-Key',
            description: 'A local API key (scopes read, write). No login, no session.',
          },
          sessionCookie: {
            type: 'apiKey',
            in: 'cookie',
            name: 'qb_session',
            description: 'The session cookie login sets; it carries the same token.',
          },
        },
      },
      tags: [
        { name: 'health', description: 'No credentials needed.' },
        { name: 'auth', description: 'Sign in, who am I, sign out.' },
        { name: 'settings', description: 'The session settings, versioned by ETag.' },
        { name: 'sessions', description: 'Active sessions.' },
        { name: 'events', description: 'What the tray notifications come from.' },
      ],
    },
    // OpenAPI 3.1 has const (JSON Schema 2020-12): keep it as written.
    convertConstToEnum: false,
    refResolver: {
      buildLocalReference: (json, _baseUri, _fragment, i) =>
        typeof json.$id === 'string' ? json.$id : `def-${i}`,
    },
  };
}
