/**
 * The settings plugin: `GET` and `PUT /api/settings/sessions`. A PUT runs the contract's
 * checks in order: credentials and permission (the authentication hook), then `If-Match`
 * (428 without it, 412 when stale), both before the body's schema is applied; then the
 * schema and the shared `validateSettings` (422, with `validateSettings`' issues either way).
 * The version in double quotes is the `ETag`.
 */

import type {
  FastifyPluginAsync,
  FastifyReply,
  FastifyRequest,
  preValidationAsyncHookHandler,
} from 'fastify';
import type { SessionSettings, SessionSettingsDocument } from '../src-shared/settings';
import { validateSettings } from '../src-shared/settings';
import { READ, UPDATE, callerOf } from './authentication';
import type { ServerContext } from './context';
import { sendError } from './error-replies';
import type { InvalidRequestReply } from './request-checks';
import { getSettingsSchema, putSettingsSchema } from './route-schemas';

// A list of entity tags is accepted; weak tags compare equal to strong ones and `*` matches
// (RFC 9110 section 13.1.1).
function matchesIfMatch(header: string, version: number): boolean {
  return header
    .split(',')
    .map((tag) => tag.trim().replace(/^W\//, ''))
    .some((tag) => tag === '*' || tag === `"${version}"`);
}

function withEtag(reply: FastifyReply, document: SessionSettingsDocument): FastifyReply {
  return reply.header('etag', `"${document.version}"`);
}

function refuseSettings(reply: FastifyReply, body: unknown): FastifyReply {
  const { errors } = validateSettings(body);
  // The body schema is never stricter than validateSettings (test/server/openapi-schemas.test.ts):
  // a refusal without its issues would be a fault of the schema, answered as one (500).
  if (errors.length === 0) throw new Error('the settings schema refused a valid body');
  return sendError(reply, 422, 'invalid_settings', 'The settings are not valid.', { errors });
}

/** The settings routes. */
export const settingsRoutes: FastifyPluginAsync<ServerContext> = async (app, { store, hub }) => {
  app.get(
    '/api/settings/sessions',
    { schema: getSettingsSchema, preValidation: app.authenticate(READ) },
    async (_request, reply) => {
      const document = store.settings();
      return withEtag(reply, document).send(document);
    },
  );

  // 428 or 412 for a PUT whose If-Match is missing or stale; null when it names the version.
  const preconditionFailure = (
    request: FastifyRequest,
    reply: FastifyReply,
  ): FastifyReply | null => {
    const header = request.headers['if-match'];
    if (typeof header !== 'string' || header.trim() === '') {
      return sendError(
        reply,
        428,
        'precondition_required',
        'Send If-Match with the version you edited (the ETag of GET).',
      );
    }
    const current = store.settings();
    if (!matchesIfMatch(header, current.version)) {
      return sendError(
        withEtag(reply, current),
        412,
        'version_conflict',
        `The settings changed since you read them (now version ${current.version}).`,
        { current },
      );
    }
    return null;
  };
  // 428 and 412 come before the content: a preValidation hook, after the authentication one.
  const ifMatch: preValidationAsyncHookHandler = async (request, reply) => {
    const refused = preconditionFailure(request, reply);
    if (refused) return refused;
  };
  const invalidRequest: InvalidRequestReply = (request, reply) =>
    refuseSettings(reply, request.body);

  app.put(
    '/api/settings/sessions',
    {
      schema: putSettingsSchema,
      preValidation: [app.authenticate(UPDATE), ifMatch],
      config: { invalidRequest },
    },
    async (request, reply) => {
      const caller = callerOf(request);
      // Checked again where the save happens, so no other save can slip in between.
      const stale = preconditionFailure(request, reply);
      if (stale) return stale;
      // The schema checks each value; the relations between them are validateSettings' alone.
      if (validateSettings(request.body).errors.length > 0) {
        return refuseSettings(reply, request.body);
      }
      const { document, event } = store.updateSettings(
        request.body as SessionSettings,
        caller.actor,
      );
      if (event) hub.deliver();
      return withEtag(reply, document).send(document);
    },
  );
};
