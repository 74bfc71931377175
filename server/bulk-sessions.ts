/**
 * Test and benchmark helpers that fill a data folder's database with many active sessions or
 * events at once, for paging and replay tests and the server benchmark. The server itself
 * never uses them.
 */

import { randomBytes, randomUUID } from 'node:crypto';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { NewSession, SqlValues } from './schema';
import { INSERT_SESSION, sessionParameters } from './schema';
import { DATABASE_FILE } from './store';

/** What `insertBulkSessions` creates: `count` active normal sessions spread over `usernames`. */
export interface BulkSessionsOptions {
  count: number;
  usernames: readonly string[];
  /** Start time of the first session; each next one starts 1 ms later. */
  createdAt: number;
  /** How long each lives from its start (as if idle, session and absolute timeouts were this). */
  lifetimeMs: number;
}

/**
 * Test and benchmark helper: inserts active sessions straight into a data folder's database
 * in one transaction (a login per session would take minutes). It opens its own connection,
 * so it works while a server runs on the same folder (WAL). The sessions have no usable
 * token: they exist to be listed, counted and invalidated.
 */
export function insertBulkSessions(dataDir: string, options: BulkSessionsOptions): void {
  const db = new Database(join(dataDir, DATABASE_FILE));
  try {
    db.pragma('busy_timeout = 5000');
    const insert = db.prepare<[SqlValues<NewSession>]>(INSERT_SESSION);
    const batch = randomBytes(6).toString('hex');
    db.transaction(() => {
      for (let i = 0; i < options.count; i += 1) {
        const createdAt = options.createdAt + i;
        const username = options.usernames[i % options.usernames.length] ?? 'bulk';
        insert.run(
          sessionParameters({
            id: randomUUID(),
            tokenHash: `bulk:${batch}:${i}`,
            username,
            ip: '127.0.0.1',
            userAgent: 'bulk-sessions',
            createdAt,
            lastSeenAt: createdAt,
            expiresAt: createdAt + options.lifetimeMs,
            remember: false,
            idleMs: options.lifetimeMs,
            sessionMs: options.lifetimeMs,
            absoluteMs: options.lifetimeMs,
            rememberMs: 0,
            resetExpiry: false,
            cookieSecure: true,
            cookieSameSite: 'lax',
            cookiePath: '/',
          }),
        );
      }
    })();
  } finally {
    db.close();
  }
}

/**
 * Test and benchmark helper: appends `count` `settings.updated` events (versions 1, 2, ...,
 * each changing the idle timeout) straight into a data folder's database, in one
 * transaction, as `insertBulkSessions` does for sessions.
 */
export function insertBulkEvents(dataDir: string, count: number, at: number): void {
  const db = new Database(join(dataDir, DATABASE_FILE));
  try {
    db.pragma('busy_timeout = 5000');
    const insert = db.prepare(
      "INSERT INTO events (type, at, actor, data) VALUES ('settings.updated', ?, 'bulk-events', ?)",
    );
    db.transaction(() => {
      for (let i = 0; i < count; i += 1) {
        insert.run(at + i, JSON.stringify({ version: i + 2, changed: ['timeouts.idleMinutes'] }));
      }
    })();
  } finally {
    db.close();
  }
}
