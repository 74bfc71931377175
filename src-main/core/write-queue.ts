/**
 * The changes to one file of the app's own (the server list, the profiles), made one at a
 * time in call order: each is made in memory, saved, and signalled; a save that fails undoes
 * it and says so; a file that could not be moved aside is never written over.
 */

import { CoreError } from './core-error';
import type { Logger } from './logger';
import type { Signal } from './signal';

/** What a change did in memory: its result, how to save it, and how to undo it. */
export interface MadeChange<T> {
  result: T;
  save: () => Promise<void>;
  undo: () => void;
}

/** The serial changes of one file. */
export class WriteQueue {
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
  ) {}

  /**
   * Runs a change after the ones before it, then saves it and signals; the change may throw
   * (a CoreError) to refuse with nothing written.
   */
  run<T>(change: () => MadeChange<T>): Promise<T> {
    const run = this.queue.then(async () => {
      if (!this.writable) {
        throw new CoreError({
          code: 'registry_error',
          message: `${this.words.subject} file cannot be used and could not be moved aside, so it is not changed. Fix or remove the file, then start again.`,
        });
      }
      const made = change();
      try {
        await made.save();
      } catch (error) {
        made.undo();
        this.logger.error(`${this.words.log}: write failed`, {
          code: (error as NodeJS.ErrnoException).code ?? null,
        });
        throw new CoreError({
          code: 'registry_error',
          message: `${this.words.subject} could not be saved to disk.`,
        });
      }
      this.changed.emit();
      return made.result;
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
}
