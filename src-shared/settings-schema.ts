/**
 * Zod schemas of the settings as they travel over the wire, derived from `FIELD_RULES`: the
 * client parses the server's answers with them. They check the shape (a number where a
 * number is due, a known SameSite word), not the rules: `validateSettings` judges the values.
 * Kept apart from settings.ts so the renderer, which imports that, does not bundle zod.
 */

import { z } from 'zod';
import {
  FIELD_RULES,
  SETTINGS_ISSUE_CODES,
  SETTINGS_STRUCTURE,
  type FieldRule,
  type SessionSettingsDocument,
  type SettingsField,
  type SettingsIssue,
} from './settings';

function leafSchema(rule: FieldRule): z.ZodType {
  switch (rule.kind) {
    case 'integer':
      return z.number();
    case 'boolean':
      return z.boolean();
    case 'enum':
      return z.enum(rule.values as [string, ...string[]]);
    case 'path':
      return z.string();
  }
}

/** The schema of the object level at `path` ('' for the root), built from the structure. */
function levelShape(path: string): Record<string, z.ZodType> {
  const shape: Record<string, z.ZodType> = {};
  // Stryker disable next-line ArrayDeclaration: equivalent, levelShape() is only called with paths of SETTINGS_STRUCTURE, so the fallback is never used
  for (const key of SETTINGS_STRUCTURE[path] ?? []) {
    const child = path === '' ? key : `${path}.${key}`;
    shape[key] =
      child in SETTINGS_STRUCTURE
        ? z.object(levelShape(child))
        : leafSchema(FIELD_RULES[child as SettingsField]);
  }
  return shape;
}

// The casts are checked by the tests (test/shared/settings-schema.test.ts): a schema built
// from the table parses the defaults to themselves and refuses a leaf of the wrong kind.
/** The body of `GET /api/settings/sessions` (and a version conflict's `current`); unknown keys are dropped. */
export const settingsDocumentSchema = z.object({
  ...levelShape(''),
  version: z.number().int(),
  updatedAt: z.string(),
  updatedBy: z.string(),
}) as unknown as z.ZodType<SessionSettingsDocument>;

/** One issue of a 422 `invalid_settings` answer: a code docs/session-api.md lists, on a dotted field. */
export const settingsIssueSchema = z.object({
  field: z.string(),
  code: z.enum(SETTINGS_ISSUE_CODES),
  message: z.string(),
}) satisfies z.ZodType<SettingsIssue>;
