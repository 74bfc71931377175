import { validateHeaderValue } from 'node:http';
import fc from 'fast-check';
import { Cookie } from 'tough-cookie';
import { describe, expect, it } from 'vitest';
import { sessionCookie } from '../../server/session-cookie';
import type { SessionSettings } from '../../src-shared/settings';
import { DEFAULT_SETTINGS, pickSettings, validateSettings } from '../../src-shared/settings';
import { anyPath } from '../fixtures/cookie-path-arbitrary';

function withPath(path: string): SessionSettings {
  const settings = pickSettings(DEFAULT_SETTINGS);
  settings.persistence.cookie.path = path;
  return settings;
}

function pathErrors(path: string) {
  return validateSettings(withPath(path)).errors.filter(
    (error) => error.field === 'persistence.cookie.path',
  );
}

/** docs/session-api.md's table, read literally: `/` first, at most 200, 0x21-0x7E without `;` or `,`. */
const TABLE_RULE = /^\/[\x21-\x2b\x2d-\x3a\x3c-\x7e]{0,199}$/;

describe('cookie path rule (docs/session-api.md, "Settings")', () => {
  it('accepts exactly the paths of docs/session-api.md: "/" first, at most 200, visible ASCII, no ";" or ","', () => {
    fc.assert(
      fc.property(anyPath, (path) => {
        expect(pathErrors(path).length === 0).toBe(TABLE_RULE.test(path));
      }),
      { numRuns: 2000 },
    );
  });

  it('every accepted path can be set as the session cookie and parses back with that path', () => {
    fc.assert(
      fc.property(anyPath, fc.boolean(), (path, remembered) => {
        fc.pre(pathErrors(path).length === 0);
        const attributes = { cookiePath: path, cookieSecure: true, cookieSameSite: 'lax' as const };
        // The server's own builder, which Node must accept as a header value.
        const header = sessionCookie('token-1', attributes, remembered ? 3600 : null);
        // What `writeHead` checks when the login answer goes out (it threw for "/✓").
        expect(() => validateHeaderValue('set-cookie', header)).not.toThrow();
        const cookie = Cookie.parse(header);
        expect(cookie?.key).toBe('qb_session');
        expect(cookie?.value).toBe('token-1');
        expect(cookie?.path).toBe(path);
        expect(cookie?.httpOnly).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });

  it.each([
    ['/✓', 'U+2713'],
    ['/caf\u00e9', 'U+00E9'],
    ['/a\u00a0b', 'U+00A0'],
    ['/a\u007fb', 'a control character'],
    ['/a b', 'whitespace'],
    ['/😀', 'U+1F600'],
  ])('refuses %j as code "path", naming the field and what would be valid', (path, shown) => {
    const [error, ...rest] = pathErrors(path);
    expect(rest).toEqual([]);
    expect(error?.code).toBe('path');
    expect(error?.message).toContain('Cookie path');
    expect(error?.message).toContain(shown);
    expect(error?.message).toContain('visible ASCII');
  });
});
