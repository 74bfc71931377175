/**
 * The handler table: one function per request channel of the contract. Each parses its
 * payload from `unknown` with the channel's schema, calls the service, and returns a
 * Result. A handler never throws: an unexpected failure becomes `internal` with a safe
 * message (no stack, no secret) and is logged.
 */

import {
  REQUEST_CHANNELS,
  requestSchemas,
  type ParsedRequestOf,
  type RequestChannel,
  type ResponseOf,
  type Result,
} from '../../src-shared/ipc-contract';
import { toAppError } from './core-error';
import type { Logger } from './logger';
import type { ServerService } from './server-service';

/** One never-throwing function per request channel. */
export type HandlerTable = {
  [C in RequestChannel]: (payload: unknown) => Promise<Result<ResponseOf<C>>>;
};

type Implementations = {
  [C in RequestChannel]: (request: ParsedRequestOf<C>) => Promise<ResponseOf<C>> | ResponseOf<C>;
};

function implementations(service: ServerService): Implementations {
  return {
    'servers:list': () => service.list(),
    'servers:test-draft': (draft) => service.testDraft(draft),
    'servers:add': (draft) => service.add(draft),
    'servers:update': (request) => service.update(request),
    'servers:remove': ({ id }) => service.remove(id),
    'servers:reorder': ({ ids }) => service.reorder(ids),
    'servers:test': ({ id }) => service.test(id),
    'servers:pin-certificate': ({ id, fingerprint }) => service.pinCertificate(id, fingerprint),
    'servers:mark-read': ({ id }) => {
      service.markRead(id);
      return { read: true };
    },
    'servers:export': () => service.export(),
    'servers:import': ({ json }) => service.import(json),
    'settings:get': ({ serverId }) => service.getSettings(serverId),
    'settings:save': (request) => service.saveSettings(request),
    'sessions:list': (request) => service.listSessions(request),
    'sessions:summary': ({ serverId }) => service.summary(serverId),
    'sessions:revoke': ({ serverId, sessionId }) => service.revoke(serverId, sessionId),
    'sessions:invalidate-all': ({ serverId, typedName }) =>
      service.invalidateAll(serverId, typedName),
  };
}

function wrap<C extends RequestChannel>(
  channel: C,
  implementation: Implementations[C],
  logger: Logger,
): (payload: unknown) => Promise<Result<ResponseOf<C>>> {
  return async (payload: unknown): Promise<Result<ResponseOf<C>>> => {
    try {
      const parsed = requestSchemas[channel].safeParse(payload);
      if (!parsed.success) {
        return {
          ok: false,
          error: {
            code: 'invalid_request',
            message: `The request to ${channel} is not valid.`,
            issues: parsed.error.issues.slice(0, 20).map((issue) => ({
              path: issue.path.map(String).join('.'),
              message: issue.message,
            })),
          },
        };
      }
      const value = await implementation(parsed.data as ParsedRequestOf<C>);
      return { ok: true, value };
    } catch (error) {
      const appError = toAppError(error);
      if (appError.code === 'internal') {
        logger.error('handler failed unexpectedly', {
          channel,
          error: error instanceof Error ? `${error.name}: ${error.message}` : typeof error,
        });
      }
      return { ok: false, error: appError };
    }
  };
}

/** Builds the handler table over the service. */
export function createHandlerTable(service: ServerService, logger: Logger): HandlerTable {
  const impl = implementations(service);
  const table: Partial<Record<RequestChannel, unknown>> = {};
  for (const channel of REQUEST_CHANNELS) {
    table[channel] = wrap(channel, impl[channel] as Implementations[typeof channel], logger);
  }
  return table as HandlerTable;
}
