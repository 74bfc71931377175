import { describe, expect, it } from 'vitest';
import { totpCode } from '../../server/index';
import { decodeBase32, verifyTotp } from '../../server/totp';

// RFC 6238 appendix B, SHA-1 seed "12345678901234567890"; the reference gives 8 digits, the
// 6-digit code is their last six.
const RFC_SECRET = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';

describe('totp', () => {
  it('decodes base32', () => {
    expect(decodeBase32(RFC_SECRET).toString('ascii')).toBe('12345678901234567890');
    expect(decodeBase32('mzxw6===').toString('ascii')).toBe('foo');
  });

  it.each([
    [59, '287082'],
    [1111111109, '081804'],
    [1111111111, '050471'],
    [1234567890, '005924'],
    [2000000000, '279037'],
    [20000000000, '353130'],
  ])('gives the RFC 6238 code at %i s', (seconds, code) => {
    expect(totpCode(RFC_SECRET, seconds * 1000)).toBe(code);
  });

  it('accepts one step of drift either way and nothing further', () => {
    const at = 1234567890 * 1000;
    expect(verifyTotp(RFC_SECRET, totpCode(RFC_SECRET, at - 30_000), at)).toBe(true);
    expect(verifyTotp(RFC_SECRET, totpCode(RFC_SECRET, at + 30_000), at)).toBe(true);
    expect(verifyTotp(RFC_SECRET, totpCode(RFC_SECRET, at - 60_000), at)).toBe(false);
    expect(verifyTotp(RFC_SECRET, '12345', at)).toBe(false);
  });
});
