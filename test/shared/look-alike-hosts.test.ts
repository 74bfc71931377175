// Look-alike hosts: the punycode decoder agrees with Node's for any label, refuses what is
// not punycode (the label stays as written), and the warning names every script it mixes
// while the mixes UTS #39 allows (Japanese, Chinese, Korean beside Latin) pass.
import { domainToUnicode } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mixedScriptWarning, unicodeHost } from '../../src-shared/host-scripts';

/** Letters of several scripts and planes, digits and a hyphen, as a label may hold them. */
const CHARACTERS = [
  ...'abz09-',
  ...'\u00e9\u00fc\u00df', // Latin-1 letters
  ...'\u043e\u0436\u044f', // Cyrillic
  ...'\u03b1\u03c9', // Greek
  ...'\u4f8b\u5b57', // Han
  ...'\u3042\u30a2\ud55c', // Hiragana, Katakana, Hangul
  ...'\u{1F600}\u{20000}\u{30000}', // astral: an emoji, Han extensions B and G
];

const label = fc
  .array(fc.constantFrom(...CHARACTERS), { minLength: 1, maxLength: 20 })
  .map((chars) => chars.join(''))
  .filter((text) => !text.startsWith('-') && !text.endsWith('-') && text.slice(2, 4) !== '--');

function ascii(unicode: string): string | null {
  try {
    return new URL(`https://${unicode}.example`).hostname;
  } catch {
    return null;
  }
}

describe('unicodeHost', () => {
  it('decodes every punycode label as Node does', () => {
    fc.assert(
      fc.property(label, (text) => {
        const host = ascii(text);
        if (host === null) return;
        expect(unicodeHost(host)).toBe(domainToUnicode(host));
      }),
      { numRuns: 300 },
    );
  });

  it('decodes labels with long runs, astral characters and both digit ends', () => {
    for (const text of [
      '\u{1F600}'.repeat(10),
      `a${'\u00e9'.repeat(30)}z`,
      '\u{30000}\u{20000}\u4f8b',
      `0${'\u043e'.repeat(5)}9`,
      'b\u043e\u043e\u043e\u043e\u043e\u043e\u043e\u043e\u043e\u043e\u043e\u043e\u043ex',
    ]) {
      const host = ascii(text) ?? '';
      expect(host).toMatch(/^xn--/);
      expect(unicodeHost(host), text).toBe(`${text}.example`);
    }
  });

  it('reads the digits of a punycode label in either case', () => {
    const host = ascii('\u043f\u0440\u0438\u043c\u0435\u0440') ?? '';
    expect(unicodeHost(host.toUpperCase())).toBe('\u043f\u0440\u0438\u043c\u0435\u0440.EXAMPLE');
    // "z" is the last letter digit; the basic part keeps its case.
    expect(unicodeHost('XN--X-ZUBA.EXAMPLE')).toBe('\u044f\u044fX.EXAMPLE');
  });

  it('decodes up to the last code point and no further', () => {
    expect(unicodeHost('xn--dn32g')).toBe('\u{10FFFF}');
    expect(unicodeHost('xn--en32g')).toBe('xn--en32g');
    // In a long label a number past 64 times the last code point could still land in range:
    // it is refused as it grows, not by where it lands.
    const long = `xn--${'a'.repeat(1000)}-rm57000a`;
    expect(unicodeHost(long)).toBe(long);
  });

  it('leaves a label that is not punycode as it was written', () => {
    for (const host of [
      'xn--80ak6aa92e_.example', // a character that is no digit
      'xn--80ak6aa92e{.example', // one just past the letters
      'xn--_a.example', // a non-digit between the upper- and lower-case letters, then a digit
      'xn--{a.example', // a non-digit just past "z", then a digit
      'xn---80ak6aa92e.example', // a delimiter first: no basic part, then no digit
      'xn--zzzzzz9.example', // past the last code point
      'xn--zzzzzzzzzzzzzzzzzzzz.example', // far past it
      'xn--99999999999999999.example', // a number that overflows
      'xn--bx-a-55.example', // ends inside a number
    ]) {
      expect(unicodeHost(host), host).toBe(host);
    }
  });
});

describe('mixedScriptWarning', () => {
  it('names every script of a label, the last after "and"', () => {
    expect(mixedScriptWarning('https://a\u043e\u03b1.example')).toContain(
      'mixes Latin, Cyrillic and Greek letters',
    );
  });

  it('reads an address with surrounding white space, a no-break space too', () => {
    expect(mixedScriptWarning('\u00a0 https://b\u043ex.example \u00a0')).toContain(
      'mixes Latin and Cyrillic letters',
    );
  });

  it('names a script it has no name for as "another"', () => {
    // Tamil is not among the named scripts.
    expect(mixedScriptWarning('https://box\u0b95.example')).toContain(
      'mixes Latin and another letters',
    );
  });

  it('lets Latin and Han mix with Kana, with Hangul, or with Bopomofo, each only so', () => {
    const allowed = [
      'a\u4f8b\u3042\u30a2', // Latin, Han, Hiragana, Katakana
      'a\u30a2', // Latin, Katakana
      'a\ud55c', // Latin, Hangul
      '\u4f8b\ud55c', // Han, Hangul
      'a\u4f8b\ud55c', // Latin, Han, Hangul
      'a\u3105', // Latin, Bopomofo
      '\u4f8b\u3105', // Han, Bopomofo
    ];
    for (const text of allowed) {
      expect(mixedScriptWarning(`https://${text}.example`), text).toBeNull();
    }
    for (const text of ['\u3042\ud55c', '\ud55c\u3105', '\u30a2\u3105']) {
      expect(mixedScriptWarning(`https://${text}.example`), text).not.toBeNull();
    }
  });
});
