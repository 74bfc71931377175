/**
 * Characters that must never reach a terminal or a name as they are: the C0 and C1 control
 * characters (ESC starts terminal escapes that can rewrite the screen or the clipboard, CR
 * overwrites a line) and the Unicode text-direction formatting characters (overrides,
 * embeddings, isolates and marks), which make text display in another order than it is
 * stored (CVE-2021-42574, "Trojan Source"). One rule for names and for what qbsc prints.
 */

// The control characters are the point of this pattern.
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** The first control or text-direction character of `text`, or null when it has none. */
export function firstUnsafeCharacter(text: string): string | null {
  UNSAFE.lastIndex = 0;
  const found = UNSAFE.exec(text);
  UNSAFE.lastIndex = 0;
  return found ? found[0] : null;
}

/** `U+001B` for a character. */
export function codePointLabel(character: string): string {
  return `U+${(character.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
}

const NAMED: Readonly<Record<string, string>> = { '\t': '\\t', '\n': '\\n', '\r': '\\r' };

/**
 * `text` with each control character written as `\xHH` (`\t`, `\n`, `\r` by name) and each
 * text-direction character as `\uHHHH`, so it shows what is there without acting on it;
 * the characters in `keep` (a line break in text of several lines) stay as they are.
 */
// Stryker disable next-line StringLiteral: equivalent, any default without an unsafe character keeps nothing, and a default is never unsafe
export function escapeUnsafeText(text: string, keep = ''): string {
  return text.replace(UNSAFE, (character) => {
    if (keep.includes(character)) return character;
    const named = NAMED[character];
    if (named) return named;
    const code = character.charCodeAt(0);
    // Stryker disable next-line EqualityOperator: equivalent, U+00FF is not an unsafe character, so `<` and `<=` escape the same ones
    return code <= 0xff
      ? `\\x${code.toString(16).padStart(2, '0')}`
      : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}

/**
 * JSON text with every C1 control, DEL and text-direction character as a `\uHHHH` escape
 * (JSON.stringify escapes the C0 controls in strings already; a raw line break left in its
 * output is layout).
 */
export function escapeUnsafeJson(json: string): string {
  // Inside JSON these characters can only stand in strings, where `\uHHHH` means the same.
  return json.replace(UNSAFE, (character) => {
    const code = character.charCodeAt(0);
    // Stryker disable next-line EqualityOperator: equivalent, a space (0x20) is not an unsafe character, so `<` and `<=` keep the same ones
    return code < 0x20 ? character : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}
