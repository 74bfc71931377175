/**
 * The JSON schemas of the settings on the wire, derived from the one rules table
 * (`FIELD_RULES`, `SETTINGS_STRUCTURE` in src-shared/settings.ts), for the settings routes and
 * the OpenAPI document. They describe each leaf's kind and range, so a shim implementer reads
 * the rules in the document; `validateSettings` stays the judge of a PUT: a body these schemas
 * refuse always has `validateSettings` errors too (test/server/openapi-schemas.test.ts checks
 * it), and the 422 answer carries those errors, never Ajv's.
 */

import {
  DEFAULT_SETTINGS,
  FIELD_RULES,
  SETTINGS_STRUCTURE,
  getField,
  type FieldRule,
  type SettingsField,
} from '../src-shared/settings';

/** A JSON schema, as Fastify and @fastify/swagger take it. */
export type JsonSchema = Record<string, unknown>;

/**
 * The cookie path rule of docs/session-api.md as a pattern: "/" then visible ASCII (0x21-0x7E) without
 * ";" (0x3B) or "," (0x2C). src-shared/settings-leaf.ts checks the same; the tests compare the
 * two on generated paths.
 */
export const COOKIE_PATH_PATTERN = '^/[\\x21-\\x2B\\x2D-\\x3A\\x3C-\\x7E]*$';

function leafSchema(field: SettingsField, rule: FieldRule, withDefault: boolean): JsonSchema {
  // A response schema has no default: fast-json-stringify would write it for a missing leaf
  // and hide the fault.
  const fallback = withDefault ? { default: getField(DEFAULT_SETTINGS, field) } : {};
  switch (rule.kind) {
    case 'integer':
      return {
        type: 'integer',
        minimum: rule.min,
        maximum: rule.max,
        description: `${rule.label}, in ${rule.unit}.`,
        ...fallback,
      };
    case 'boolean':
      return { type: 'boolean', description: `${rule.label}.`, ...fallback };
    case 'enum':
      return {
        type: 'string',
        enum: [...rule.values],
        description: `${rule.label}.`,
        ...fallback,
      };
    case 'path':
      return {
        type: 'string',
        maxLength: rule.maxLength,
        pattern: COOKIE_PATH_PATTERN,
        description: `${rule.label}: a URL path of visible ASCII characters without ";" or ",".`,
        ...fallback,
      };
  }
}

/** The schema of the object level at `path` ('' for the root), built from the structure. */
function levelSchema(path: string, withDefault: boolean): JsonSchema {
  const keys = SETTINGS_STRUCTURE[path] ?? [];
  const properties: Record<string, JsonSchema> = {};
  for (const key of keys) {
    const child = path === '' ? key : `${path}.${key}`;
    properties[key] =
      child in SETTINGS_STRUCTURE
        ? levelSchema(child, withDefault)
        : leafSchema(child as SettingsField, FIELD_RULES[child as SettingsField], withDefault);
  }
  return { type: 'object', required: [...keys], additionalProperties: false, properties };
}

const RELATIONS =
  'Besides each value\'s range: idleMinutes <= sessionMinutes <= absoluteMinutes, and sameSite "none" needs secure. The server enforces the rules of validateSettings (docs/session-api.md); a body that breaks one is 422 invalid_settings listing each problem.';

/** `Settings`: the three sections a PUT sends (the read-only metadata may come along, ignored). */
export const settingsInputSchema: JsonSchema = (() => {
  const root = levelSchema('', true);
  const ignored = { description: 'Read-only: ignored when sent.' };
  return {
    $id: 'Settings',
    ...root,
    description: `The session settings an admin edits. ${RELATIONS}`,
    properties: {
      ...(root.properties as Record<string, JsonSchema>),
      version: ignored,
      updatedAt: ignored,
      updatedBy: ignored,
    },
  };
})();

/** `SettingsDocument`: the body of GET (and PUT, and a version conflict's `current`). */
export const settingsDocumentSchema: JsonSchema = (() => {
  const root = levelSchema('', false);
  return {
    $id: 'SettingsDocument',
    ...root,
    description: 'The session settings and their read-only metadata; the ETag is the version.',
    required: [...(root.required as string[]), 'version', 'updatedAt', 'updatedBy'],
    properties: {
      ...(root.properties as Record<string, JsonSchema>),
      version: { type: 'integer', minimum: 1, description: 'Starts at 1; +1 per change.' },
      updatedAt: { type: 'string', format: 'date-time' },
      updatedBy: {
        type: 'string',
        description: '"system", or the username or key label of the last change.',
      },
    },
  };
})();
