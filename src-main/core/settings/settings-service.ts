/**
 * A server's session settings: read them, and save a change after checking it here first
 * (invalid settings never reach the server), reporting what changed and how many sessions
 * are active under the new rules. Reading and saving are the settings gateway's
 * (settings-gateway.ts): one rule for this save and for a fleet apply's.
 */

import type { ParsedRequestOf, ResponseOf } from '../../../src-shared/ipc-contract';
import { validateSettings, type SessionSettings } from '../../../src-shared/settings';
import type { ClientPool } from '../registry/client-pool';
import { CoreError, fail } from '../support/core-error';
import type { Logger } from '../support/logger';
import type { SettingsGateway } from './settings-gateway';
import { plural } from '../../../src-shared/plural';

/** The request channels of the settings panels. */
export class SettingsService {
  constructor(
    private readonly gateway: SettingsGateway,
    private readonly pool: ClientPool,
    private readonly logger: Logger,
  ) {}

  /** `settings:get`. */
  async getSettings(serverId: string): Promise<ResponseOf<'settings:get'>> {
    return this.gateway.read(serverId);
  }

  /**
   * `settings:save`: validated here first, so invalid settings never reach the server; then
   * the gateway's save (PUT, read back, compare), as for every target of a fleet apply.
   */
  async saveSettings(
    request: ParsedRequestOf<'settings:save'>,
  ): Promise<ResponseOf<'settings:save'>> {
    const validation = validateSettings(request.settings);
    if (validation.errors.length > 0) {
      fail({
        code: 'invalid_settings',
        message: `The settings have ${plural(validation.errors.length, 'error')}; nothing was sent.`,
        errors: validation.errors,
      });
    }
    const settings = request.settings as SessionSettings;
    const outcome = await this.gateway.save(request.serverId, settings, request.baseVersion);
    if (outcome.kind === 'lost') {
      throw new CoreError({
        ...outcome.error,
        lostSave: outcome.verdict,
        message: outcome.message,
      });
    }
    const summary = await this.pool.withServer(request.serverId, (client) => client.summary());
    const answerLost = outcome.kind === 'applied' && outcome.answerLost;
    this.logger.info('settings: saved', {
      serverId: request.serverId,
      version: outcome.settings.version,
      changed: outcome.changed,
      answerLost,
      verified: outcome.kind === 'applied',
    });
    return {
      settings: outcome.settings,
      changed: outcome.changed,
      activeSessions: summary.active,
      ...(answerLost ? { answerLost: true as const } : {}),
      ...(outcome.kind === 'verify_failed'
        ? { unverified: { message: outcome.message, mismatched: outcome.mismatched } }
        : {}),
    };
  }
}
