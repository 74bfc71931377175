/**
 * The reference server's SQLite database (WAL): the schema and every query of the contract's
 * state, users, API keys, settings, sessions and events. Routes never write SQL; they call
 * the store, whose multi-step changes (eviction, revocation, invalidate-all, a settings
 * change with its event) each run in one transaction.
 */

import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { Database as SqliteDatabase, Statement } from 'better-sqlite3';
import type { SessionSettings, SessionSettingsDocument } from '../src-shared/settings';
import { pickSettings } from '../src-shared/settings';
import { diffSettings } from '../src-shared/settings-diff';
import type {
  ApiKeyScope,
  QuickBoxEvent,
  QuickBoxEventType,
  EventDataMap,
} from '../src-shared/quickbox';
import type { Clock } from './clock';
import { sha256Hex } from './secrets';
import type { SeedFile } from './seed';
import { checkSeed, writeSeed } from './seed';
import type { NewSession, RawSession, SessionPosition, SessionRow, SqlValues } from './schema';
import { INSERT_SESSION, SCHEMA, SESSION_SELECT, sessionParameters, toSessionRow } from './schema';

/** The database file's name inside the data folder. */
export const DATABASE_FILE = 'quickbox.sqlite';

/** Whether `dataDir` already holds a database (so a seed would not apply). */
export function databaseExists(dataDir: string): boolean {
  return existsSync(join(dataDir, DATABASE_FILE));
}

/** A stored user (the password only as its scrypt hash). */
export interface UserRow {
  username: string;
  passwordHash: string;
  permissions: string[];
  totpSecret: string | null;
}

/** A stored API key (found by the SHA-256 of the key; the key itself is never stored). */
export interface ApiKeyRow {
  label: string;
  scopes: ApiKeyScope[];
}

interface RawEvent {
  id: number;
  type: string;
  at: number;
  actor: string;
  data: string;
}

function toEvent(raw: RawEvent): QuickBoxEvent {
  return {
    id: raw.id,
    type: raw.type,
    at: new Date(raw.at).toISOString(),
    actor: raw.actor,
    data: JSON.parse(raw.data) as unknown,
  } as QuickBoxEvent;
}

/** The server's SQLite database: every read and write of the contract's state. */
export class Store {
  private readonly statements: {
    user: Statement<
      [string],
      { username: string; password_hash: string; permissions: string; totp_secret: string | null }
    >;
    apiKey: Statement<[string], { label: string; scopes: string }>;
    touchApiKey: Statement<[number, string]>;
    settings: Statement<
      [],
      { body: string; version: number; updated_at: number; updated_by: string }
    >;
    writeSettings: Statement<[string, number, number, string]>;
    sessionByToken: Statement<[string], RawSession>;
    sessionById: Statement<[string], RawSession>;
    touchSession: Statement<[number, number, number]>;
    endSession: Statement<[number, string, number]>;
    insertSession: Statement<[SqlValues<NewSession>]>;
    openForUser: Statement<[string, number], RawSession>;
    insertEvent: Statement<[string, number, string, string]>;
    eventsAfter: Statement<[number, number], RawEvent>;
    lastEventId: Statement<[], { id: number | null }>;
    positionExists: Statement<[number, number], { seq: number }>;
  };

  private constructor(
    /** The underlying database (exposed for the bulk seeding helper of the benchmark). */
    readonly db: SqliteDatabase,
    private readonly clock: Clock,
  ) {
    this.statements = {
      user: db.prepare(
        'SELECT username, password_hash, permissions, totp_secret FROM users WHERE username = ?',
      ),
      apiKey: db.prepare('SELECT label, scopes FROM api_keys WHERE key_hash = ?'),
      touchApiKey: db.prepare('UPDATE api_keys SET last_used_at = ? WHERE key_hash = ?'),
      settings: db.prepare(
        'SELECT body, version, updated_at, updated_by FROM settings WHERE id = 1',
      ),
      writeSettings: db.prepare(
        'UPDATE settings SET body = ?, version = ?, updated_at = ?, updated_by = ? WHERE id = 1',
      ),
      sessionByToken: db.prepare(`SELECT ${SESSION_SELECT} FROM sessions WHERE token_hash = ?`),
      sessionById: db.prepare(`SELECT ${SESSION_SELECT} FROM sessions WHERE id = ?`),
      touchSession: db.prepare(
        'UPDATE sessions SET last_seen_at = ?, expires_at = ? WHERE seq = ?',
      ),
      endSession: db.prepare(
        'UPDATE sessions SET ended_at = ?, end_reason = ? WHERE seq = ? AND ended_at IS NULL',
      ),
      insertSession: db.prepare(INSERT_SESSION),
      openForUser: db.prepare(
        `SELECT ${SESSION_SELECT} FROM sessions WHERE username = ? AND ended_at IS NULL AND expires_at > ? ORDER BY created_at, seq`,
      ),
      insertEvent: db.prepare('INSERT INTO events (type, at, actor, data) VALUES (?, ?, ?, ?)'),
      eventsAfter: db.prepare(
        'SELECT id, type, at, actor, data FROM events WHERE id > ? ORDER BY id LIMIT ?',
      ),
      lastEventId: db.prepare('SELECT MAX(id) AS id FROM events'),
      positionExists: db.prepare('SELECT seq FROM sessions WHERE seq = ? AND created_at = ?'),
    };
  }

  /**
   * Opens (creating if needed) the database under `dataDir`. The seed applies only when the
   * database is new; an unusable seed throws before anything is written.
   */
  static async open(dataDir: string, seed: SeedFile | undefined, clock: Clock): Promise<Store> {
    if (seed) checkSeed(seed);
    mkdirSync(dataDir, { recursive: true });
    const db = new Database(join(dataDir, DATABASE_FILE));
    try {
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = NORMAL');
      db.pragma('busy_timeout = 5000');
      db.pragma('foreign_keys = ON');
      db.exec(SCHEMA);
      const created = db.prepare("SELECT value FROM meta WHERE key = 'created_at'").get();
      if (!created) await writeSeed(db, seed, clock);
    } catch (error) {
      db.close();
      throw error;
    }
    return new Store(db, clock);
  }

  /** The display name recorded from the seed, if any. */
  storedName(): string | null {
    const row = this.db.prepare("SELECT value FROM meta WHERE key = 'name'").get() as
      { value: string } | undefined;
    return row?.value ?? null;
  }

  /** A user by username, or null. */
  user(username: string): UserRow | null {
    const row = this.statements.user.get(username);
    if (!row) return null;
    return {
      username: row.username,
      passwordHash: row.password_hash,
      permissions: JSON.parse(row.permissions) as string[],
      totpSecret: row.totp_secret,
    };
  }

  /** An API key by its clear value (looked up by hash), recording its use; or null. */
  useApiKey(key: string): ApiKeyRow | null {
    const hash = sha256Hex(key);
    const row = this.statements.apiKey.get(hash);
    if (!row) return null;
    this.statements.touchApiKey.run(this.clock.now(), hash);
    return { label: row.label, scopes: JSON.parse(row.scopes) as ApiKeyScope[] };
  }

  /** The settings document (GET body). */
  settings(): SessionSettingsDocument {
    const row = this.statements.settings.get();
    if (!row) throw new Error('settings row missing');
    return {
      ...(JSON.parse(row.body) as SessionSettings),
      version: row.version,
      updatedAt: new Date(row.updated_at).toISOString(),
      updatedBy: row.updated_by,
    };
  }

  /**
   * Replaces the settings if they differ, bumping the version and recording
   * `settings.updated`; returns the document and the event (null when nothing changed).
   */
  updateSettings(
    next: SessionSettings,
    actor: string,
  ): { document: SessionSettingsDocument; event: QuickBoxEvent | null } {
    return this.db.transaction(() => {
      const current = this.settings();
      const changed = diffSettings(current, next).map((change) => change.field);
      if (changed.length === 0) return { document: current, event: null };
      const version = current.version + 1;
      const now = this.clock.now();
      this.statements.writeSettings.run(JSON.stringify(pickSettings(next)), version, now, actor);
      const event = this.addEvent('settings.updated', actor, { version, changed }, now);
      return { document: this.settings(), event };
    })();
  }

  /** Records an event and returns it. */
  addEvent<T extends QuickBoxEventType>(
    type: T,
    actor: string,
    data: EventDataMap[T],
    at = this.clock.now(),
  ): QuickBoxEvent {
    const info = this.statements.insertEvent.run(type, at, actor, JSON.stringify(data));
    return {
      id: Number(info.lastInsertRowid),
      type,
      at: new Date(at).toISOString(),
      actor,
      data,
    } as QuickBoxEvent;
  }

  /** A session by the SHA-256 of its token, active or not; or null. */
  sessionByTokenHash(tokenHash: string): SessionRow | null {
    const raw = this.statements.sessionByToken.get(tokenHash);
    return raw ? toSessionRow(raw) : null;
  }

  /** Records activity on a session: its last-seen time and its (possibly new) end. */
  touchSession(seq: number, lastSeenAt: number, expiresAt: number): void {
    this.statements.touchSession.run(lastSeenAt, expiresAt, seq);
  }

  /** Ends a session without an event (logout). */
  endSession(seq: number, reason: string): void {
    this.statements.endSession.run(this.clock.now(), reason, seq);
  }

  /**
   * Creates a session, first ending the user's oldest active sessions until it fits under
   * `maxSessions` (each with a `session.evicted` event whose actor is the user).
   */
  createSession(
    session: NewSession,
    maxSessions: number,
  ): { evictions: QuickBoxEvent[]; evictedSeqs: number[] } {
    return this.db.transaction(() => {
      const now = session.createdAt;
      const open = this.statements.openForUser.all(session.username, now);
      const evictions: QuickBoxEvent[] = [];
      const evictedSeqs: number[] = [];
      for (const raw of open.slice(0, Math.max(0, open.length - (maxSessions - 1)))) {
        this.statements.endSession.run(now, 'evicted', raw.seq);
        evictedSeqs.push(raw.seq);
        evictions.push(
          this.addEvent(
            'session.evicted',
            session.username,
            { sessionId: raw.id, username: raw.username },
            now,
          ),
        );
      }
      this.statements.insertSession.run(sessionParameters(session));
      return { evictions, evictedSeqs };
    })();
  }

  /** Whether a session was ever created at this position (so a cursor could name it). */
  sessionPositionExists(position: SessionPosition): boolean {
    return this.statements.positionExists.get(position.seq, position.createdAt) !== undefined;
  }

  /** One page of active sessions, oldest first, after `after` when given. */
  listSessions(options: {
    now: number;
    limit: number;
    username?: string;
    after?: SessionPosition;
  }): SessionRow[] {
    const where = ['ended_at IS NULL', 'expires_at > @now'];
    if (options.username !== undefined) where.push('username = @username');
    if (options.after) where.push('(created_at, seq) > (@afterCreated, @afterSeq)');
    const sql = `SELECT ${SESSION_SELECT} FROM sessions INDEXED BY ${
      options.username !== undefined ? 'sessions_open_by_user' : 'sessions_open_by_start'
    } WHERE ${where.join(' AND ')} ORDER BY created_at, seq LIMIT @limit`;
    const rows = this.db.prepare(sql).all({
      now: options.now,
      limit: options.limit,
      username: options.username,
      afterCreated: options.after?.createdAt,
      afterSeq: options.after?.seq,
    }) as RawSession[];
    return rows.map(toSessionRow);
  }

  /** How many sessions are active, in all and per user (by username). */
  summary(now: number): { active: number; byUser: { username: string; count: number }[] } {
    const byUser = this.db
      .prepare(
        'SELECT username, COUNT(*) AS count FROM sessions INDEXED BY sessions_open_by_user WHERE ended_at IS NULL AND expires_at > ? GROUP BY username ORDER BY username',
      )
      .all(now) as { username: string; count: number }[];
    return { active: byUser.reduce((sum, row) => sum + row.count, 0), byUser };
  }

  /** Revokes an active session by id, recording `session.revoked`; null when not active. */
  revokeSession(id: string, actor: string): { event: QuickBoxEvent; seq: number } | null {
    return this.db.transaction(() => {
      const now = this.clock.now();
      const raw = this.statements.sessionById.get(id);
      if (!raw || raw.endedAt !== null || raw.expiresAt <= now) return null;
      this.statements.endSession.run(now, 'revoked', raw.seq);
      const event = this.addEvent(
        'session.revoked',
        actor,
        { sessionId: raw.id, username: raw.username },
        now,
      );
      return { event, seq: raw.seq };
    })();
  }

  /** Ends every active session, recording `sessions.invalidated_all`. */
  invalidateAll(actor: string): { count: number; event: QuickBoxEvent; at: number } {
    return this.db.transaction(() => {
      const now = this.clock.now();
      // Sessions that already expired leave the open indexes too, so they stay small.
      this.db
        .prepare(
          "UPDATE sessions SET ended_at = expires_at, end_reason = 'expired' WHERE ended_at IS NULL AND expires_at <= ?",
        )
        .run(now);
      const info = this.db
        .prepare(
          "UPDATE sessions SET ended_at = ?, end_reason = 'invalidated' WHERE ended_at IS NULL",
        )
        .run(now);
      const event = this.addEvent(
        'sessions.invalidated_all',
        actor,
        { invalidated: info.changes },
        now,
      );
      return { count: info.changes, event, at: now };
    })();
  }

  /** Kept events after `afterId`, oldest first, at most `limit`. */
  eventsAfter(afterId: number, limit: number): QuickBoxEvent[] {
    return this.statements.eventsAfter.all(afterId, limit).map(toEvent);
  }

  /** The id of the newest event, or 0. */
  lastEventId(): number {
    return this.statements.lastEventId.get()?.id ?? 0;
  }

  /** Closes the database. */
  close(): void {
    this.db.close();
  }
}
