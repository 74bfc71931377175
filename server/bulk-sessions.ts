import { randomBytes, randomUUID } from 'node:crypto';
import { join } from 'node:path';
import Database from 'better-sqlite3';
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
    const insert = db.prepare(
      `INSERT INTO sessions (id, token_hash, username, ip, user_agent, created_at, last_seen_at, expires_at, remember, idle_ms, session_ms, absolute_ms, remember_ms, reset_expiry, cookie_secure, cookie_same_site, cookie_path)
       VALUES (?, ?, ?, '127.0.0.1', 'bulk-sessions', ?, ?, ?, 0, ?, ?, ?, 0, 0, 1, 'lax', '/')`,
    );
    const batch = randomBytes(6).toString('hex');
    db.transaction(() => {
      for (let i = 0; i < options.count; i += 1) {
        const createdAt = options.createdAt + i;
        const username = options.usernames[i % options.usernames.length] ?? 'bulk';
        insert.run(
          randomUUID(),
          `bulk:${batch}:${i}`,
          username,
          createdAt,
          createdAt,
          createdAt + options.lifetimeMs,
          options.lifetimeMs,
          options.lifetimeMs,
          options.lifetimeMs,
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
