/**
 * One-time codes of the reference server (RFC 6238: 6 digits, 30 s steps, HMAC-SHA-1), the
 * kind authenticator apps show. The arithmetic is `otpauth`'s; this file fixes the
 * parameters, the drift allowed and how lenient a secret's spelling may be, so that logins,
 * seed checks and the tests' code generator all agree.
 */

import { Secret, TOTP } from 'otpauth';

const PARAMETERS = { algorithm: 'SHA1', digits: 6, period: 30 } as const;

/**
 * Decodes RFC 4648 base32 (case-insensitive, padding and spaces ignored). Whitespace of any
 * kind and `=` anywhere are dropped first: otpauth only drops spaces and trailing padding,
 * and seed files carry secrets copied from wherever an admin found them.
 */
export function decodeBase32(input: string): Buffer {
  return Buffer.from(secretOf(input).bytes);
}

function secretOf(base32: string): Secret {
  return Secret.fromBase32(base32.replace(/[\s=]/g, ''));
}

/** The RFC 6238 code (6 digits, 30 s steps, HMAC-SHA-1) of a base32 secret at a time. */
export function totpCode(secretBase32: string, atMs: number): string {
  return TOTP.generate({ ...PARAMETERS, secret: secretOf(secretBase32), timestamp: atMs });
}

/**
 * Checks a submitted code against the current step and one step either side, the drift
 * RFC 6238 section 5.2 recommends allowing for clocks and typing time. otpauth compares each
 * candidate in constant time.
 */
export function verifyTotp(secretBase32: string, code: string, atMs: number): boolean {
  if (!/^\d{6}$/.test(code)) return false;
  const secret = secretOf(secretBase32);
  return TOTP.validate({ ...PARAMETERS, secret, token: code, timestamp: atMs, window: 1 }) !== null;
}
