/**
 * The settings plugin: `GET` and `PUT /api/settings/sessions`. A PUT runs the contract's
 * checks in order: credentials and permission (the authentication hook), then `If-Match`
 * (428 without it, 412 when stale), then the shared `validateSettings` (422). The version in
 * double quotes is the `ETag`.
 */

import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import type { SessionSettings, SessionSettingsDocument } from '../src-shared/settings';
import { validateSettings } from '../src-shared/settings';
import { READ, UPDATE, callerOf } from './authentication';
import type { ServerContext } from './context';
import { sendError } from './error-replies';

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

/** The settings routes. */
export const settingsRoutes: FastifyPluginAsync<ServerContext> = async (app, { store, hub }) => {
  app.get(
    '/api/settings/sessions',
    { preHandler: app.authenticate(READ) },
    async (_request, reply) => {
      const document = store.settings();
      return withEtag(reply, document).send(document);
    },
  );

  app.put(
    '/api/settings/sessions',
    { preHandler: app.authenticate(UPDATE) },
    async (request, reply) => {
      const caller = callerOf(request);
      const ifMatch = request.headers['if-match'];
      if (typeof ifMatch !== 'string' || ifMatch.trim() === '') {
        return sendError(
          reply,
          428,
          'precondition_required',
          'Send If-Match with the version you edited (the ETag of GET).',
        );
      }
      const current = store.settings();
      if (!matchesIfMatch(ifMatch, current.version)) {
        return sendError(
          withEtag(reply, current),
          412,
          'version_conflict',
          `The settings changed since you read them (now version ${current.version}).`,
          { current },
        );
      }
      const { errors } = validateSettings(request.body);
      if (errors.length > 0) {
        return sendError(reply, 422, 'invalid_settings', 'The settings are not valid.', { errors });
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
