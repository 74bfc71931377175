/**
 * Look-alike hosts: a label that mixes scripts (`bоx-a` with a Cyrillic о) can imitate
 * another host. Addresses are stored as the URL parser writes them (punycode), so the
 * warning decodes punycode labels itself (RFC 3492; plain TypeScript, for the dialogs and
 * qbsc alike) and names the scripts it found. A warning, never a refusal: a name in one
 * script, or Japanese, Chinese or Korean beside Latin (as UTS #39 allows), is not warned about.
 */

const BASE = 36;
const T_MIN = 1;
const T_MAX = 26;
const SKEW = 38;
const DAMP = 700;

function adapt(delta: number, points: number, first: boolean): number {
  let scaled = first ? Math.floor(delta / DAMP) : delta >> 1;
  scaled += Math.floor(scaled / points);
  let k = 0;
  while (scaled > ((BASE - T_MIN) * T_MAX) >> 1) {
    scaled = Math.floor(scaled / (BASE - T_MIN));
    k += BASE;
  }
  return k + Math.floor(((BASE - T_MIN + 1) * scaled) / (scaled + SKEW));
}

function digitOf(code: number): number {
  if (code >= 0x30 && code <= 0x39) return code - 22;
  if (code >= 0x61 && code <= 0x7a) return code - 0x61;
  if (code >= 0x41 && code <= 0x5a) return code - 0x41;
  return -1;
}

/** The Unicode of a punycode label's part after `xn--`, or null when it is not punycode. */
function decodePunycode(input: string): string | null {
  const basic = input.lastIndexOf('-');
  const output = [...input.slice(0, Math.max(basic, 0))].map((char) => char.charCodeAt(0));
  let n = 128;
  let bias = 72;
  let i = 0;
  for (let index = basic > 0 ? basic + 1 : 0; index < input.length;) {
    const before = i;
    let weight = 1;
    for (let k = BASE; ; k += BASE) {
      // Stryker disable next-line ConditionalExpression,EqualityOperator: equivalent, past the end charCodeAt is NaN, which digitOf answers with -1, so the next line returns null as well
      if (index >= input.length) return null;
      const digit = digitOf(input.charCodeAt(index++));
      if (digit < 0) return null;
      i += digit * weight;
      const threshold = k <= bias ? T_MIN : k >= bias + T_MAX ? T_MAX : k - bias;
      if (digit < threshold) break;
      weight *= BASE - threshold;
      if (i > 0x10ffff * 64) return null;
    }
    const length = output.length + 1;
    bias = adapt(i - before, length, before === 0);
    n += Math.floor(i / length);
    i %= length;
    if (n > 0x10ffff) return null;
    output.splice(i, 0, n);
    i += 1;
  }
  return String.fromCodePoint(...output);
}

/** A host name with its punycode labels decoded (a label that does not decode stays). */
export function unicodeHost(hostname: string): string {
  return hostname
    .split('.')
    .map((label) =>
      label.toLowerCase().startsWith('xn--') ? (decodePunycode(label.slice(4)) ?? label) : label,
    )
    .join('.');
}

const SCRIPTS = [
  'Latin',
  'Cyrillic',
  'Greek',
  'Armenian',
  'Georgian',
  'Hebrew',
  'Arabic',
  'Devanagari',
  'Thai',
  'Cherokee',
  'Han',
  'Hiragana',
  'Katakana',
  'Hangul',
  'Bopomofo',
] as const;
const SCRIPT_PATTERNS = SCRIPTS.map((script) => ({
  script,
  pattern: new RegExp(`^\\p{Script=${script}}$`, 'u'),
}));

/** The scripts whose letters may be mixed with each other in one label (UTS #39). */
const ALLOWED_MIXES: readonly (readonly string[])[] = [
  ['Latin', 'Han', 'Hiragana', 'Katakana'],
  ['Latin', 'Han', 'Hangul'],
  ['Latin', 'Han', 'Bopomofo'],
];

function scriptsOf(label: string): string[] {
  const found = new Set<string>();
  for (const char of label) {
    if (!/\p{L}/u.test(char)) continue;
    found.add(SCRIPT_PATTERNS.find(({ pattern }) => pattern.test(char))?.script ?? 'another');
  }
  return [...found];
}

/**
 * The warning for an address whose host has a label mixing scripts; null for any other
 * address (or text that is not one).
 */
export function mixedScriptWarning(address: string): string | null {
  let hostname: string;
  try {
    hostname = new URL(address.trim()).hostname;
  } catch {
    return null;
  }
  const host = unicodeHost(hostname);
  for (const label of host.split('.')) {
    const scripts = scriptsOf(label);
    const allowed = ALLOWED_MIXES.some((mix) => scripts.every((script) => mix.includes(script)));
    if (scripts.length > 1 && !allowed) {
      const names = `${scripts.slice(0, -1).join(', ')} and ${scripts.at(-1) ?? ''}`;
      return `The host ${host} (${hostname}) mixes ${names} letters, as a look-alike of another host would: check that it is the server you mean.`;
    }
  }
  return null;
}
