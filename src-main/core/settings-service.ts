/**
 * A server's session settings: read them, and save a change after checking it here first
 * (invalid settings never reach the server), reporting what changed and how many sessions
 * are active under the new rules. A save whose answer was lost is decided by reading the
 * settings back (save-read-back.ts), as a fleet apply decides it.
 */

import type { AppError } from '../../src-shared/errors';
import type { ParsedRequestOf, ResponseOf } from '../../src-shared/ipc-contract';
import {
  changedFields,
  validateSettings,
  type SessionSettings,
  type SessionSettingsDocument,
} from '../../src-shared/settings';
import type { ClientPool } from './client-pool';
import { CoreError, fail, toAppError } from './core-error';
import type { Logger } from './logger';
import type { QuickBoxClient } from './quickbox-client';
import { mayHaveLanded, readBackLostSave } from './save-read-back';
import { plural } from '../../src-shared/plural';

/**
 * Saves, and when the answer is lost without a definite refusal, reads back: the settings
 * saved (and whether the answer was lost), or the error, saying what the read-back found.
 */
async function saveOrReadBack(
  client: QuickBoxClient,
  settings: SessionSettings,
  baseVersion: number,
): Promise<{ saved: SessionSettingsDocument; answerLost: boolean }> {
  try {
    return { saved: await client.saveSettings(settings, baseVersion), answerLost: false };
  } catch (error) {
    const appError = toAppError(error);
    if (!mayHaveLanded(appError)) throw error;
    const found = await readBackLostSave(client, settings, baseVersion);
    if (found.verdict === 'applied') return { saved: found.settings, answerLost: true };
    throw new CoreError({
      ...(appError as Extract<AppError, { code: 'unreachable' | 'timeout' | 'protocol_error' }>),
      lostSave: found.verdict,
      message:
        found.verdict === 'unchanged'
          ? `${appError.message} Read back: still version ${found.settings.version}: nothing was changed.`
          : found.message,
    });
  }
}

async function canUpdate(client: QuickBoxClient): Promise<boolean> {
  const permissions = client.permissions ?? (await client.me()).permissions;
  return permissions.includes('admin.settings.update');
}

/** The request channels of the settings panels. */
export class SettingsService {
  constructor(
    private readonly pool: ClientPool,
    private readonly logger: Logger,
  ) {}

  /** `settings:get`. */
  async getSettings(serverId: string): Promise<ResponseOf<'settings:get'>> {
    return this.pool.withServer(serverId, async (client) => {
      const settings = await client.getSettings();
      return { settings, canUpdate: await canUpdate(client) };
    });
  }

  /** `settings:save`: validated here first, so invalid settings never reach the server. */
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
    return this.pool.withServer(request.serverId, async (client) => {
      const before = await client.getSettings();
      const { saved, answerLost } = await saveOrReadBack(client, settings, request.baseVersion);
      const changed = saved.version === before.version ? [] : changedFields(before, saved);
      const summary = await client.summary();
      this.logger.info('settings: saved', {
        serverId: request.serverId,
        version: saved.version,
        changed,
        answerLost,
      });
      return {
        settings: saved,
        changed,
        activeSessions: summary.active,
        ...(answerLost ? { answerLost: true as const } : {}),
      };
    });
  }
}
