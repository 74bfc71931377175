// Edges of the address helpers and the unsafe-text escapes: white space the URL parser would
// refuse, a query or fragment kept, a host that is no URL, and escapes of fixed width.
import { describe, expect, it } from 'vitest';
import { hostAndPort, normalizeAddress, originOf } from '../../src-shared/origin';
import { nameKey, nameTakenMessage, serverNameSchema } from '../../src-shared/server-name';
import { codePointLabel, escapeUnsafeJson, escapeUnsafeText } from '../../src-shared/unsafe-text';

describe('addresses', () => {
  it('read an address inside any white space, a no-break space too', () => {
    expect(originOf('\u00a0https://Box.example:443/qb\u00a0')).toBe('https://box.example');
    expect(normalizeAddress('\u00a0https://Box.example/\u00a0')).toBe('https://box.example');
  });

  it('keep a query or a fragment after a lone slash', () => {
    expect(normalizeAddress('https://box.example/?tab=1')).toBe('https://box.example/?tab=1');
    expect(normalizeAddress('https://box.example/#top')).toBe('https://box.example/#top');
  });

  it('give host and port of what is not a URL as it was written', () => {
    expect(hostAndPort('box example')).toBe('box example');
  });
});

describe('unsafe text', () => {
  it('labels a character by its code point in upper-case hex of at least four digits', () => {
    expect(codePointLabel('\u202e')).toBe('U+202E');
    expect(codePointLabel('\u001b')).toBe('U+001B');
  });

  it('writes a tab, a line feed and a carriage return by name', () => {
    expect(escapeUnsafeText('a\tb\nc\rd')).toBe('a\\tb\\nc\\rd');
  });

  it('writes a direction mark as four hex digits, in text and in JSON', () => {
    expect(escapeUnsafeText('a\u061cb')).toBe('a\\u061cb');
    expect(escapeUnsafeJson('"a\u061cb"')).toBe('"a\\u061cb"');
  });
});

describe('server names', () => {
  it('refuse an unsafe character with a custom issue that names it', () => {
    const parsed = serverNameSchema.safeParse('Box\u202eA');
    expect(parsed.error?.issues.map((issue) => [issue.code, issue.message])).toEqual([
      ['custom', 'must not contain control characters or text-direction marks (it has U+202E)'],
    ]);
  });

  it('compare by a key in lower case, trimmed and composed', () => {
    expect(nameKey(' Box E\u0301 ')).toBe('box \u00e9');
  });

  it('say which name is taken', () => {
    expect(nameTakenMessage('Box A')).toBe(
      'Another server is already named "Box A" (names are compared without case); choose another name.',
    );
  });
});
