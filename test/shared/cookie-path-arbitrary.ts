/** fast-check generators of cookie paths, shared by the rule's tests and the server's. */
import fc from 'fast-check';

const asciiCharacter = fc.integer({ min: 0, max: 0x7f }).map((code) => String.fromCharCode(code));
const visibleCharacter = fc
  .integer({ min: 0x21, max: 0x7e })
  .map((code) => String.fromCharCode(code));

/** Characters just outside the rule, and ones Node refuses in a header. */
export const ODD_CHARACTERS = [
  '✓',
  'é',
  '\u0080',
  '\u00ff',
  '\u00a0',
  ' ',
  '\u007f',
  '\ud83d',
  '😀',
];

/** Strings shaped like paths: `/` then visible ASCII, at times with one odd character. */
export const pathLike = fc
  .tuple(
    fc.string({ unit: visibleCharacter, maxLength: 40 }),
    fc.option(fc.constantFrom(...ODD_CHARACTERS), { freq: 3 }),
  )
  .map(([rest, odd]) => `/${rest}${odd ?? ''}`);

/**
 * Arbitrary strings of every kind (lone surrogates, astral characters, controls, Latin-1,
 * long ones), plus strings shaped like paths so that accepted ones come up often.
 */
export const anyPath = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 260 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({ unit: 'binary-ascii', maxLength: 260 }),
  fc.string({ unit: 'binary', maxLength: 20 }).map((rest) => `/${rest}`),
  fc.string({ unit: asciiCharacter, maxLength: 220 }).map((rest) => `/${rest}`),
  fc.string({ unit: visibleCharacter, minLength: 190, maxLength: 210 }).map((rest) => `/${rest}`),
  pathLike,
);
