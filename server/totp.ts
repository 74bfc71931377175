import { createHmac, timingSafeEqual } from 'node:crypto';

const BASE32_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const STEP_MS = 30_000;

/** Decodes RFC 4648 base32 (case-insensitive, padding and spaces ignored). */
export function decodeBase32(input: string): Buffer {
  const clean = input.toUpperCase().replace(/[\s=]/g, '');
  let bits = 0;
  let value = 0;
  const out: number[] = [];
  for (const char of clean) {
    const index = BASE32_ALPHABET.indexOf(char);
    if (index < 0) throw new Error(`invalid base32 character "${char}"`);
    value = (value << 5) | index;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}

function hotp(key: Buffer, counter: number): string {
  const message = Buffer.alloc(8);
  message.writeBigUInt64BE(BigInt(counter));
  const digest = createHmac('sha1', key).update(message).digest();
  const offset = (digest[digest.length - 1] ?? 0) & 0x0f;
  const binary = digest.readUInt32BE(offset) & 0x7fffffff;
  return String(binary % 1_000_000).padStart(6, '0');
}

/** The RFC 6238 code (6 digits, 30 s steps, HMAC-SHA-1) of a base32 secret at a time. */
export function totpCode(secretBase32: string, atMs: number): string {
  return hotp(decodeBase32(secretBase32), Math.floor(atMs / STEP_MS));
}

/**
 * Checks a submitted code against the current step and one step either side, the drift
 * RFC 6238 section 5.2 recommends allowing for clocks and typing time.
 */
export function verifyTotp(secretBase32: string, code: string, atMs: number): boolean {
  if (!/^\d{6}$/.test(code)) return false;
  const key = decodeBase32(secretBase32);
  const step = Math.floor(atMs / STEP_MS);
  let ok = false;
  for (const delta of [-1, 0, 1]) {
    // Compare every candidate in constant time and without an early exit.
    const match = timingSafeEqual(Buffer.from(hotp(key, step + delta)), Buffer.from(code));
    ok = ok || match;
  }
  return ok;
}
