/**
 * An exclusive lock file beside a data file (`servers.json.lock`), so that a read-modify-write
 * of the file is made by one writer at a time across processes: two qbsc runs, or qbsc and a
 * core of a test, on one data folder. The lock is created with O_EXCL and names its holder
 * (pid, host, since, a token of its own); it is stale when its process is gone on this host,
 * or when it is older than a bound on any host (a crash on another computer sharing the
 * folder). A held lock is waited for up to a bound, then the writer gives up with who holds
 * it. Only its holder removes a lock; a stale one is removed under a short second lock
 * (`.lock.break`), so two writers that find it stale at once cannot remove each other's new
 * lock.
 */

import { randomUUID } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { hostname } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { processAlive } from './process-alive';

/** How long a writer waits, when a lock is stale, and how often the lock is tried. */
export interface LockTimings {
  /** How long a writer waits for a held lock before it gives up. */
  waitMs: number;
  /** A lock older than this was left by a crash, whichever host it names. */
  staleMs: number;
  /** The pause between two tries. */
  retryMs: number;
}

/**
 * A write holds the lock for milliseconds (re-read, write, fsync): ten seconds of waiting
 * covers a slow disk and a queue of writers; thirty before a lock from another computer
 * counts as left by a crash.
 */
export const DEFAULT_LOCK_TIMINGS: LockTimings = { waitMs: 10_000, staleMs: 30_000, retryMs: 25 };

/** Who holds a lock, as its file says (null: not said, or not written yet). */
export interface LockHolder {
  pid: number | null;
  host: string | null;
  since: string | null;
}

/** A lock still held by someone else when the wait ended. */
export class LockBusyError extends Error {
  constructor(
    readonly file: string,
    readonly holder: LockHolder,
  ) {
    super(`the lock ${file} is held`);
    this.name = 'LockBusyError';
  }
}

interface SeenLock {
  holder: LockHolder & { token: string | null };
  /** The file as read, and its identity: a lock replaced in between is another lock. */
  text: string;
  ino: number;
  mtimeMs: number;
}

function parseHolder(text: string): SeenLock['holder'] {
  try {
    const value = JSON.parse(text) as Record<string, unknown>;
    const pid = value['pid'];
    const said = (key: string): string | null => {
      const field = value[key];
      return typeof field === 'string' ? field : null;
    };
    return {
      pid: typeof pid === 'number' && Number.isInteger(pid) && pid > 0 ? pid : null,
      host: said('host'),
      since: said('since'),
      token: said('token'),
    };
  } catch {
    // Created but not written yet, or written by hand: only its age can tell.
    return { pid: null, host: null, since: null, token: null };
  }
}

/** The lock as it is now; null when there is none. */
async function look(file: string): Promise<SeenLock | null> {
  try {
    const handle = await fs.open(file, 'r');
    try {
      const stat = await handle.stat();
      const text = await handle.readFile('utf8');
      return { holder: parseHolder(text), text, ino: stat.ino, mtimeMs: stat.mtimeMs };
    } finally {
      await handle.close();
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

function isStale(seen: SeenLock, timings: LockTimings, now: number): boolean {
  if (now - seen.mtimeMs > timings.staleMs) return true;
  const { pid, host } = seen.holder;
  return pid !== null && host === hostname() && !processAlive(pid);
}

function sameLock(a: SeenLock, b: SeenLock): boolean {
  return a.text === b.text && a.ino === b.ino && a.mtimeMs === b.mtimeMs;
}

async function unlinkIfThere(file: string): Promise<void> {
  try {
    await fs.unlink(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}

/**
 * Removes a stale lock, unless another writer is removing it now; under `.break`, the lock
 * is looked at again and removed only if it is still the one found stale.
 */
async function breakStale(file: string, seen: SeenLock, timings: LockTimings): Promise<void> {
  const guard = `${file}.break`;
  try {
    await (await fs.open(guard, 'wx', 0o600)).close();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    // A breaker that crashed in these few milliseconds leaves the guard: old, it goes too.
    const stat = await fs.stat(guard).catch(() => null);
    if (stat && Date.now() - stat.mtimeMs > timings.staleMs) await unlinkIfThere(guard);
    return;
  }
  try {
    const again = await look(file);
    if (again && sameLock(again, seen)) await unlinkIfThere(file);
  } finally {
    await unlinkIfThere(guard);
  }
}

/** Creates the lock; false when it exists. */
async function create(file: string, content: string): Promise<boolean> {
  let handle;
  try {
    handle = await fs.open(file, 'wx', 0o600);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
  try {
    await handle.writeFile(content, 'utf8');
  } catch (error) {
    await handle.close();
    await unlinkIfThere(file);
    throw error;
  }
  await handle.close();
  return true;
}

/** Takes the lock (waiting within the bound); the token that names this holder. */
async function acquire(file: string, timings: LockTimings): Promise<string> {
  const token = randomUUID();
  const content = `${JSON.stringify({ pid: process.pid, host: hostname(), since: new Date().toISOString(), token })}\n`;
  const deadline = Date.now() + timings.waitMs;
  for (;;) {
    if (await create(file, content)) return token;
    const seen = await look(file);
    if (seen === null) continue;
    if (isStale(seen, timings, Date.now())) {
      await breakStale(file, seen, timings);
    } else if (Date.now() >= deadline) {
      const { pid, host, since } = seen.holder;
      throw new LockBusyError(file, { pid, host, since });
    }
    await sleep(timings.retryMs);
  }
}

/** Removes the lock if it is still this holder's (a lock broken as stale is someone else's). */
async function release(file: string, token: string): Promise<void> {
  const seen = await look(file).catch(() => null);
  if (seen?.holder.token === token) await unlinkIfThere(file);
}

/** Runs `work` while holding the lock file `file` (see the module comment). */
export async function withFileLock<T>(
  file: string,
  work: () => Promise<T>,
  timings: LockTimings = DEFAULT_LOCK_TIMINGS,
): Promise<T> {
  const token = await acquire(file, timings);
  try {
    return await work();
  } finally {
    await release(file, token);
  }
}

/** How a busy lock is told to the admin: who holds it, since when, and the way out. */
export function describeHolder(holder: LockHolder): string {
  const who =
    holder.pid !== null
      ? `process ${holder.pid}${holder.host ? ` on ${holder.host}` : ''}`
      : 'another process';
  return holder.since ? `${who}, since ${holder.since}` : who;
}
