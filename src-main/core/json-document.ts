/**
 * The one door to the app's JSON documents, over the JSON file store (json-file-store.ts):
 * a data file of the data folder (the server list, the profiles, the drift state) opened
 * with its backup and recovery, what went wrong told in words and logged, and its changes
 * queued one at a time; and a preference file of the shell, open-or-default (a preference
 * is not worth refusing to start over, nor worth a backup). Both write atomically.
 */

import type { z } from 'zod';
import { describeFileProblem, type FileProblem, type FileWords } from './file-problem';
import type { LockTimings } from './file-lock';
import { dataFileStore, readJsonFile, type JsonFileStore } from './json-file-store';
import type { Logger } from './logger';
import type { Signal } from './signal';
import { WriteQueue } from './write-queue';

/** A data file: its name, its schema, and how it is named in sentences and in the log. */
export interface DataDocumentSpec<F> {
  fileName: string;
  schema: z.ZodType<F>;
  /** The sentences of its problems, and the log's prefix ("registry"). */
  words: FileWords & { log: string };
}

/** A data file as opened: its value (null: start empty), its problem, and its store. */
export interface DataDocument<F> {
  store: JsonFileStore<F>;
  value: F | null;
  /** What went wrong with the file at load, in words; null when there is nothing to tell. */
  problem: FileProblem | null;
  /** The serial changes of the file, once its owner can take a value read again. */
  writeQueue(changed: Signal, adopt: (value: F) => void): WriteQueue<F>;
}

/**
 * Opens a data file of a data folder (created private when missing), recovering what it can,
 * and logs what went wrong; `lock` shortens the lock's bounds (tests).
 */
export async function openDataDocument<F>(
  dataDir: string,
  spec: DataDocumentSpec<F>,
  logger: Logger,
  clock: () => number,
  lock: Partial<LockTimings> = {},
): Promise<DataDocument<F>> {
  const store = await dataFileStore(dataDir, spec.fileName, spec.schema, logger, clock, lock);
  const opened = await store.open();
  const problem = describeFileProblem(opened, spec.words);
  if (problem) {
    logger.warn(`${spec.words.log}: unusable file`, {
      kind: problem.kind,
      movedTo: problem.movedTo,
      restored: problem.restoredFromBackup,
    });
  }
  return {
    store,
    value: opened.value,
    problem,
    writeQueue: (changed, adopt) =>
      new WriteQueue(
        { subject: spec.words.subject, log: spec.words.log },
        opened.writable,
        logger,
        changed,
        { store, adopt },
      ),
  };
}

/**
 * A preference file's value, or `fallback`: quietly when the file is missing, with a log
 * line (`unusable`, the file and why) when it cannot be used, which is left as it is.
 */
export async function readJsonOrDefault<T, D>(
  file: string,
  schema: z.ZodType<T>,
  fallback: D,
  logger: Logger,
  unusable: string,
): Promise<T | D> {
  const read = await readJsonFile(file, schema);
  if (read.kind === 'ok') return read.value;
  if (read.kind !== 'missing') logger.warn(unusable, { file, reason: read.reason });
  return fallback;
}
