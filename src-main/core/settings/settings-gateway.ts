/**
 * The ONE way core reads and writes a server's session settings. Reading gives the document
 * and whether the credentials may change it (`canUpdate`). Saving is one rule for a panel's
 * save and for every target of a fleet apply: PUT with If-Match on the version the change was
 * based on and read the settings back (one call of the client, `putAndReadBack`), then
 * compare them with what was sent (a save whose answer was lost is decided by a read-back
 * too: save-read-back.ts). The changed fields
 * are the difference between the document at the base version, as the gateway last saw it
 * (or as a plan read it), and the one read back: no read whose only use is to compute them
 * (but for a base version this process never saw, read once before the save).
 *
 * The gateway remembers the last document it saw of each server (read, or read back after a
 * save) and tells its listeners about each: drift compares a server with what was read back
 * instead of reading it again, and the window is pushed the new document.
 */

import type { AppError } from '../../../src-shared/errors';
import { diffSettings, type FieldChange } from '../../../src-shared/settings-diff';
import type {
  SessionSettings,
  SessionSettingsDocument,
  SettingsField,
} from '../../../src-shared/settings';
import type { ClientPool } from '../registry/client-pool';
import { toAppError } from '../support/core-error';
import type { Logger } from '../support/logger';
import type { PutAndReadBack, QuickBoxClient } from '../client/quickbox-client';
import { mayHaveLanded, readBackLostSave } from './save-read-back';
import { agree, plural } from '../../../src-shared/plural';

/** A server's settings as read, and whether these credentials may change them. */
export interface SettingsRead {
  settings: SessionSettingsDocument;
  canUpdate: boolean;
}

/** What became of a save (a definite refusal, e.g. a version conflict, is thrown). */
export type SaveOutcome =
  /** Saved, and read back with the values sent. */
  | {
      kind: 'applied';
      settings: SessionSettingsDocument;
      changed: SettingsField[];
      /** The PUT's answer was lost; the read-back found the values sent. */
      answerLost: boolean;
    }
  /** Saved, but what was read back differs from what was sent, or could not be read. */
  | {
      kind: 'verify_failed';
      /** The document read back, or the PUT's answer when it could not be read back. */
      settings: SessionSettingsDocument;
      changed: SettingsField[];
      mismatched: FieldChange[];
      message: string;
    }
  /** The answer was lost and the read-back says nothing was changed, or cannot tell. */
  | {
      kind: 'lost';
      verdict: 'unchanged' | 'unknown';
      error: Extract<AppError, { code: 'unreachable' | 'timeout' | 'protocol_error' }>;
      message: string;
    };

/** Whether the credentials of a client may change settings (asks /me once if not known). */
async function canUpdate(client: QuickBoxClient): Promise<boolean> {
  const permissions = client.permissions ?? (await client.me()).permissions;
  return permissions.includes('admin.settings.update');
}

type DocumentListener = (serverId: string, settings: SessionSettingsDocument) => void;

/** Reads and saves the settings of the saved servers, through the pool. */
export class SettingsGateway {
  /** The last document seen of each server; `own`: read back after this app's save. */
  private readonly known = new Map<string, { document: SessionSettingsDocument; own: boolean }>();
  private readonly listeners = new Set<DocumentListener>();
  /** The saves in flight per server, each done once read back (or failed). */
  private readonly saving = new Map<string, Set<Promise<unknown>>>();

  constructor(
    private readonly pool: ClientPool,
    private readonly logger: Logger,
  ) {}

  /**
   * Calls `listener` with every document the gateway reads or reads back (a save, an apply,
   * a refresh). Returns the function that stops it.
   */
  onDocument(listener: DocumentListener): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  /**
   * The document this app's own save of a server produced, read back, if it is the change
   * `version` saved by `actor` (a settings event's): what the server holds after that
   * change, so drift need not read it again. A database rebuilt since starts its versions
   * again: the actor must match too, and any later read replaces it.
   */
  savedAs(serverId: string, version: number, actor: string): SessionSettingsDocument | undefined {
    const seen = this.known.get(serverId);
    return seen?.own && seen.document.version === version && seen.document.updatedBy === actor
      ? seen.document
      : undefined;
  }

  /** Forgets the servers not listed any more. */
  keepOnly(serverIds: ReadonlySet<string>): void {
    for (const serverId of this.known.keys()) {
      if (!serverIds.has(serverId)) this.known.delete(serverId);
    }
  }

  /** Reads a server's settings, and whether the credentials may change them. */
  async read(serverId: string): Promise<SettingsRead> {
    return this.pool.withServer(serverId, async (client) => {
      const settings = await client.getSettings();
      this.remember(serverId, settings);
      return { settings, canUpdate: await canUpdate(client) };
    });
  }

  /**
   * Saves `desired` with If-Match on `baseVersion`, then reads it back and compares. The
   * changed fields are `changed` when the caller knows them (a plan's changes), else the
   * difference from the document the gateway last saw at `baseVersion`.
   */
  save(
    serverId: string,
    desired: SessionSettings,
    baseVersion: number,
    changed?: readonly SettingsField[],
  ): Promise<SaveOutcome> {
    const saving = this.saveNow(serverId, desired, baseVersion, changed);
    const set = this.saving.get(serverId) ?? new Set();
    this.saving.set(serverId, set);
    set.add(saving);
    void saving
      .catch(() => undefined)
      .finally(() => {
        set.delete(saving);
        if (set.size === 0 && this.saving.get(serverId) === set) this.saving.delete(serverId);
      });
    return saving;
  }

  /** Resolves when the server's saves in flight have been read back (or have failed). */
  async settled(serverId: string): Promise<void> {
    await Promise.allSettled([...(this.saving.get(serverId) ?? [])]);
  }

  private async saveNow(
    serverId: string,
    desired: SessionSettings,
    baseVersion: number,
    changed?: readonly SettingsField[],
  ): Promise<SaveOutcome> {
    return this.pool.withServer(serverId, async (client) => {
      const seen = this.known.get(serverId)?.document;
      // Only a version this process never saw (a caller that did not read first) is read here.
      const base =
        changed || seen?.version === baseVersion
          ? seen
          : await this.baseOf(client, serverId, baseVersion);
      const changedFrom = (after: SessionSettings): SettingsField[] =>
        changed
          ? [...changed]
          : base
            ? diffSettings(base, after).map((change) => change.field)
            : [];
      let answer: PutAndReadBack;
      try {
        answer = await client.putAndReadBack(desired, baseVersion);
      } catch (error) {
        const appError = toAppError(error);
        if (!mayHaveLanded(appError)) throw error;
        const found = await readBackLostSave(client, desired, baseVersion);
        if (found.verdict !== 'unknown') this.remember(serverId, found.settings, true);
        if (found.verdict === 'applied') {
          return {
            kind: 'applied',
            settings: found.settings,
            changed: changedFrom(found.settings),
            answerLost: true,
          };
        }
        return {
          kind: 'lost',
          verdict: found.verdict,
          error: appError as Extract<AppError, { code: 'unreachable' }>,
          message:
            found.verdict === 'unchanged'
              ? `${appError.message} Read back: still version ${found.settings.version}: nothing was changed.`
              : found.message,
        };
      }
      const saved = answer.saved;
      if (answer.readBack === null) {
        this.remember(serverId, saved, true);
        return {
          kind: 'verify_failed',
          settings: saved,
          changed: changedFrom(saved),
          mismatched: [],
          message: `Saved as version ${saved.version}, but it could not be read back to check: ${toAppError(answer.readBackError).message}`,
        };
      }
      const readBack = answer.readBack;
      this.remember(serverId, readBack, true);
      const mismatched = diffSettings(desired, readBack);
      if (mismatched.length > 0) {
        const n = mismatched.length;
        return {
          kind: 'verify_failed',
          settings: readBack,
          changed: changedFrom(readBack),
          mismatched,
          message: `Saved, but ${plural(n, 'value')} read back ${agree(n, 'differs', 'differ')} from what was sent.`,
        };
      }
      return {
        kind: 'applied',
        settings: readBack,
        changed: changedFrom(readBack),
        answerLost: false,
      };
    });
  }

  private async baseOf(
    client: QuickBoxClient,
    serverId: string,
    baseVersion: number,
  ): Promise<SessionSettingsDocument | undefined> {
    const fresh = await client.getSettings();
    this.remember(serverId, fresh);
    // Another version: the save is refused as a conflict, which says what is there now.
    return fresh.version === baseVersion ? fresh : undefined;
  }

  private remember(serverId: string, settings: SessionSettingsDocument, own = false): void {
    const seen = this.known.get(serverId);
    // A read of the version this app saved is still that save's document.
    const same =
      seen?.own === true &&
      seen.document.version === settings.version &&
      seen.document.updatedBy === settings.updatedBy;
    this.known.set(serverId, { document: settings, own: own || same });
    for (const listener of [...this.listeners]) {
      try {
        listener(serverId, settings);
      } catch (error) {
        this.logger.error('settings: a document listener threw', {
          error: error instanceof Error ? error.message : String(error),
        });
      }
    }
  }
}
