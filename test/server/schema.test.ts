import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import type { NewSession, RawSession } from '../../server/schema';
import {
  INSERT_SESSION,
  SCHEMA,
  SESSION_SELECT,
  sessionParameters,
  toSessionRow,
} from '../../server/schema';

const databases: Database.Database[] = [];
afterEach(() => {
  for (const db of databases.splice(0)) db.close();
});

function freshDatabase(): Database.Database {
  const db = new Database(':memory:');
  databases.push(db);
  db.exec(SCHEMA);
  return db;
}

const session: NewSession = {
  id: 'b5f0c7d2-0000-4000-8000-000000000001',
  tokenHash: 'f'.repeat(64),
  username: 'admin',
  ip: '127.0.0.1',
  userAgent: 'test agent',
  createdAt: 1_000,
  lastSeenAt: 2_000,
  expiresAt: 3_000,
  remember: true,
  idleMs: 4,
  sessionMs: 5,
  absoluteMs: 6,
  rememberMs: 7,
  resetExpiry: false,
  cookieSecure: true,
  cookieSameSite: 'none',
  cookiePath: '/dash',
};

describe('sessions table', () => {
  it('reads back every field a new session was written with, flags as booleans', () => {
    const db = freshDatabase();
    db.prepare(INSERT_SESSION).run(sessionParameters(session));
    const raw = db.prepare(`SELECT ${SESSION_SELECT} FROM sessions`).get() as RawSession;
    const { tokenHash: _hash, ...rest } = session;
    expect(toSessionRow(raw)).toEqual({ ...rest, seq: 1, endedAt: null });
  });

  it('stores the token hash in its own column and never hands it out with the row', () => {
    const db = freshDatabase();
    db.prepare(INSERT_SESSION).run(sessionParameters(session));
    const stored = db.prepare('SELECT token_hash, remember, reset_expiry FROM sessions').get();
    expect(stored).toEqual({ token_hash: session.tokenHash, remember: 1, reset_expiry: 0 });
    expect(SESSION_SELECT).not.toContain('token_hash');
  });
});
