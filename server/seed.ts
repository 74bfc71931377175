/**
 * The `--seed` file: its shape, the checks that make the server refuse an unusable one before
 * anything is written, and writing it into a database that was just created. A seed applies
 * once, when the database is new; restarts keep whatever the database holds.
 */

import type { Database as SqliteDatabase } from 'better-sqlite3';
import type { ApiKeyScope } from '../src-shared/quickbox';
import { PERMISSIONS } from '../src-shared/quickbox';
import type { SessionSettings } from '../src-shared/settings';
import { DEFAULT_SETTINGS, pickSettings, validateSettings } from '../src-shared/settings';
import type { Clock } from './clock';
import { hashPassword, sha256Hex } from './secrets';
import { decodeBase32 } from './totp';

/** The seed file of `--seed`: applied when the database is new. */
export interface SeedFile {
  name?: string;
  users: { username: string; password: string; permissions: string[]; totpSecret?: string }[];
  apiKeys?: { key: string; label?: string; scopes: ApiKeyScope[] }[];
  settings?: unknown;
}

/** The label a key gets when its seed entry names none: `key:` and its first 8 characters. */
export function defaultKeyLabel(key: string): string {
  return `key:${key.slice(0, 8)}`;
}

function checkUser(user: SeedFile['users'][number]): void {
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
      throw new Error(`Seeded user "${user.username}" has an unknown permission "${permission}".`);
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

function checkApiKey(key: NonNullable<SeedFile['apiKeys']>[number]): void {
  if (typeof key.key !== 'string' || key.key.length < 16) {
    throw new Error('Every seeded API key needs a "key" of at least 16 characters.');
  }
  if (!Array.isArray(key.scopes) || key.scopes.some((s) => s !== 'read' && s !== 'write')) {
    throw new Error(
      `Seeded API key "${key.label ?? defaultKeyLabel(key.key)}" has scopes other than "read" and "write".`,
    );
  }
}

/** Checks a seed file's shape and settings; throws a plain-language Error when it is unusable. */
export function checkSeed(seed: SeedFile): void {
  if (typeof seed !== 'object' || seed === null || !Array.isArray(seed.users)) {
    throw new Error('The seed must be an object with a "users" list.');
  }
  for (const user of seed.users) checkUser(user);
  for (const key of seed.apiKeys ?? []) checkApiKey(key);
  if (seed.settings !== undefined) {
    const { errors } = validateSettings(seed.settings);
    if (errors.length > 0) {
      const list = errors.map((e) => `${e.field || '(settings)'}: ${e.message}`).join('; ');
      throw new Error(`The seed's settings are invalid: ${list}`);
    }
  }
}

/**
 * Fills a database that was just created: the seed's users and keys (hashes only), its
 * settings or the contract's defaults at version 1, and the creation time, which marks the
 * database as initialised. Without a seed only the settings and the creation time are written.
 */
export async function writeSeed(
  db: SqliteDatabase,
  seed: SeedFile | undefined,
  clock: Clock,
): Promise<void> {
  // Hashed before the transaction: scrypt is asynchronous and a transaction must not await.
  const users = await Promise.all(
    (seed?.users ?? []).map(async (user) => ({
      username: user.username,
      passwordHash: await hashPassword(user.password),
      permissions: JSON.stringify(user.permissions),
      totpSecret: user.totpSecret ?? null,
    })),
  );
  const settings: SessionSettings =
    seed?.settings !== undefined
      ? pickSettings(seed.settings as SessionSettings)
      : DEFAULT_SETTINGS;
  const now = clock.now();
  db.transaction(() => {
    const insertUser = db.prepare(
      'INSERT INTO users (username, password_hash, permissions, totp_secret) VALUES (@username, @passwordHash, @permissions, @totpSecret)',
    );
    for (const user of users) insertUser.run(user);
    const insertKey = db.prepare('INSERT INTO api_keys (key_hash, label, scopes) VALUES (?, ?, ?)');
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
