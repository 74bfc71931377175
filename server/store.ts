import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { Database as SqliteDatabase, Statement } from 'better-sqlite3';
import type { SessionSettings, SessionSettingsDocument } from '../src-shared/settings';
import {
  DEFAULT_SETTINGS,
  changedFields,
  pickSettings,
  validateSettings,
} from '../src-shared/settings';
import type {
  ApiKeyScope,
  QuickBoxEvent,
  QuickBoxEventType,
  EventDataMap,
} from '../src-shared/quickbox';
import { PERMISSIONS } from '../src-shared/quickbox';
import type { Clock } from './clock';
import { hashPassword, sha256Hex } from './secrets';
import { decodeBase32 } from './totp';

/** The database file's name inside the data folder. */
export const DATABASE_FILE = 'quickbox.sqlite';

/** Whether `dataDir` already holds a database (so a seed would not apply). */
export function databaseExists(dataDir: string): boolean {
  return existsSync(join(dataDir, DATABASE_FILE));
}

/** The seed file of `--seed`: applied when the database is new. */
export interface SeedFile {
  name?: string;
  users: { username: string; password: string; permissions: string[]; totpSecret?: string }[];
  apiKeys?: { key: string; label?: string; scopes: ApiKeyScope[] }[];
  settings?: unknown;
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

/** What a session recorded when it started, and where it stands. */
export interface SessionRow {
  seq: number;
  id: string;
  username: string;
  ip: string;
  userAgent: string;
  createdAt: number;
  lastSeenAt: number;
  expiresAt: number;
  remember: boolean;
  idleMs: number;
  sessionMs: number;
  absoluteMs: number;
  rememberMs: number;
  resetExpiry: boolean;
  cookieSecure: boolean;
  cookieSameSite: string;
  cookiePath: string;
  endedAt: number | null;
}

/** Where a page of the session list starts after (the last row of the previous page). */
export interface SessionPosition {
  createdAt: number;
  seq: number;
}

/** A new session, as login creates it. */
export type NewSession = Omit<SessionRow, 'seq' | 'endedAt'> & { tokenHash: string };

interface RawSession {
  seq: number;
  id: string;
  username: string;
  ip: string;
  user_agent: string;
  created_at: number;
  last_seen_at: number;
  expires_at: number;
  remember: number;
  idle_ms: number;
  session_ms: number;
  absolute_ms: number;
  remember_ms: number;
  reset_expiry: number;
  cookie_secure: number;
  cookie_same_site: string;
  cookie_path: string;
  ended_at: number | null;
}

interface RawEvent {
  id: number;
  type: string;
  at: number;
  actor: string;
  data: string;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS users (
  username TEXT PRIMARY KEY,
  password_hash TEXT NOT NULL,
  permissions TEXT NOT NULL,
  totp_secret TEXT
);
CREATE TABLE IF NOT EXISTS api_keys (
  key_hash TEXT PRIMARY KEY,
  label TEXT NOT NULL,
  scopes TEXT NOT NULL,
  last_used_at INTEGER
);
CREATE TABLE IF NOT EXISTS settings (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  body TEXT NOT NULL,
  version INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  updated_by TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS sessions (
  seq INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  token_hash TEXT NOT NULL UNIQUE,
  username TEXT NOT NULL,
  ip TEXT NOT NULL,
  user_agent TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  last_seen_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  remember INTEGER NOT NULL,
  idle_ms INTEGER NOT NULL,
  session_ms INTEGER NOT NULL,
  absolute_ms INTEGER NOT NULL,
  remember_ms INTEGER NOT NULL,
  reset_expiry INTEGER NOT NULL,
  cookie_secure INTEGER NOT NULL,
  cookie_same_site TEXT NOT NULL,
  cookie_path TEXT NOT NULL,
  ended_at INTEGER,
  end_reason TEXT
);
CREATE INDEX IF NOT EXISTS sessions_open_by_start ON sessions (created_at, seq) WHERE ended_at IS NULL;
CREATE INDEX IF NOT EXISTS sessions_open_by_user ON sessions (username, created_at, seq, expires_at) WHERE ended_at IS NULL;
CREATE TABLE IF NOT EXISTS events (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  type TEXT NOT NULL,
  at INTEGER NOT NULL,
  actor TEXT NOT NULL,
  data TEXT NOT NULL
);
`;

const SESSION_COLUMNS =
  'seq, id, username, ip, user_agent, created_at, last_seen_at, expires_at, remember, idle_ms, session_ms, absolute_ms, remember_ms, reset_expiry, cookie_secure, cookie_same_site, cookie_path, ended_at';

function toSession(raw: RawSession): SessionRow {
  return {
    seq: raw.seq,
    id: raw.id,
    username: raw.username,
    ip: raw.ip,
    userAgent: raw.user_agent,
    createdAt: raw.created_at,
    lastSeenAt: raw.last_seen_at,
    expiresAt: raw.expires_at,
    remember: raw.remember === 1,
    idleMs: raw.idle_ms,
    sessionMs: raw.session_ms,
    absoluteMs: raw.absolute_ms,
    rememberMs: raw.remember_ms,
    resetExpiry: raw.reset_expiry === 1,
    cookieSecure: raw.cookie_secure === 1,
    cookieSameSite: raw.cookie_same_site,
    cookiePath: raw.cookie_path,
    endedAt: raw.ended_at,
  };
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

/** The label a key gets when its seed entry names none: `key:` and its first 8 characters. */
export function defaultKeyLabel(key: string): string {
  return `key:${key.slice(0, 8)}`;
}

/** Checks a seed file's shape and settings; throws a plain-language Error when it is unusable. */
export function checkSeed(seed: SeedFile): void {
  if (typeof seed !== 'object' || seed === null || !Array.isArray(seed.users)) {
    throw new Error('The seed must be an object with a "users" list.');
  }
  for (const user of seed.users) {
    if (typeof user.username !== 'string' || user.username === '') {
      throw new Error('Every seeded user needs a non-empty "username".');
    }
    if (typeof user.password !== 'string' || user.password === '') {
      throw new Error(`Seeded user "${user.username}" needs a non-empty "password".`);
    }
    if (!Array.isArray(user.permissions)) {
      throw new Error(`Seeded user "${user.username}" needs a "permissions" list.`);
    }
    for (const permission of user.permissions) {
      if (!(PERMISSIONS as readonly string[]).includes(permission)) {
        throw new Error(
          `Seeded user "${user.username}" has an unknown permission "${permission}".`,
        );
      }
    }
    if (user.totpSecret !== undefined) {
      if (typeof user.totpSecret !== 'string' || decodeBase32(user.totpSecret).length < 10) {
        throw new Error(
          `Seeded user "${user.username}" has a TOTP secret that is not base32 of at least 80 bits.`,
        );
      }
    }
  }
  for (const key of seed.apiKeys ?? []) {
    if (typeof key.key !== 'string' || key.key.length < 16) {
      throw new Error('Every seeded API key needs a "key" of at least 16 characters.');
    }
    if (!Array.isArray(key.scopes) || key.scopes.some((s) => s !== 'read' && s !== 'write')) {
      throw new Error(
        `Seeded API key "${key.label ?? defaultKeyLabel(key.key)}" has scopes other than "read" and "write".`,
      );
    }
  }
  if (seed.settings !== undefined) {
    const { errors } = validateSettings(seed.settings);
    if (errors.length > 0) {
      const list = errors.map((e) => `${e.field || '(settings)'}: ${e.message}`).join('; ');
      throw new Error(`The seed's settings are invalid: ${list}`);
    }
  }
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
    insertSession: Statement<unknown[]>;
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
      sessionByToken: db.prepare(`SELECT ${SESSION_COLUMNS} FROM sessions WHERE token_hash = ?`),
      sessionById: db.prepare(`SELECT ${SESSION_COLUMNS} FROM sessions WHERE id = ?`),
      touchSession: db.prepare(
        'UPDATE sessions SET last_seen_at = ?, expires_at = ? WHERE seq = ?',
      ),
      endSession: db.prepare(
        'UPDATE sessions SET ended_at = ?, end_reason = ? WHERE seq = ? AND ended_at IS NULL',
      ),
      insertSession: db.prepare(
        `INSERT INTO sessions (id, token_hash, username, ip, user_agent, created_at, last_seen_at, expires_at, remember, idle_ms, session_ms, absolute_ms, remember_ms, reset_expiry, cookie_secure, cookie_same_site, cookie_path)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      openForUser: db.prepare(
        `SELECT ${SESSION_COLUMNS} FROM sessions WHERE username = ? AND ended_at IS NULL AND expires_at > ? ORDER BY created_at, seq`,
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
      if (!created) await Store.initialise(db, seed, clock);
    } catch (error) {
      db.close();
      throw error;
    }
    return new Store(db, clock);
  }

  private static async initialise(
    db: SqliteDatabase,
    seed: SeedFile | undefined,
    clock: Clock,
  ): Promise<void> {
    const users = await Promise.all(
      (seed?.users ?? []).map(async (user) => ({
        username: user.username,
        hash: await hashPassword(user.password),
        permissions: JSON.stringify(user.permissions),
        totp: user.totpSecret ?? null,
      })),
    );
    const settings: SessionSettings =
      seed?.settings !== undefined
        ? pickSettings(seed.settings as SessionSettings)
        : DEFAULT_SETTINGS;
    const now = clock.now();
    db.transaction(() => {
      const insertUser = db.prepare(
        'INSERT INTO users (username, password_hash, permissions, totp_secret) VALUES (?, ?, ?, ?)',
      );
      for (const user of users)
        insertUser.run(user.username, user.hash, user.permissions, user.totp);
      const insertKey = db.prepare(
        'INSERT INTO api_keys (key_hash, label, scopes) VALUES (?, ?, ?)',
      );
      for (const key of seed?.apiKeys ?? []) {
        insertKey.run(
          sha256Hex(key.key),
          key.label ?? defaultKeyLabel(key.key),
          JSON.stringify(key.scopes),
        );
      }
      db.prepare(
        'INSERT INTO settings (id, body, version, updated_at, updated_by) VALUES (1, ?, 1, ?, ?)',
      ).run(JSON.stringify(settings), now, 'system');
      const meta = db.prepare('INSERT INTO meta (key, value) VALUES (?, ?)');
      if (seed?.name !== undefined) meta.run('name', seed.name);
      meta.run('created_at', String(now));
    })();
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
      const changed = changedFields(current, next);
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
    return raw ? toSession(raw) : null;
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
      this.statements.insertSession.run(
        session.id,
        session.tokenHash,
        session.username,
        session.ip,
        session.userAgent,
        session.createdAt,
        session.lastSeenAt,
        session.expiresAt,
        session.remember ? 1 : 0,
        session.idleMs,
        session.sessionMs,
        session.absoluteMs,
        session.rememberMs,
        session.resetExpiry ? 1 : 0,
        session.cookieSecure ? 1 : 0,
        session.cookieSameSite,
        session.cookiePath,
      );
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
    const sql = `SELECT ${SESSION_COLUMNS} FROM sessions INDEXED BY ${
      options.username !== undefined ? 'sessions_open_by_user' : 'sessions_open_by_start'
    } WHERE ${where.join(' AND ')} ORDER BY created_at, seq LIMIT @limit`;
    const rows = this.db.prepare(sql).all({
      now: options.now,
      limit: options.limit,
      username: options.username,
      afterCreated: options.after?.createdAt,
      afterSeq: options.after?.seq,
    }) as RawSession[];
    return rows.map(toSession);
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
      if (!raw || raw.ended_at !== null || raw.expires_at <= now) return null;
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
