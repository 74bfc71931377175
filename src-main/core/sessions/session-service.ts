/**
 * A server's sessions: list them, count them, end one, and the one guarded entry point that
 * ends them all (only with the server's exact name typed, and the app signs itself back in).
 */

import type { ParsedRequestOf, ResponseOf } from '../../../src-shared/ipc-contract';
import { requireServer, type ClientPool } from '../registry/client-pool';
import { fail } from '../support/core-error';
import type { Logger } from '../support/logger';
import { protocolError } from '../client/quickbox-client';
import type { ServerRegistry } from '../registry/server-registry';

/** The collaborators of the sessions service. */
export interface SessionDependencies {
  registry: ServerRegistry;
  pool: ClientPool;
  logger: Logger;
}

/** The request channels of the Operations panel. */
export class SessionService {
  constructor(private readonly deps: SessionDependencies) {}

  /** `sessions:list`; listing also marks the server's mass logouts as read. */
  async listSessions(
    request: ParsedRequestOf<'sessions:list'>,
  ): Promise<ResponseOf<'sessions:list'>> {
    const page = await this.deps.pool.withServer(request.serverId, (client) =>
      client.listSessions({
        username: request.username,
        cursor: request.cursor,
        limit: request.limit,
      }),
    );
    const nextCursor = page.nextCursor ?? null;
    // A page that does not move on would have "Load more" and `qbsc sessions list` ask for
    // it again for ever.
    if (nextCursor !== null && nextCursor === request.cursor) {
      throw protocolError(
        'its session list gave back the cursor it was asked with, so the next page would be this one again',
      );
    }
    if (nextCursor !== null && page.sessions.length === 0) {
      throw protocolError('its session list sent a page with no sessions that says more follow');
    }
    return { sessions: page.sessions, nextCursor };
  }

  /** `sessions:summary`. */
  async summary(serverId: string): Promise<ResponseOf<'sessions:summary'>> {
    return this.deps.pool.withServer(serverId, (client) => client.summary());
  }

  /** `sessions:revoke`. */
  async revoke(serverId: string, sessionId: string): Promise<ResponseOf<'sessions:revoke'>> {
    await this.deps.pool.withServer(serverId, (client) => client.revokeSession(sessionId));
    return { revoked: true };
  }

  /**
   * `sessions:invalidate-all`: the one guarded entry point. The typed name must equal the
   * server's display name exactly before the contract's phrase is sent; afterwards the app
   * logs itself back in with the stored account (its own session ended too).
   */
  async invalidateAll(
    serverId: string,
    typedName: string,
  ): Promise<ResponseOf<'sessions:invalidate-all'>> {
    const server = requireServer(this.deps.registry, serverId);
    if (typedName !== server.name) {
      fail({
        code: 'confirmation_mismatch',
        message: `Type the server's name exactly ("${server.name}") to invalidate all of its sessions. Nothing was changed.`,
      });
    }
    const { pool } = this.deps;
    const result = await pool.withServer(serverId, (client) => client.invalidateAllSessions());
    this.deps.logger.info('sessions: invalidated all', {
      serverId,
      invalidated: result.invalidated,
    });
    let reconnected = true;
    if (server.authKind === 'account') {
      try {
        await pool.withServer(serverId, (client) => client.login());
      } catch {
        reconnected = false;
      }
    }
    return { invalidated: result.invalidated, at: result.at, reconnected };
  }
}
