/**
 * The handler table: one function per request channel of the contract. Each parses its
 * payload from `unknown` with the channel's schema, calls its service, and returns a
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
import type { ActivityService } from './activity/activity-service';
import { toAppError } from './support/core-error';
import type { DriftService } from './drift/drift-service';
import type { LanguageService } from './language/language-service';
import type { Logger } from './support/logger';
import type { MuteService } from './registry/mute-service';
import type { FleetApplier } from './fleet/fleet-apply';
import type { FleetPlanner } from './fleet/fleet-plans';
import type { FleetSnapshots } from './fleet/fleet-snapshot';
import type { FleetTransfer } from './fleet/fleet-transfer';
import type { ProfileService } from './profiles/profile-service';
import type { ServerManagement } from './registry/server-management';
import type { ServerTransfer } from './registry/server-transfer';
import type { SessionService } from './sessions/session-service';
import type { SettingsService } from './settings/settings-service';

/** The services behind the request channels. */
export interface HandlerServices {
  management: ServerManagement;
  transfer: ServerTransfer;
  settings: SettingsService;
  sessions: SessionService;
  profiles: ProfileService;
  snapshots: FleetSnapshots;
  planner: FleetPlanner;
  applier: FleetApplier;
  fleetTransfer: FleetTransfer;
  drift: DriftService;
  activity: ActivityService;
  mutes: MuteService;
  language: LanguageService;
}

/** One never-throwing function per request channel. */
export type HandlerTable = {
  [C in RequestChannel]: (payload: unknown) => Promise<Result<ResponseOf<C>>>;
};

type Implementations = {
  [C in RequestChannel]: (request: ParsedRequestOf<C>) => Promise<ResponseOf<C>> | ResponseOf<C>;
};

function implementations({
  management,
  transfer,
  settings,
  sessions,
  profiles,
  snapshots,
  planner,
  applier,
  fleetTransfer,
  drift,
  activity,
  mutes,
  language,
}: HandlerServices): Implementations {
  return {
    'servers:list': () => management.list(),
    'servers:test-draft': (draft) => management.testDraft(draft),
    'servers:add': (draft) => management.add(draft),
    'servers:update': (request) => management.update(request),
    'servers:remove': ({ id }) => management.remove(id),
    'servers:reorder': ({ ids }) => management.reorder(ids),
    'servers:test': ({ id }) => management.test(id),
    'servers:pin-certificate': ({ id, fingerprint }) => management.pinCertificate(id, fingerprint),
    'servers:mark-read': ({ id }) => management.markRead(id),
    'servers:mute': (request) => mutes.mute(request),
    'servers:export': () => transfer.export(),
    'servers:import': ({ json }) => transfer.import(json),
    'settings:get': ({ serverId }) => settings.getSettings(serverId),
    'settings:save': (request) => settings.saveSettings(request),
    'sessions:list': (request) => sessions.listSessions(request),
    'sessions:summary': ({ serverId }) => sessions.summary(serverId),
    'sessions:revoke': ({ serverId, sessionId }) => sessions.revoke(serverId, sessionId),
    'sessions:invalidate-all': ({ serverId, typedName }) =>
      sessions.invalidateAll(serverId, typedName),
    'language:get': () => language.get(),
    'language:set': ({ choice }) => language.set(choice),
    'profiles:list': () => profiles.list(),
    'profiles:create': (request) => profiles.create(request),
    'profiles:update': (request) => profiles.update(request),
    'profiles:rename': (request) => profiles.rename(request),
    'profiles:duplicate': (request) => profiles.duplicate(request),
    'profiles:delete': (request) => profiles.delete(request),
    'profiles:assign': (request) => profiles.assign(request),
    'profiles:assign-many': (request) => profiles.assignMany(request),
    'fleet:snapshot': (request) => snapshots.snapshot(request),
    'fleet:plan': (request) => planner.plan(request),
    'fleet:apply': (request) => applier.apply(request),
    'fleet:retry-failed': (request) => applier.retryFailed(request),
    'fleet:export': () => fleetTransfer.export(),
    'fleet:import-preview': ({ json }) => fleetTransfer.preview(json),
    'fleet:import-apply': ({ json }) => fleetTransfer.apply(json),
    'drift:list': () => drift.list(),
    'drift:adopt': (request) => drift.adopt(request),
    'drift:accept': (request) => drift.accept(request),
    'activity:list': (request) => activity.list(request),
    'activity:fleet': (request) => activity.fleet(request),
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
            // Worded without the channel's name: each front end names the fields (issue paths)
            // by its own labels.
            message: 'Some of the values given are not valid.',
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

/** Builds the handler table over the services. */
export function createHandlerTable(services: HandlerServices, logger: Logger): HandlerTable {
  const impl = implementations(services);
  const table: Partial<Record<RequestChannel, unknown>> = {};
  for (const channel of REQUEST_CHANNELS) {
    table[channel] = wrap(channel, impl[channel] as Implementations[typeof channel], logger);
  }
  return table as HandlerTable;
}
