import { describe, expect, it } from 'vitest';
import { serverDraftSchema } from '../../src-shared/ipc-contract';
import { nameKey, serverNameSchema } from '../../src-shared/server-name';
import {
  escapeUnsafeJson,
  escapeUnsafeText,
  firstUnsafeCharacter,
} from '../../src-shared/unsafe-text';

const HOSTILE = [
  'Box\u001b]52;c;UVVJQ0tCT1g=\u0007',
  'Staging\u001b[2K\rProduction',
  '\u202eniamod.example',
  'Box\u009b2J',
  'Tab\there',
  'Del\u007f',
  ...['\u202a', '\u202b', '\u202c', '\u202d', '\u2066', '\u2067', '\u2068', '\u2069'].map(
    (mark) => `Box ${mark}A`,
  ),
  ...['\u200e', '\u200f', '\u061c'].map((mark) => `Box ${mark}A`),
];

describe('server names', () => {
  it.each(HOSTILE)('refuses a name with a control or text-direction character: %j', (name) => {
    const parsed = serverNameSchema.safeParse(name);

    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.message).toMatch(
      /must not contain control characters or text-direction marks \(it has U\+[0-9A-F]{4}\)/,
    );
    expect(serverDraftSchema.shape.name.safeParse(name).success).toBe(false);
  });

  it('accepts names in any script, with spaces, digits and emoji', () => {
    for (const name of ['Box A', 'Бокс 1', 'خادم الإنتاج', 'サーバー', 'Box 🚀', '  Box B  ']) {
      expect(serverNameSchema.safeParse(name).success, name).toBe(true);
    }
    expect(serverNameSchema.parse('  Box B  ')).toBe('Box B');
  });

  it('compares names without case, surrounding space or Unicode composition', () => {
    expect(nameKey(' Box A ')).toBe(nameKey('box a'));
    expect(nameKey('Caf\u00e9')).toBe(nameKey('CAFE\u0301'));
    expect(nameKey('Box A')).not.toBe(nameKey('Box B'));
  });
});

describe('unsafe text', () => {
  it('finds the first control or text-direction character', () => {
    expect(firstUnsafeCharacter('plain text, Бокс')).toBeNull();
    expect(firstUnsafeCharacter('a\u202eb\u001b')).toBe('\u202e');
  });

  it('writes controls as \\xHH and direction marks as \\uHHHH, keeping what it is told to', () => {
    expect(escapeUnsafeText('Box\u001b]52;c;QQ==\u0007')).toBe('Box\\x1b]52;c;QQ==\\x07');
    expect(escapeUnsafeText('S\u001b[2K\rP\u009b')).toBe('S\\x1b[2K\\rP\\x9b');
    expect(escapeUnsafeText('\u202eabc\u2066')).toBe('\\u202eabc\\u2066');
    expect(escapeUnsafeText('one\ntwo\tthree', '\n')).toBe('one\ntwo\\tthree');
    expect(escapeUnsafeText('Бокс é 🚀')).toBe('Бокс é 🚀');
  });

  it('escapes direction marks and C1 controls in JSON text, which still parses to the same value', () => {
    const value = { name: 'a\u202eb\u009b\u007f', user: 'x\u001b\ny', list: [1, 'ok'] };
    const json = escapeUnsafeJson(JSON.stringify(value, null, 2));

    expect(json).toContain('"a\\u202eb\\u009b\\u007f"');
    expect(json).not.toMatch(/[\u007f-\u009f\u202e]/);
    expect(JSON.parse(json)).toEqual(value);
  });
});
