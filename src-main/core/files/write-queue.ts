/**
 * The changes to one file of the app's own (the server list, the profiles), made one at a
 * time in call order within the process, and one writer at a time across processes (the
 * file's lock): under the lock the file is read again, so a change is made on what another
 * process (a second qbsc run) saved, then saved and signalled. A save that fails undoes it
 * and says so; a file that could not be moved aside is never written over.
 */

import { CoreError } from '../support/core-error';
import { describeHolder, LockBusyError } from './file-lock';
import type { JsonFileStore } from './json-file-store';
import type { Logger } from '../support/logger';
import type { Signal } from '../support/signal';

/** What a change did in memory: its result, how to save it, and how to undo it. */
export interface MadeChange<T> {
  result: T;
  save: () => Promise<void>;
  undo: () => void;
}

/** The file a queue writes, and how its owner takes the value read again under the lock. */
export interface QueuedFile<F> {
  store: JsonFileStore<F>;
  /** Replaces the owner's value with the file's (what another process may have saved). */
  adopt: (value: F) => void;
}

/** The serial changes of one file. */
export class WriteQueue<F> {
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly words: {
      /** "The server list": the subject of the error sentences. */
      subject: string;
      /** The prefix of the log line ("registry"). */
      log: string;
    },
    /** False when an unusable file could not be moved aside: writing would overwrite it. */
    private readonly writable: boolean,
    private readonly logger: Logger,
    private readonly changed: Signal,
    private readonly file: QueuedFile<F>,
  ) {}

  /**
   * Runs a change after the ones before it, on the file as it is now, then saves it and
   * signals; the change may throw (a CoreError) to refuse with nothing written.
   */
  run<T>(change: () => MadeChange<T>): Promise<T> {
    const run = this.queue.then(async () => {
      if (!this.writable) {
        throw new CoreError({
          code: 'registry_error',
          message: `${this.words.subject} file cannot be used and could not be moved aside, so it is not changed. Fix or remove the file, then start again.`,
        });
      }
      const outcome = await this.locked(async () => {
        await this.reread();
        let made: MadeChange<T>;
        try {
          made = change();
        } catch (refusal) {
          // The change's own refusal goes to the caller as it is, after the lock is let go.
          return { ok: false as const, refusal };
        }
        try {
          await made.save();
        } catch (error) {
          made.undo();
          throw error;
        }
        return { ok: true as const, made };
      });
      if (!outcome.ok) throw outcome.refusal;
      this.changed.emit();
      return outcome.made.result;
    });
    this.queue = run.then(
      () => undefined,
      () => undefined,
    );
    return run;
  }

  /** Resolves when every queued change has finished. */
  async flush(): Promise<void> {
    await this.queue;
  }

  /** Takes the file's value as it is on disk now (a missing file: the value in memory). */
  private async reread(): Promise<void> {
    const read = await this.file.store.reread();
    if (read.kind === 'ok') this.file.adopt(read.value);
    else if (read.kind !== 'missing') {
      throw new CoreError({
        code: 'registry_error',
        message: `${this.words.subject} file on disk cannot be used now (${read.reason}), so nothing was changed. Open the data folder again (restart the app, or run qbsc again) to set it aside and recover the last good one.`,
      });
    }
  }

  /** Runs `work` under the file's lock; what goes wrong becomes a CoreError. */
  private async locked<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await this.file.store.locked(work);
    } catch (error) {
      if (error instanceof CoreError) throw error;
      if (error instanceof LockBusyError) {
        this.logger.warn(`${this.words.log}: lock held`, { ...error.holder });
        throw new CoreError({
          code: 'registry_error',
          message: `${this.words.subject} is being changed by ${describeHolder(error.holder)}, so this change was not saved. Try again in a moment; if no other qbsc or app uses this data folder, remove ${error.file}.`,
        });
      }
      this.logger.error(`${this.words.log}: write failed`, {
        code: (error as NodeJS.ErrnoException).code ?? null,
      });
      throw new CoreError({
        code: 'registry_error',
        message: `${this.words.subject} could not be saved to disk.`,
      });
    }
  }
}
