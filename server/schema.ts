/**
 * What the database looks like: every table, and the sessions table's columns written once.
 * The sessions table's SQL, its select list, its insert and the conversions between rows and
 * SQLite values are all derived from one list, so a column added there is created, read and
 * written everywhere (the store and the bulk helper alike). A column is its field's name in
 * snake_case.
 */

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

/** Values as SQLite holds them: it has no booleans, so flags are 0 or 1. */
export type SqlValues<T> = { [K in keyof T]: T[K] extends boolean ? 0 | 1 : T[K] };

/** A session row as a query returns it (the select list aliases columns to field names). */
export type RawSession = SqlValues<SessionRow>;

type StoredSession = SessionRow & { tokenHash: string; endReason: string | null };

const COLUMNS = {
  seq: 'INTEGER PRIMARY KEY',
  id: 'TEXT NOT NULL UNIQUE',
  tokenHash: 'TEXT NOT NULL UNIQUE',
  username: 'TEXT NOT NULL',
  ip: 'TEXT NOT NULL',
  userAgent: 'TEXT NOT NULL',
  createdAt: 'INTEGER NOT NULL',
  lastSeenAt: 'INTEGER NOT NULL',
  expiresAt: 'INTEGER NOT NULL',
  remember: 'INTEGER NOT NULL',
  idleMs: 'INTEGER NOT NULL',
  sessionMs: 'INTEGER NOT NULL',
  absoluteMs: 'INTEGER NOT NULL',
  rememberMs: 'INTEGER NOT NULL',
  resetExpiry: 'INTEGER NOT NULL',
  cookieSecure: 'INTEGER NOT NULL',
  cookieSameSite: 'TEXT NOT NULL',
  cookiePath: 'TEXT NOT NULL',
  endedAt: 'INTEGER',
  endReason: 'TEXT',
} satisfies Record<keyof StoredSession, string>;

const FLAGS = [
  'remember',
  'resetExpiry',
  'cookieSecure',
] as const satisfies readonly (keyof SessionRow)[];
// Only the store compares a token's hash, and the end reason is for whoever reads the file.
const UNREAD = ['tokenHash', 'endReason'] as const satisfies readonly (keyof StoredSession)[];
// Numbered by SQLite, or set when the session ends.
const UNWRITTEN = [
  'seq',
  'endedAt',
  'endReason',
] as const satisfies readonly (keyof StoredSession)[];

const FIELDS = Object.keys(COLUMNS) as (keyof StoredSession)[];

function column(field: string): string {
  return field.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);
}

/** The `CREATE TABLE` of the sessions table. */
export const SESSIONS_TABLE = `CREATE TABLE IF NOT EXISTS sessions (\n  ${FIELDS.map(
  (field) => `${column(field)} ${COLUMNS[field]}`,
).join(',\n  ')}\n);`;

/** The select list of a `SessionRow`, each column named as its field. */
export const SESSION_SELECT = FIELDS.filter(
  (field) => !(UNREAD as readonly string[]).includes(field),
)
  .map((field) => (column(field) === field ? field : `${column(field)} AS ${field}`))
  .join(', ');

const INSERTED = FIELDS.filter((field) => !(UNWRITTEN as readonly string[]).includes(field));

/** The insert of a `NewSession`, with named parameters (see `sessionParameters`). */
export const INSERT_SESSION = `INSERT INTO sessions (${INSERTED.map(column).join(', ')}) VALUES (${INSERTED.map((field) => `@${field}`).join(', ')})`;

/** A row as the store hands it out. */
export function toSessionRow(raw: RawSession): SessionRow {
  const row: Record<string, unknown> = { ...raw };
  for (const flag of FLAGS) row[flag] = raw[flag] === 1;
  return row as unknown as SessionRow;
}

/** The named parameters of `INSERT_SESSION` for a new session. */
export function sessionParameters(session: NewSession): SqlValues<NewSession> {
  const parameters: Record<string, unknown> = {};
  for (const field of INSERTED) parameters[field] = session[field as keyof NewSession];
  for (const flag of FLAGS) parameters[flag] = session[flag] ? 1 : 0;
  return parameters as SqlValues<NewSession>;
}

/** Creates every table and index that is missing (a new database, or one of an older build). */
export const SCHEMA = `
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
${SESSIONS_TABLE}
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
