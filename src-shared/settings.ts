/**
 * The session settings model shared by the renderer, the main process and the reference
 * server: one table of its leaves (`FIELD_RULES`), everything derived from it, and the one
 * implementation of its validation rules (see docs/session-api.md, "The rules of the
 * settings"). Nobody re-implements a rule: everyone calls `validateSettings`.
 */

import { formatMinutes } from './duration';
import { collectAdvice } from './settings-advice';
import { checkLeaf, describeValue } from './settings-leaf';

interface IntegerRule {
  kind: 'integer';
  label: string;
  unit: string;
  min: number;
  max: number;
  default: number;
}
interface BooleanRule {
  kind: 'boolean';
  label: string;
  default: boolean;
}
interface EnumRule {
  kind: 'enum';
  label: string;
  values: readonly string[];
  default: string;
}
interface PathRule {
  kind: 'path';
  label: string;
  maxLength: number;
  default: string;
}
/** What a leaf of the model may hold, and how it is named to the admin. */
export type FieldRule = IntegerRule | BooleanRule | EnumRule | PathRule;

/**
 * The one table of the settings model: every leaf by its dotted path, in the contract's
 * order, with its label, range and default. The model's type, its field lists, its object
 * structure, its defaults and the wire schema (settings-schema.ts) are all derived from it.
 */
export const FIELD_RULES = {
  'timeouts.sessionMinutes': {
    kind: 'integer',
    label: 'Session timeout',
    unit: 'minutes',
    min: 5,
    max: 43200,
    default: 480,
  },
  'timeouts.idleMinutes': {
    kind: 'integer',
    label: 'Idle timeout',
    unit: 'minutes',
    min: 1,
    max: 1440,
    default: 30,
  },
  'timeouts.absoluteMinutes': {
    kind: 'integer',
    label: 'Absolute timeout',
    unit: 'minutes',
    min: 5,
    max: 525600,
    default: 43200,
  },
  'persistence.rememberMeDays': {
    kind: 'integer',
    label: 'Remember-me duration',
    unit: 'days',
    min: 0,
    max: 365,
    default: 14,
  },
  'persistence.resetExpiryAtLogon': {
    kind: 'boolean',
    label: 'Reset expiry at logon',
    default: false,
  },
  'persistence.cookie.secure': { kind: 'boolean', label: 'Secure cookie', default: true },
  'persistence.cookie.sameSite': {
    kind: 'enum',
    label: 'SameSite',
    values: ['strict', 'lax', 'none'],
    default: 'lax',
  },
  'persistence.cookie.path': {
    kind: 'path',
    label: 'Cookie path',
    maxLength: 200,
    default: '/',
  },
  'concurrency.maxSessionsPerUser': {
    kind: 'integer',
    label: 'Maximum sessions per user',
    unit: 'sessions',
    min: 1,
    max: 100,
    default: 5,
  },
} as const satisfies Record<string, FieldRule>;

type Rules = typeof FIELD_RULES;

/** A dotted leaf path of the settings model. */
export type SettingsField = keyof Rules;

/** The dotted path of every leaf of the model, in the contract's order. */
export const SETTINGS_FIELDS = Object.keys(FIELD_RULES) as readonly SettingsField[];

/** The cookie SameSite attribute, as the dashboard names it. */
export type SameSite = Rules['persistence.cookie.sameSite']['values'][number];

/** The value a rule describes. */
type ValueOf<R> = R extends { kind: 'integer' }
  ? number
  : R extends { kind: 'boolean' }
    ? boolean
    : R extends { kind: 'enum'; values: readonly (infer V)[] }
      ? V
      : string;
type Head<P extends string> = P extends `${infer H}.${string}` ? H : P;
type Tail<P extends string, H extends string> = P extends `${H}.${infer T}` ? T : never;
/** The nested object that the dotted paths `P` (under `Prefix`) spell out. */
type Tree<P extends string, Prefix extends string = ''> = {
  [H in Head<P>]: [Tail<P, H>] extends [never]
    ? ValueOf<Rules[`${Prefix}${H}` & SettingsField]>
    : Tree<Tail<P, H>, `${Prefix}${H}.`>;
};

/**
 * The three sections an admin edits, nested as the dotted paths of `FIELD_RULES` spell them:
 * `{ timeouts: { sessionMinutes, idleMinutes, absoluteMinutes }, persistence: {
 * rememberMeDays, resetExpiryAtLogon, cookie: { secure, sameSite, path } }, concurrency: {
 * maxSessionsPerUser } }`.
 */
export type SessionSettings = Tree<SettingsField>;

/** The body of `GET /api/settings/sessions`: the settings and their read-only metadata. */
export interface SessionSettingsDocument extends SessionSettings {
  version: number;
  updatedAt: string;
  updatedBy: string;
}

/** Keys of a GET body that are read-only and ignored by validation and by PUT. */
export const READ_ONLY_KEYS = ['version', 'updatedAt', 'updatedBy'] as const;

/** The object structure of the model: the keys of each object level, by its dotted path. */
export const SETTINGS_STRUCTURE: Readonly<Record<string, readonly string[]>> = (() => {
  const structure: Record<string, string[]> = {};
  for (const field of SETTINGS_FIELDS) {
    const keys = field.split('.');
    keys.forEach((key, depth) => {
      const level = (structure[keys.slice(0, depth).join('.')] ??= []);
      if (!level.includes(key)) level.push(key);
    });
  }
  return structure;
})();

/** Builds settings leaf by leaf, in model order (so they serialize in the contract's order). */
function fromLeaves(valueOf: (field: SettingsField) => unknown): SessionSettings {
  const root: Record<string, unknown> = {};
  for (const field of SETTINGS_FIELDS) {
    const keys = field.split('.');
    let node = root;
    for (const key of keys.slice(0, -1)) node = (node[key] ??= {}) as Record<string, unknown>;
    node[keys[keys.length - 1] as string] = valueOf(field);
  }
  return root as SessionSettings;
}

/** The defaults of the contract: a new server without seeded settings starts with these. */
export const DEFAULT_SETTINGS: SessionSettings = fromLeaves((field) => FIELD_RULES[field].default);

const ERROR_CODES = [
  'missing',
  'type',
  'integer',
  'range',
  'enum',
  'relation',
  'path',
  'unknown_field',
] as const;
const ADVICE_CODES = [
  'idle_outside_recommended',
  'session_very_short',
  'single_device',
  'allows_sharing',
  'remember_me_capped',
  'cookie_not_secure',
] as const;

/** Every code a settings issue can have: the errors (they block saving), then the advice. */
export const SETTINGS_ISSUE_CODES = [...ERROR_CODES, ...ADVICE_CODES] as const;

/** Error codes (they block saving), as docs/session-api.md lists them. */
type SettingsErrorCode = (typeof ERROR_CODES)[number];

/** Advice codes (shown, never blocking). */
export type SettingsAdviceCode = (typeof ADVICE_CODES)[number];

/** One finding about one value; `field` is its dotted path ('' for the document itself). */
export interface SettingsIssue {
  field: string;
  code: SettingsErrorCode | SettingsAdviceCode;
  message: string;
}

/** What `validateSettings` returns: errors block a save, advice never does. */
export interface SettingsValidation {
  errors: SettingsIssue[];
  advice: SettingsIssue[];
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function join(parent: string, key: string): string {
  return parent === '' ? key : `${parent}.${key}`;
}

/**
 * Walks the input along the model, collecting structural and leaf errors, and returns the
 * valid leaf values found (a leaf with an error is absent).
 */
function walk(input: unknown, errors: SettingsIssue[]): Map<SettingsField, unknown> {
  const valid = new Map<SettingsField, unknown>();
  const visit = (value: Record<string, unknown>, path: string): void => {
    // Stryker disable next-line ArrayDeclaration: equivalent, visit() is only called with paths of SETTINGS_STRUCTURE, so the fallback is never used
    const keys = SETTINGS_STRUCTURE[path] ?? [];
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
      if (childPath in SETTINGS_STRUCTURE) {
        if (child === undefined) {
          errors.push({
            field: childPath,
            code: 'missing',
            // Stryker disable next-line ArrayDeclaration: equivalent, childPath is in SETTINGS_STRUCTURE on this branch, so the fallback is never used
            message: `The "${childPath}" section is missing; it must hold ${(SETTINGS_STRUCTURE[childPath] ?? []).join(', ')}.`,
          });
        } else if (!isPlainObject(child)) {
          errors.push({
            field: childPath,
            code: 'type',
            // Stryker disable next-line ArrayDeclaration: equivalent, childPath is in SETTINGS_STRUCTURE on this branch, so the fallback is never used
            message: `The "${childPath}" section must be an object holding ${(SETTINGS_STRUCTURE[childPath] ?? []).join(', ')}, not ${describeValue(child)}.`,
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
      } else {
        const error = checkLeaf(field, FIELD_RULES[field], child);
        if (error) errors.push(error);
        else valid.set(field, child);
      }
    }
  };
  if (!isPlainObject(input)) {
    errors.push({
      field: '',
      code: 'type',
      message: `Settings must be an object with timeouts, persistence and concurrency, not ${describeValue(input)}.`,
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
  return fromLeaves((field) => getField(input, field));
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
  return fromLeaves((leaf) => (leaf === field ? value : getField(settings, leaf)));
}

/** The dotted leaf paths whose values differ between two settings, in model order. */
export function changedFields(before: SessionSettings, after: SessionSettings): SettingsField[] {
  return SETTINGS_FIELDS.filter((field) => getField(before, field) !== getField(after, field));
}
