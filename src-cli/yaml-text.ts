/**
 * YAML for `-o yaml`, from the same JSON data model as `--json` (objects, arrays, strings,
 * finite numbers, booleans, null). Written here rather than with a YAML library: the one in
 * node_modules writes text-direction characters and U+2028 raw into plain scalars, which would
 * act on the terminal (see docs/adr). A string is written plain only when it can be read back
 * as that same string (a conservative pattern, no YAML keyword, no number); any other is a
 * double-quoted scalar written by JSON.stringify with the unsafe characters escaped, which
 * YAML 1.2 reads as the same string (its double-quoted escapes include JSON's).
 */

import { escapeUnsafeJson } from '../src-shared/unsafe-text';

/** Words YAML 1.1 or 1.2 readers take for a boolean or null. */
const KEYWORDS = /^(?:true|false|yes|no|on|off|y|n|null|~)$/i;
/** Text a YAML reader could take for a number (ints, floats, hex, octal, .inf, .nan, 1_000). */
const NUMERIC =
  /^[-+]?(?:[\d_]+(?:\.[\d_]*)?(?:e[-+]?\d+)?|\.\d+|0x[\da-f_]+|0o[0-7_]+|\.inf|\.nan)$/i;
/** Plain text that starts with a letter, digit or /, and holds no `: `, ` #` or indicators. */
const PLAIN = /^[A-Za-z0-9/][A-Za-z0-9 _./@+()-]*$/;
const DATE_LIKE = /^\d{4}-\d\d-\d\d/;

function scalarText(value: string): string {
  const plain =
    PLAIN.test(value) &&
    !value.endsWith(' ') &&
    !KEYWORDS.test(value) &&
    !NUMERIC.test(value) &&
    !DATE_LIKE.test(value);
  // U+2028 and U+2029 too: JSON leaves them raw, and YAML 1.1 readers break lines at them.
  return plain
    ? value
    : escapeUnsafeJson(JSON.stringify(value)).replace(
        /[\u2028\u2029]/g,
        (character) => `\\u${character.charCodeAt(0).toString(16)}`,
      );
}

function keyText(key: string): string {
  return scalarText(key);
}

function leaf(value: unknown): string | null {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'boolean') return String(value);
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : 'null';
  if (typeof value === 'string') return scalarText(value);
  if (Array.isArray(value) && value.length === 0) return '[]';
  if (typeof value === 'object' && Object.keys(value).length === 0) return '{}';
  return null;
}

/** The lines of a non-empty object or array, indented by `indent` spaces. */
function blockLines(value: object, indent: number): string[] {
  const pad = ' '.repeat(indent);
  const lines: string[] = [];
  if (Array.isArray(value)) {
    for (const item of value as unknown[]) {
      const text = leaf(item);
      if (text !== null) {
        lines.push(`${pad}- ${text}`);
        continue;
      }
      // A nested block starts on the dash's line: "- key: value", then its siblings under it.
      const inner = blockLines(item as object, indent + 2);
      lines.push(`${pad}- ${(inner[0] ?? '').trimStart()}`, ...inner.slice(1));
    }
    return lines;
  }
  for (const [key, item] of Object.entries(value)) {
    if (item === undefined) continue;
    const text = leaf(item);
    if (text !== null) lines.push(`${pad}${keyText(key)}: ${text}`);
    else lines.push(`${pad}${keyText(key)}:`, ...blockLines(item as object, indent + 2));
  }
  return lines;
}

/** `value` (JSON data) as a YAML document, ending with a line break. */
export function yamlText(value: unknown): string {
  // Through JSON first, so toJSON and dropped members are as --json has them.
  const json = JSON.stringify(value);
  const data = json === undefined ? null : (JSON.parse(json) as unknown);
  const text = leaf(data);
  return `${text ?? blockLines(data as object, 0).join('\n')}\n`;
}
