/**
 * One small JSON file of the app's own (the server list, the profiles): read with a schema check, written atomically by `write-file-atomic` (temp
 * file, fsync, rename, mode 0600; then the folder is fsynced) with a backup of the last good
 * file, and recovered from that backup when it cannot be used. An unusable file is moved
 * aside with a timestamp and reported, never silently overwritten; what the problem is
 * called and told to the admin is the owner's business. Every change of the file (a write,
 * a recovery) is made under its lock file (see file-lock.ts), one process at a time.
 */

import { promises as fs } from 'node:fs';
import path from 'node:path';
import writeFileAtomic from 'write-file-atomic';
import { z } from 'zod';
import { DEFAULT_LOCK_TIMINGS, withFileLock, type LockTimings } from './file-lock';
import type { Logger } from '../support/logger';

/**
 * The `format` number of a versioned file: one newer than this version reads is named as such
 * (the admin then knows to update the app, and the file is set aside, not overwritten); any
 * other is unknown.
 */
export function fileFormatSchema(format: number) {
  return z
    .number()
    .int()
    .refine(
      (found) => found <= format,
      `it was written by a newer version of the app; this version reads format ${format}`,
    )
    .refine((found) => found === format, 'unknown format');
}

/** What reading a JSON file found. */
export type JsonFileRead<T> =
  | { kind: 'ok'; value: T }
  | { kind: 'missing' }
  | { kind: 'corrupt'; reason: string }
  | { kind: 'unreadable'; reason: string };

/** A file that could not be used, and where it was moved (null: it could not be moved). */
export interface UnusableFile {
  kind: 'corrupt' | 'unreadable';
  reason: string;
  movedTo: string | null;
}

/** What opening a store found, and what it did about it. */
export interface OpenedJsonFile<T> {
  /** The file's value, else the backup's, else null (start empty). */
  value: T | null;
  file: 'ok' | 'missing' | UnusableFile;
  /** `not_read`: the file was fine, so the backup was not looked at. */
  backup: 'ok' | 'missing' | 'not_read' | UnusableFile;
  /** Whether `value` came from the backup (and was written back as the file). */
  restoredFromBackup: boolean;
  /** False when an unusable file is still in place: writing would overwrite it. */
  writable: boolean;
}

/** Reads and checks a JSON file. */
export async function readJsonFile<T>(
  file: string,
  schema: z.ZodType<T>,
): Promise<JsonFileRead<T>> {
  const text = await readText(file);
  return typeof text === 'string' ? parseJsonText(text, schema) : text;
}

/** A file's text, or why there is none. */
async function readText(file: string): Promise<string | JsonFileRead<never>> {
  try {
    return await fs.readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { kind: 'missing' };
    return { kind: 'unreadable', reason: code ?? 'read failed' };
  }
}

/** Parses and checks a JSON file's text. */
function parseJsonText<T>(text: string, schema: z.ZodType<T>): JsonFileRead<T> {
  if (text.trim() === '') return { kind: 'corrupt', reason: 'the file is empty' };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { kind: 'corrupt', reason: 'the file is not valid JSON' };
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue && issue.path.length > 0 ? ` at ${issue.path.join('.')}` : '';
    // A schema's own refinement says what it checks (e.g. a file of a newer format).
    const why = issue?.code === 'custom' ? `: ${issue.message}` : '';
    return { kind: 'corrupt', reason: `the file does not have the expected shape${where}${why}` };
  }
  return { kind: 'ok', value: parsed.data };
}

/**
 * Writes text atomically with mode 0600 (only this user reads it), then fsyncs the folder so
 * that the rename itself survives a power loss.
 */
export async function writeTextFileAtomic(file: string, contents: string): Promise<void> {
  await writeFileAtomic(file, contents, { mode: 0o600, encoding: 'utf8', fsync: true });
  try {
    const folder = await fs.open(path.dirname(file), 'r');
    try {
      await folder.sync();
    } finally {
      await folder.close();
    }
  } catch {
    // Some file systems cannot fsync a folder; the rename itself is still atomic.
  }
}

/** Writes a value as indented JSON, atomically (see `writeTextFileAtomic`). */
export async function writeJsonFile(file: string, value: unknown): Promise<void> {
  await writeTextFileAtomic(file, jsonText(value));
}

/** A value as the text of its file: indented JSON and a final newline. */
function jsonText(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

/** A JSON file with a backup of its last good version, next to it (`<file>.bak`). */
export class JsonFileStore<T> {
  /** The backup of the last good file. */
  readonly backupFile: string;
  /** The lock that makes one process at a time change the file. */
  readonly lockFile: string;
  /** What this store last wrote (its text, and the checked value it came from). */
  private written: { text: string; value: T } | null = null;

  constructor(
    /** The file itself. */
    readonly file: string,
    private readonly schema: z.ZodType<T>,
    private readonly logger: Logger,
    /** Milliseconds since the epoch, for the time stamp of a file moved aside. */
    private readonly clock: () => number,
    /** How long a change waits for the lock, and when a lock is stale (tests shorten them). */
    private readonly lockTimings: LockTimings = DEFAULT_LOCK_TIMINGS,
  ) {
    this.backupFile = `${file}.bak`;
    this.lockFile = `${file}.lock`;
  }

  /** Loads the file, recovering what it can from the backup (see OpenedJsonFile). */
  async open(): Promise<OpenedJsonFile<T>> {
    const loaded = await this.reread();
    if (loaded.kind === 'ok') return this.opened(loaded.value);
    // A first start: nothing to recover, nothing written (a read-only folder still opens).
    if (
      loaded.kind === 'missing' &&
      (await readJsonFile(this.backupFile, this.schema)).kind === 'missing'
    ) {
      return {
        value: null,
        file: 'missing',
        backup: 'missing',
        restoredFromBackup: false,
        writable: true,
      };
    }
    // Recovery writes: under the lock, on the file as it is then (another process may have
    // recovered it, or written it, meanwhile).
    return this.locked(async () => {
      const again = await this.reread();
      return again.kind === 'ok' ? this.opened(again.value) : this.recover(again);
    });
  }

  /**
   * Reads and checks the file as it is on disk now. Text equal to what this store last wrote
   * is not parsed and checked again: it is that value (docs/adr/0168-registry-reread-skips-own-write.md).
   */
  async reread(): Promise<JsonFileRead<T>> {
    const text = await readText(this.file);
    if (typeof text !== 'string') return text;
    if (this.written && text === this.written.text)
      return { kind: 'ok', value: this.written.value };
    return parseJsonText(text, this.schema);
  }

  /** Runs `work` (a read-modify-write: `reread`, then `write`) under the file's lock. */
  locked<R>(work: () => Promise<R>): Promise<R> {
    return withFileLock(this.lockFile, work, this.lockTimings);
  }

  private opened(value: T): OpenedJsonFile<T> {
    return { value, file: 'ok', backup: 'not_read', restoredFromBackup: false, writable: true };
  }

  private async recover(
    loaded: Exclude<JsonFileRead<T>, { kind: 'ok' }>,
  ): Promise<OpenedJsonFile<T>> {
    const stamp = new Date(this.clock()).toISOString().replace(/[:.]/g, '-');
    const read = await readJsonFile(this.backupFile, this.schema);
    const backupValue = read.kind === 'ok' ? read.value : null;
    // An unusable backup is set aside like the file: the second save from now would copy the
    // new value over it, and it may be the only copy left to rescue by hand.
    const backup: OpenedJsonFile<T>['backup'] =
      read.kind === 'corrupt' || read.kind === 'unreadable'
        ? { ...read, movedTo: await this.setAside(this.backupFile, `${read.kind}-${stamp}`) }
        : read.kind;
    const backupKept = typeof backup === 'object' && backup.movedTo === null;
    if (loaded.kind === 'missing') {
      // A missing file with a good backup means the last write was interrupted between files
      // or someone deleted it: recover quietly from the backup (nothing to set aside).
      if (backupValue !== null) await this.write(backupValue);
      return {
        value: backupValue,
        file: 'missing',
        backup,
        restoredFromBackup: backupValue !== null,
        writable: !backupKept,
      };
    }
    const movedTo = await this.setAside(this.file, `${loaded.kind}-${stamp}`);
    const restored = backupValue !== null && movedTo !== null;
    if (restored) await this.write(backupValue);
    return {
      value: restored ? backupValue : null,
      file: { ...loaded, movedTo },
      backup,
      restoredFromBackup: restored,
      writable: movedTo !== null && !backupKept,
    };
  }

  /**
   * Writes a new value, under the lock (`locked`). The current file is the last good one (it
   * was read again under the lock): it becomes the backup before it is replaced.
   */
  async write(value: T): Promise<void> {
    try {
      await writeTextFileAtomic(this.backupFile, await fs.readFile(this.file, 'utf8'));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    const text = jsonText(value);
    this.written = null;
    await writeTextFileAtomic(this.file, text);
    this.written = { text, value };
  }

  /** Renames an unusable file out of the way; the new path, or null when it cannot be moved. */
  private async setAside(file: string, suffix: string): Promise<string | null> {
    const aside = `${file}.${suffix}`;
    try {
      await fs.rename(file, aside);
      return aside;
    } catch (error) {
      this.logger.error('json file: could not move the unusable file aside', {
        file: path.basename(file),
        code: (error as NodeJS.ErrnoException).code ?? null,
      });
      return null;
    }
  }
}

/**
 * The store of one data file of a data folder (the folder created private when missing),
 * with the lock's bounds (`lock` shortens them in tests): the opening that the server list,
 * the profiles and the drift state share.
 */
export async function dataFileStore<T>(
  dataDir: string,
  fileName: string,
  schema: z.ZodType<T>,
  logger: Logger,
  clock: () => number,
  lock: Partial<LockTimings> = {},
): Promise<JsonFileStore<T>> {
  await fs.mkdir(dataDir, { recursive: true, mode: 0o700 });
  return new JsonFileStore(path.join(dataDir, fileName), schema, logger, clock, {
    ...DEFAULT_LOCK_TIMINGS,
    ...lock,
  });
}
