/**
 * One value of the settings checked against its rule in `FIELD_RULES`, and the wording of
 * what is wrong with it. `validateSettings` (settings.ts) walks the document and calls this
 * for each leaf; the relations between leaves and the advice are checked there and in
 * settings-advice.ts.
 */

import type { FieldRule, SettingsField, SettingsIssue } from './settings';

// RFC 6265 section 4.1.1: a path-value is any CHAR (ASCII) except controls and ";". docs/session-api.md
// narrows it to visible ASCII (0x21-0x7E) without ";" or ",": Node refuses anything beyond
// Latin-1 in a Set-Cookie header (ERR_INVALID_CHAR), so a path such as "/✓" once made every
// login fail. The `u` flag matches an astral character as one.
const FORBIDDEN_PATH_CHARACTER = /[^\x21-\x7e]|[;,]/u;

/** What kind of value something is, in words ("text", "a list"), for a refusal. */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'string') return 'text';
  if (typeof value === 'number') return Number.isNaN(value) ? 'not a number' : 'a number';
  return `a ${typeof value}`;
}

function formatNumber(value: number): string {
  return value.toLocaleString('en-US');
}

/** The cookie-path problem of a string, or null when it is a plain URL path. */
function cookiePathProblem(path: string, maxLength: number): string | null {
  if (!path.startsWith('/')) return 'must start with "/"';
  if (path.length > maxLength) {
    return `must be at most ${maxLength} characters (it has ${path.length})`;
  }
  const bad = FORBIDDEN_PATH_CHARACTER.exec(path)?.[0];
  return bad === undefined ? null : `must not contain ${describePathCharacter(bad)}`;
}

/** How a refused path character is named in a message: itself, or its code point. */
function describePathCharacter(character: string): string {
  const code = character.codePointAt(0) ?? 0;
  const codePoint = `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
  if (character === ';' || character === ',') return `"${character}"`;
  if (code <= 0x7f) return /\s/.test(character) ? 'whitespace' : 'a control character';
  // Lone surrogates and C1 controls have no glyph to quote.
  return /^[\p{L}\p{M}\p{N}\p{P}\p{S}]$/u.test(character)
    ? `"${character}" (${codePoint})`
    : codePoint;
}

/** The problem of one leaf's value as a code and the words after the label; null when valid. */
function leafProblem(
  rule: FieldRule,
  value: unknown,
): { code: SettingsIssue['code']; text: string } | null {
  const problem = (code: SettingsIssue['code'], text: string) => ({ code, text });
  switch (rule.kind) {
    case 'integer': {
      const expected = `a whole number of ${rule.unit} from ${formatNumber(rule.min)} to ${formatNumber(rule.max)}`;
      if (typeof value !== 'number' || !Number.isFinite(value)) {
        return problem('type', `must be ${expected}, not ${describeValue(value)}.`);
      }
      if (!Number.isInteger(value)) return problem('integer', `must be ${expected}, not ${value}.`);
      if (value < rule.min || value > rule.max) {
        return problem(
          'range',
          `must be from ${formatNumber(rule.min)} to ${formatNumber(rule.max)} ${rule.unit} (it is ${formatNumber(value)}).`,
        );
      }
      return null;
    }
    case 'boolean':
      return typeof value === 'boolean'
        ? null
        : problem('type', `must be true or false, not ${describeValue(value)}.`);
    case 'enum': {
      const allowed = rule.values.map((v) => `"${v}"`).join(', ');
      if (typeof value !== 'string') {
        return problem('type', `must be one of ${allowed}, not ${describeValue(value)}.`);
      }
      if (!rule.values.includes(value)) {
        return problem('enum', `must be one of ${allowed} (it is "${value}").`);
      }
      return null;
    }
    case 'path': {
      if (typeof value !== 'string') {
        return problem('type', `must be a URL path such as "/", not ${describeValue(value)}.`);
      }
      const pathProblem = cookiePathProblem(value, rule.maxLength);
      return pathProblem
        ? problem(
            'path',
            `${pathProblem}: use a URL path of visible ASCII characters (RFC 6265) without ";" or ",", such as "/" or "/dashboard".`,
          )
        : null;
    }
  }
}

/** The error of one leaf's value under its rule, named by the rule's label; null when valid. */
export function checkLeaf(
  field: SettingsField,
  rule: FieldRule,
  value: unknown,
): SettingsIssue | null {
  const problem = leafProblem(rule, value);
  return problem && { field, code: problem.code, message: `${rule.label} ${problem.text}` };
}
