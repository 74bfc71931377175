/**
 * The session settings model shared by the renderer, the main process and the reference
 * server, with the one implementation of its validation rules (see DESIGN.md, "The settings
 * model and its rules"). Nobody re-implements a rule: everyone calls `validateSettings`.
 */

import { formatMinutes } from './duration';

/** The cookie SameSite attribute, as the dashboard names it. */
export type SameSite = 'strict' | 'lax' | 'none';

/** The three sections an admin edits. */
export interface SessionSettings {
  timeouts: {
    sessionMinutes: number;
    idleMinutes: number;
    absoluteMinutes: number;
  };
  persistence: {
    rememberMeDays: number;
    resetExpiryAtLogon: boolean;
    cookie: { secure: boolean; sameSite: SameSite; path: string };
  };
  concurrency: { maxSessionsPerUser: number };
}

/** The body of `GET /api/settings/sessions`: the settings and their read-only metadata. */
export interface SessionSettingsDocument extends SessionSettings {
  version: number;
  updatedAt: string;
  updatedBy: string;
}

/** The dotted path of every leaf of the model, in display order. */
export const SETTINGS_FIELDS = [
  'timeouts.sessionMinutes',
  'timeouts.idleMinutes',
  'timeouts.absoluteMinutes',
  'persistence.rememberMeDays',
  'persistence.resetExpiryAtLogon',
  'persistence.cookie.secure',
  'persistence.cookie.sameSite',
  'persistence.cookie.path',
  'concurrency.maxSessionsPerUser',
] as const;

/** A dotted leaf path of the settings model. */
export type SettingsField = (typeof SETTINGS_FIELDS)[number];

/** The defaults of the contract: a new server without seeded settings starts with these. */
export const DEFAULT_SETTINGS: SessionSettings = {
  timeouts: { sessionMinutes: 480, idleMinutes: 30, absoluteMinutes: 43200 },
  persistence: {
    rememberMeDays: 14,
    resetExpiryAtLogon: false,
    cookie: { secure: true, sameSite: 'lax', path: '/' },
  },
  concurrency: { maxSessionsPerUser: 5 },
};

/** Keys of a GET body that are read-only and ignored by validation and by PUT. */
export const READ_ONLY_KEYS = ['version', 'updatedAt', 'updatedBy'] as const;

/** Error codes (they block saving). */
export type SettingsErrorCode =
  'missing' | 'type' | 'integer' | 'range' | 'enum' | 'relation' | 'path' | 'unknown_field';

/** Advice codes (shown, never blocking). */
export type SettingsAdviceCode =
  | 'idle_outside_recommended'
  | 'session_very_short'
  | 'single_device'
  | 'allows_sharing'
  | 'remember_me_capped'
  | 'cookie_not_secure';

/** One finding about one value; `field` is its dotted path ('' for the document itself). */
export interface SettingsIssue {
  field: string;
  code: string;
  message: string;
}

/** What `validateSettings` returns: errors block a save, advice never does. */
export interface SettingsValidation {
  errors: SettingsIssue[];
  advice: SettingsIssue[];
}

interface IntegerRule {
  kind: 'integer';
  label: string;
  unit: string;
  min: number;
  max: number;
}
interface BooleanRule {
  kind: 'boolean';
  label: string;
}
interface EnumRule {
  kind: 'enum';
  label: string;
  values: readonly string[];
}
interface PathRule {
  kind: 'path';
  label: string;
  maxLength: number;
}
type FieldRule = IntegerRule | BooleanRule | EnumRule | PathRule;

/** The range and label of every leaf; the UI reads these too (labels, min/max hints). */
export const FIELD_RULES = {
  'timeouts.sessionMinutes': {
    kind: 'integer',
    label: 'Session timeout',
    unit: 'minutes',
    min: 5,
    max: 43200,
  },
  'timeouts.idleMinutes': {
    kind: 'integer',
    label: 'Idle timeout',
    unit: 'minutes',
    min: 1,
    max: 1440,
  },
  'timeouts.absoluteMinutes': {
    kind: 'integer',
    label: 'Absolute timeout',
    unit: 'minutes',
    min: 5,
    max: 525600,
  },
  'persistence.rememberMeDays': {
    kind: 'integer',
    label: 'Remember-me duration',
    unit: 'days',
    min: 0,
    max: 365,
  },
  'persistence.resetExpiryAtLogon': { kind: 'boolean', label: 'Reset expiry at logon' },
  'persistence.cookie.secure': { kind: 'boolean', label: 'Secure cookie' },
  'persistence.cookie.sameSite': {
    kind: 'enum',
    label: 'SameSite',
    values: ['strict', 'lax', 'none'],
  },
  'persistence.cookie.path': { kind: 'path', label: 'Cookie path', maxLength: 200 },
  'concurrency.maxSessionsPerUser': {
    kind: 'integer',
    label: 'Maximum sessions per user',
    unit: 'sessions',
    min: 1,
    max: 100,
  },
} as const satisfies { readonly [F in SettingsField]: FieldRule };

/** The object structure of the model: which keys each object level has. */
const STRUCTURE: Record<string, readonly string[]> = {
  '': ['timeouts', 'persistence', 'concurrency'],
  timeouts: ['sessionMinutes', 'idleMinutes', 'absoluteMinutes'],
  persistence: ['rememberMeDays', 'resetExpiryAtLogon', 'cookie'],
  'persistence.cookie': ['secure', 'sameSite', 'path'],
  concurrency: ['maxSessionsPerUser'],
};

// RFC 6265 section 4.1.1: a path-value is any CHAR (ASCII) except controls and ";". DESIGN.md
// narrows it to visible ASCII (0x21-0x7E) without ";" or ",": Node refuses anything beyond
// Latin-1 in a Set-Cookie header (ERR_INVALID_CHAR), so a path such as "/✓" once made every
// login fail (issue 8, item 10). The `u` flag matches an astral character as one.
const FORBIDDEN_PATH_CHARACTER = /[^\x21-\x7e]|[;,]/u;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function join(parent: string, key: string): string {
  return parent === '' ? key : `${parent}.${key}`;
}

function describe(value: unknown): string {
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
export function cookiePathProblem(path: string): string | null {
  if (!path.startsWith('/')) return 'must start with "/"';
  if (path.length > FIELD_RULES['persistence.cookie.path'].maxLength) {
    return `must be at most ${FIELD_RULES['persistence.cookie.path'].maxLength} characters (it has ${path.length})`;
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

function checkLeaf(field: SettingsField, value: unknown, errors: SettingsIssue[]): boolean {
  const rule: FieldRule = FIELD_RULES[field];
  const push = (code: SettingsErrorCode, message: string): false => {
    errors.push({ field, code, message: `${rule.label} ${message}` });
    return false;
  };
  switch (rule.kind) {
    case 'integer': {
      const expected = `a whole number of ${rule.unit} from ${formatNumber(rule.min)} to ${formatNumber(rule.max)}`;
      if (typeof value !== 'number' || !Number.isFinite(value)) {
        return push('type', `must be ${expected}, not ${describe(value)}.`);
      }
      if (!Number.isInteger(value)) return push('integer', `must be ${expected}, not ${value}.`);
      if (value < rule.min || value > rule.max) {
        return push(
          'range',
          `must be from ${formatNumber(rule.min)} to ${formatNumber(rule.max)} ${rule.unit} (it is ${formatNumber(value)}).`,
        );
      }
      return true;
    }
    case 'boolean':
      if (typeof value !== 'boolean') {
        return push('type', `must be true or false, not ${describe(value)}.`);
      }
      return true;
    case 'enum': {
      const allowed = rule.values.map((v) => `"${v}"`).join(', ');
      if (typeof value !== 'string')
        return push('type', `must be one of ${allowed}, not ${describe(value)}.`);
      if (!rule.values.includes(value))
        return push('enum', `must be one of ${allowed} (it is "${value}").`);
      return true;
    }
    case 'path': {
      if (typeof value !== 'string') {
        return push('type', `must be a URL path such as "/", not ${describe(value)}.`);
      }
      const problem = cookiePathProblem(value);
      if (problem) {
        return push(
          'path',
          `${problem}: use a URL path of visible ASCII characters (RFC 6265) without ";" or ",", such as "/" or "/dashboard".`,
        );
      }
      return true;
    }
  }
}

/**
 * Walks the input along the model, collecting structural and leaf errors, and returns the
 * valid leaf values found (a leaf with an error is absent).
 */
function walk(input: unknown, errors: SettingsIssue[]): Map<SettingsField, unknown> {
  const valid = new Map<SettingsField, unknown>();
  const visit = (value: Record<string, unknown>, path: string): void => {
    // Stryker disable next-line ArrayDeclaration: equivalent, visit() is only called with paths of STRUCTURE, so the fallback is never used
    const keys = STRUCTURE[path] ?? [];
    for (const key of Object.keys(value)) {
      if (keys.includes(key)) continue;
      if (path === '' && (READ_ONLY_KEYS as readonly string[]).includes(key)) continue;
      errors.push({
        field: join(path, key),
        code: 'unknown_field',
        message: `"${join(path, key)}" is not a session setting; remove it (valid keys here: ${keys.join(', ')}).`,
      });
    }
    for (const key of keys) {
      const childPath = join(path, key);
      const child = Object.prototype.hasOwnProperty.call(value, key) ? value[key] : undefined;
      if (childPath in STRUCTURE) {
        if (child === undefined) {
          errors.push({
            field: childPath,
            code: 'missing',
            // Stryker disable next-line ArrayDeclaration: equivalent, childPath is in STRUCTURE on this branch, so the fallback is never used
            message: `The "${childPath}" section is missing; it must hold ${(STRUCTURE[childPath] ?? []).join(', ')}.`,
          });
        } else if (!isPlainObject(child)) {
          errors.push({
            field: childPath,
            code: 'type',
            // Stryker disable next-line ArrayDeclaration: equivalent, childPath is in STRUCTURE on this branch, so the fallback is never used
            message: `The "${childPath}" section must be an object holding ${(STRUCTURE[childPath] ?? []).join(', ')}, not ${describe(child)}.`,
          });
        } else {
          visit(child, childPath);
        }
        continue;
      }
      const field = childPath as SettingsField;
      if (child === undefined) {
        errors.push({
          field,
          code: 'missing',
          message: `${FIELD_RULES[field].label} is missing; it is required.`,
        });
      } else if (checkLeaf(field, child, errors)) {
        valid.set(field, child);
      }
    }
  };
  if (!isPlainObject(input)) {
    errors.push({
      field: '',
      code: 'type',
      message: `Settings must be an object with timeouts, persistence and concurrency, not ${describe(input)}.`,
    });
  } else {
    visit(input, '');
  }
  return valid;
}

function checkRelations(valid: Map<SettingsField, unknown>, errors: SettingsIssue[]): void {
  const idle = valid.get('timeouts.idleMinutes') as number | undefined;
  const session = valid.get('timeouts.sessionMinutes') as number | undefined;
  const absolute = valid.get('timeouts.absoluteMinutes') as number | undefined;
  if (idle !== undefined && session !== undefined && idle > session) {
    errors.push({
      field: 'timeouts.idleMinutes',
      code: 'relation',
      message: `Idle timeout (${formatMinutes(idle)}) must not be longer than the session timeout (${formatMinutes(session)}); set it to ${formatMinutes(session)} or less.`,
    });
  }
  if (session !== undefined && absolute !== undefined && session > absolute) {
    errors.push({
      field: 'timeouts.sessionMinutes',
      code: 'relation',
      message: `Session timeout (${formatMinutes(session)}) must not be longer than the absolute timeout (${formatMinutes(absolute)}); set it to ${formatMinutes(absolute)} or less.`,
    });
  }
  if (
    valid.get('persistence.cookie.sameSite') === 'none' &&
    valid.get('persistence.cookie.secure') === false
  ) {
    errors.push({
      field: 'persistence.cookie.sameSite',
      code: 'relation',
      message:
        'SameSite "none" requires a Secure cookie (browsers reject it otherwise); turn Secure on or choose "lax" or "strict".',
    });
  }
}

function collectAdvice(valid: Map<SettingsField, unknown>): SettingsIssue[] {
  const advice: SettingsIssue[] = [];
  const add = (field: SettingsField, code: SettingsAdviceCode, message: string): void => {
    advice.push({ field, code, message });
  };
  const idle = valid.get('timeouts.idleMinutes') as number | undefined;
  const session = valid.get('timeouts.sessionMinutes') as number | undefined;
  const absolute = valid.get('timeouts.absoluteMinutes') as number | undefined;
  const rememberDays = valid.get('persistence.rememberMeDays') as number | undefined;
  const maxSessions = valid.get('concurrency.maxSessionsPerUser') as number | undefined;
  if (idle !== undefined && (idle < 15 || idle > 30)) {
    add(
      'timeouts.idleMinutes',
      'idle_outside_recommended',
      `QuickBox recommends an idle timeout of 15 to 30 minutes (this is ${formatMinutes(idle)}).`,
    );
  }
  if (session !== undefined && session < 15) {
    add(
      'timeouts.sessionMinutes',
      'session_very_short',
      `A session timeout under 15 minutes (this is ${formatMinutes(session)}) frustrates active users: they are logged out mid-task.`,
    );
  }
  if (maxSessions === 1) {
    add(
      'concurrency.maxSessionsPerUser',
      'single_device',
      'A limit of 1 enforces a single device: logging in on a phone logs the desktop out. A limit of 3 to 5 covers legitimate use.',
    );
  } else if (maxSessions !== undefined && maxSessions > 5) {
    add(
      'concurrency.maxSessionsPerUser',
      'allows_sharing',
      `A limit of 3 to 5 covers legitimate use; ${maxSessions} concurrent sessions make credential sharing easy.`,
    );
  }
  if (rememberDays !== undefined && absolute !== undefined && rememberDays * 1440 > absolute) {
    add(
      'persistence.rememberMeDays',
      'remember_me_capped',
      `Remember-me (${formatMinutes(rememberDays * 1440)}) is longer than the absolute timeout (${formatMinutes(absolute)}), which caps it: remembered sessions end after ${formatMinutes(absolute)}.`,
    );
  }
  if (valid.get('persistence.cookie.secure') === false) {
    add(
      'persistence.cookie.secure',
      'cookie_not_secure',
      'Without Secure, the session cookie is also sent over plain HTTP, where it can be intercepted. Turn it on if the dashboard is served over HTTPS.',
    );
  }
  return advice;
}

/**
 * Validates session settings given as anything (a GET body, a draft, a request body).
 *
 * Never throws. Returns the errors (which block saving) and the advice (which does not);
 * each names the dotted field it concerns and says what would be valid.
 */
export function validateSettings(input: unknown): SettingsValidation {
  const errors: SettingsIssue[] = [];
  const valid = walk(input, errors);
  checkRelations(valid, errors);
  return { errors, advice: collectAdvice(valid) };
}

/** Narrows `input` to valid settings (no errors), for code paths that need the typed value. */
export function isValidSettings(input: unknown): input is SessionSettings {
  return validateSettings(input).errors.length === 0;
}

/** Copies only the three editable sections of valid settings (drops read-only metadata). */
export function pickSettings(input: SessionSettings): SessionSettings {
  return {
    timeouts: {
      sessionMinutes: input.timeouts.sessionMinutes,
      idleMinutes: input.timeouts.idleMinutes,
      absoluteMinutes: input.timeouts.absoluteMinutes,
    },
    persistence: {
      rememberMeDays: input.persistence.rememberMeDays,
      resetExpiryAtLogon: input.persistence.resetExpiryAtLogon,
      cookie: {
        secure: input.persistence.cookie.secure,
        sameSite: input.persistence.cookie.sameSite,
        path: input.persistence.cookie.path,
      },
    },
    concurrency: { maxSessionsPerUser: input.concurrency.maxSessionsPerUser },
  };
}

/** Reads a leaf of the settings by its dotted path. */
export function getField(
  settings: SessionSettings,
  field: SettingsField,
): number | boolean | string {
  let node: unknown = settings;
  for (const key of field.split('.')) node = (node as Record<string, unknown>)[key];
  return node as number | boolean | string;
}

/** Returns a copy of the settings with one leaf replaced. */
export function setField(
  settings: SessionSettings,
  field: SettingsField,
  value: number | boolean | string,
): SessionSettings {
  const copy = pickSettings(settings);
  const keys = field.split('.');
  let node = copy as unknown as Record<string, unknown>;
  for (const key of keys.slice(0, -1)) node = node[key] as Record<string, unknown>;
  node[keys[keys.length - 1] as string] = value;
  return copy;
}

/** The dotted leaf paths whose values differ between two settings, in model order. */
export function changedFields(before: SessionSettings, after: SessionSettings): SettingsField[] {
  return SETTINGS_FIELDS.filter((field) => getField(before, field) !== getField(after, field));
}
