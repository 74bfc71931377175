/**
 * How the server keeps secrets: passwords as scrypt hashes checked in constant time (with a
 * decoy hash for unknown users), session tokens and API keys as SHA-256 digests, and new
 * tokens from the system's random source. No secret is ever stored in clear.
 */

import { createHash, randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

const KEY_LENGTH = 32;
// scrypt's interactive-login cost (N=2^14, r=8, p=1), as RFC 7914 and OWASP suggest.
const COST = { N: 16384, r: 8, p: 1, maxmem: 64 * 1024 * 1024 };

function scryptAsync(password: string, salt: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(password, salt, KEY_LENGTH, COST, (error, key) =>
      error ? reject(error) : resolve(key),
    );
  });
}

/** Hashes a password with a fresh salt: `scrypt$<N>$<salt b64>$<key b64>`. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scryptAsync(password, salt);
  return `scrypt$${COST.N}$${salt.toString('base64')}$${key.toString('base64')}`;
}

/** Checks a password against a stored hash in constant time. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, , saltText, keyText] = stored.split('$');
  if (scheme !== 'scrypt' || !saltText || !keyText) return false;
  const expected = Buffer.from(keyText, 'base64');
  const actual = await scryptAsync(password, Buffer.from(saltText, 'base64'));
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

// A hash of a random password, checked when the username is unknown so that a missing
// user costs as long as a wrong password (no username enumeration by timing).
let dummyHash: Promise<string> | null = null;

/** A valid hash nobody knows the password of. */
export function decoyHash(): Promise<string> {
  dummyHash ??= hashPassword(randomBytes(16).toString('hex'));
  return dummyHash;
}

/** SHA-256 (hex) of a high-entropy secret: tokens and API keys are stored only this way. */
export function sha256Hex(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

/** A new random session token (256 bits, base64url). */
export function newToken(): string {
  return randomBytes(32).toString('base64url');
}
