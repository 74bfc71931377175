/**
 * What became of a save whose answer never came. A PUT that failed without a definite
 * refusal (the connection dropped, the answer timed out or trickled past its deadline, a
 * 5xx or a garbled body) may have been committed all the same: the server is asked what it
 * holds now, and that decides. One rule for a single server's save (`settings:save`) and for
 * every target of a fleet apply (docs/adr/0005-a-lost-save-is-decided-by-reading-back.md).
 */

import type { AppError } from '../../src-shared/errors';
import { diffSettings } from '../../src-shared/settings-diff';
import type { SessionSettings, SessionSettingsDocument } from '../../src-shared/settings';
import { toAppError } from './core-error';
import type { QuickBoxClient } from './quickbox-client';

/** What the read-back after a lost answer found. */
export type LostAnswerVerdict =
  /** The values sent are there: the save landed, only its answer was lost. */
  | { verdict: 'applied'; settings: SessionSettingsDocument }
  /** Still the version the save was based on: nothing was changed. */
  | { verdict: 'unchanged'; settings: SessionSettingsDocument }
  /** Neither (another version with other values), or it could not be read: not known. */
  | { verdict: 'unknown'; message: string };

/**
 * Whether a failed save may have been committed: true for a failure without a definite
 * refusal from the server (no answer, a timeout, an answer that is not the API's).
 */
export function mayHaveLanded(error: AppError): boolean {
  return (
    error.code === 'unreachable' || error.code === 'timeout' || error.code === 'protocol_error'
  );
}

/** Reads the settings back after a save whose answer was lost, and says what happened. */
export async function readBackLostSave(
  client: QuickBoxClient,
  sent: SessionSettings,
  baseVersion: number,
): Promise<LostAnswerVerdict> {
  let settings: SessionSettingsDocument;
  try {
    settings = await client.getSettings();
  } catch (error) {
    return {
      verdict: 'unknown',
      message: `The answer to the save was lost and the settings could not be read back (${toAppError(error).message}): the change may or may not have been saved.`,
    };
  }
  if (diffSettings(sent, settings).length === 0) return { verdict: 'applied', settings };
  if (settings.version === baseVersion) return { verdict: 'unchanged', settings };
  return {
    verdict: 'unknown',
    message: `The answer to the save was lost, and the server now holds version ${settings.version} (by ${settings.updatedBy}) with other values than the ones sent: whether this save landed is not known.`,
  };
}
