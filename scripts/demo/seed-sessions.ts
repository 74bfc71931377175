/**
 * Fills a demo server's database with people's sessions, straight into SQLite in one
 * transaction (hundreds of real logins would cost hundreds of scrypt hashes, minutes on a
 * loaded machine). The rows follow the contract's session rules for the server's settings
 * at that moment: remembered sessions end at their remember-me period, the others at their
 * idle, session or absolute timeout, so the server lists, counts and expires them as its own.
 * Only the sessions of the people who really sign in during the demo have usable tokens.
 */

import { randomBytes, randomUUID } from 'node:crypto';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import {
  INSERT_SESSION,
  sessionParameters,
  type NewSession,
  type SqlValues,
} from '../../server/schema';
import { DATABASE_FILE } from '../../server/store';
import type { SessionSettings } from '../../src-shared/settings';
import type { Random } from './random';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

const FIRST_NAMES = [
  'amelia',
  'arjun',
  'beatriz',
  'carlos',
  'chloe',
  'diego',
  'elena',
  'felix',
  'grace',
  'hana',
  'ines',
  'jonas',
  'kavya',
  'liam',
  'maya',
  'nadia',
  'omar',
  'priya',
  'quinn',
  'rosa',
  'sami',
  'tariq',
  'uma',
  'viktor',
  'wen',
  'ximena',
  'yusuf',
  'zoe',
  'noah',
  'lucia',
];

/** Browsers and tools people sign in with. */
export const USER_AGENTS = [
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_6) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15',
  'Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0',
  'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1',
  'Mozilla/5.0 (Linux; Android 15; Pixel 9) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Mobile Safari/537.36',
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36 Edg/131.0',
  'curl/8.11.0',
];

/** The people of a server: generated names, then the ones who sign in during the demo. */
export function demoUsernames(random: Random, activeUsers: readonly string[]): string[] {
  const names = new Set<string>();
  const wanted = random.int(90, 130);
  while (names.size < wanted) {
    names.add(`${random.pick(FIRST_NAMES)}.${String.fromCharCode(97 + random.int(0, 25))}`);
  }
  return [...activeUsers, ...names];
}

/** An address in the documentation ranges (RFC 5737) or a private network. */
function address(random: Random): string {
  const kind = random.int(0, 3);
  if (kind === 0) return `10.${random.int(0, 40)}.${random.int(0, 255)}.${random.int(1, 254)}`;
  if (kind === 1) return `192.168.${random.int(0, 20)}.${random.int(1, 254)}`;
  return `${random.pick(['192.0.2', '198.51.100', '203.0.113'])}.${random.int(1, 254)}`;
}

/** One session as the server would have recorded it under `settings`, alive at `now`. */
function sessionAt(
  random: Random,
  username: string,
  settings: SessionSettings,
  now: number,
  maxAgeMs: number,
): NewSession {
  const { idleMinutes, sessionMinutes, absoluteMinutes } = settings.timeouts;
  const { rememberMeDays, resetExpiryAtLogon, cookie } = settings.persistence;
  const idleMs = idleMinutes * MINUTE;
  const sessionMs = sessionMinutes * MINUTE;
  const absoluteMs = absoluteMinutes * MINUTE;
  const rememberMs = rememberMeDays * DAY;
  const remember = rememberMeDays > 0 && random.chance(0.55);
  let createdAt: number;
  let lastSeenAt: number;
  let expiresAt: number;
  if (remember) {
    // Started at least an hour before its end, so none ends in the demo's first minutes.
    const span = Math.min(rememberMs, absoluteMs, maxAgeMs + 60 * MINUTE) - 60 * MINUTE;
    createdAt = now - Math.floor(random.next() * Math.max(span, 0));
    lastSeenAt = createdAt + Math.floor(random.next() * (now - createdAt));
    expiresAt = createdAt + Math.min(rememberMs, absoluteMs);
  } else {
    // Seen within its idle timeout, two minutes spare: these are the sessions that go idle
    // and end while the demo runs.
    const span = Math.min(sessionMs, absoluteMs, maxAgeMs + 5 * MINUTE) - 5 * MINUTE;
    createdAt = now - Math.floor(random.next() * Math.max(span, 0));
    lastSeenAt = Math.max(createdAt, now - Math.floor(random.next() * (idleMs - 2 * MINUTE)));
    expiresAt = Math.min(lastSeenAt + idleMs, createdAt + sessionMs, createdAt + absoluteMs);
  }
  return {
    id: randomUUID(),
    // Not a token's hash: nobody can present these sessions, only list and end them.
    tokenHash: `demo:${randomBytes(16).toString('hex')}`,
    username,
    ip: address(random),
    userAgent: random.pick(USER_AGENTS),
    createdAt,
    lastSeenAt,
    expiresAt,
    remember,
    idleMs,
    sessionMs,
    absoluteMs,
    rememberMs: remember ? rememberMs : 0,
    resetExpiry: resetExpiryAtLogon,
    cookieSecure: cookie.secure,
    cookieSameSite: cookie.sameSite,
    cookiePath: cookie.path,
  };
}

/** What `seedSessions` writes. */
export interface SessionSeed {
  dataDir: string;
  settings: SessionSettings;
  usernames: readonly string[];
  /** These start at the per-user limit, so their first sign-in evicts one. */
  atLimit: readonly string[];
  count: number;
  now: number;
  /** The oldest a session may be (after an invalidate-all, only people who came back since). */
  maxAgeMs: number;
}

/**
 * Writes `count` active sessions: each person at most the per-user limit, the people in
 * `atLimit` exactly at it. Opens its own connection (WAL), so the server may be running.
 */
export function seedSessions(random: Random, seed: SessionSeed): number {
  const limit = seed.settings.concurrency.maxSessionsPerUser;
  const perUser = new Map<string, number>();
  const rows: NewSession[] = [];
  for (const username of seed.atLimit) {
    for (let i = 0; i < limit && rows.length < seed.count; i += 1) {
      rows.push(sessionAt(random, username, seed.settings, seed.now, seed.maxAgeMs));
    }
    perUser.set(username, limit);
  }
  const others = seed.usernames.filter((name) => !seed.atLimit.includes(name));
  let attempts = 0;
  while (rows.length < seed.count && attempts < seed.count * 20 && others.length > 0) {
    attempts += 1;
    const username = random.pick(others);
    const held = perUser.get(username) ?? 0;
    if (held >= limit) continue;
    perUser.set(username, held + 1);
    rows.push(sessionAt(random, username, seed.settings, seed.now, seed.maxAgeMs));
  }
  const db = new Database(join(seed.dataDir, DATABASE_FILE));
  try {
    db.pragma('busy_timeout = 5000');
    const insert = db.prepare<[SqlValues<NewSession>]>(INSERT_SESSION);
    db.transaction(() => {
      for (const row of rows) insert.run(sessionParameters(row));
    })();
  } finally {
    db.close();
  }
  return rows.length;
}
