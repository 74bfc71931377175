/**
 * The settings schemas the server validates a PUT with (server/settings-json-schema.ts, from
 * FIELD_RULES) against `validateSettings`, which the contract makes the judge: each leaf's
 * schema accepts exactly the values its rule accepts, and a body the schema refuses always
 * has `validateSettings` errors (so the 422 always lists the app's issues, never Ajv's).
 */

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { SettingsField } from '../../src-shared/settings';
import {
  DEFAULT_SETTINGS,
  FIELD_RULES,
  SETTINGS_FIELDS,
  SETTINGS_STRUCTURE,
  pickSettings,
  validateSettings,
} from '../../src-shared/settings';
import { checkLeaf } from '../../src-shared/settings-leaf';
import { settingsInputSchema } from '../../server/settings-json-schema';
import type { Node } from './openapi-document';
import { validator } from './openapi-document';
import { anyPath } from '../fixtures/cookie-path-arbitrary';

const acceptsBody = validator({ $ref: 'Settings#' });

function leafSchema(field: SettingsField): Node {
  let node = settingsInputSchema as Node;
  for (const key of field.split('.')) node = (node.properties as Record<string, Node>)[key] as Node;
  return node;
}

const anyValue = fc.oneof(
  fc.integer({ min: -10, max: 600_000 }),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.string({ maxLength: 8 }),
  fc.constantFrom('strict', 'lax', 'none', 'Lax', '/', '/app', '30'),
  fc.array(fc.integer(), { maxLength: 2 }),
  fc.dictionary(fc.string({ maxLength: 4 }), fc.integer(), { maxKeys: 2 }),
);

function valuesFor(field: SettingsField): fc.Arbitrary<unknown> {
  const rule = FIELD_RULES[field];
  if (rule.kind === 'path') return fc.oneof(anyPath, anyValue);
  if (rule.kind === 'integer') {
    return fc.oneof(fc.integer({ min: rule.min - 2, max: rule.max + 2 }), anyValue);
  }
  return anyValue;
}

/** Settings with some leaves replaced, some keys removed and some unknown keys added. */
const settingsBodies = fc
  .tuple(
    fc.array(
      fc
        .constantFrom(...SETTINGS_FIELDS)
        .chain((field) => valuesFor(field).map((value) => [field, value] as const)),
      { maxLength: 3 },
    ),
    fc.array(fc.constantFrom(...Object.keys(SETTINGS_STRUCTURE), ...SETTINGS_FIELDS), {
      maxLength: 1,
    }),
    fc.array(
      fc.tuple(
        fc.constantFrom(...Object.keys(SETTINGS_STRUCTURE)),
        fc.constantFrom('extra', 'version', '__proto__', 'updatedBy'),
      ),
      { maxLength: 1 },
    ),
  )
  .map(([changes, removed, added]) => {
    const body = JSON.parse(JSON.stringify(pickSettings(DEFAULT_SETTINGS))) as Node;
    const at = (path: string): Node | undefined => {
      let node: unknown = body;
      for (const key of path === '' ? [] : path.split('.'))
        node = (node as Node | undefined)?.[key];
      return typeof node === 'object' && node !== null ? (node as Node) : undefined;
    };
    const parentOf = (path: string) => path.split('.').slice(0, -1).join('.');
    for (const [field, value] of changes) {
      const parent = at(parentOf(field));
      if (parent) parent[field.split('.').pop() as string] = value;
    }
    for (const path of removed) delete at(parentOf(path))?.[path.split('.').pop() as string];
    for (const [path, key] of added) {
      const node = at(path);
      if (node) Object.defineProperty(node, key, { value: 1, enumerable: true });
    }
    return body;
  });

describe('the settings schemas and validateSettings', () => {
  it.each(SETTINGS_FIELDS.map((field) => [field]))(
    'the schema of %s accepts exactly what its rule accepts',
    (field) => {
      const accepts = validator(leafSchema(field));
      fc.assert(
        fc.property(valuesFor(field), (value) => {
          const ruleAccepts = checkLeaf(field, FIELD_RULES[field], value) === null;
          expect(accepts(value) === null, JSON.stringify(value)).toBe(ruleAccepts);
        }),
        { numRuns: 400 },
      );
    },
  );

  it('a body the schema refuses always has validateSettings errors', () => {
    let refused = 0;
    fc.assert(
      fc.property(settingsBodies, (body) => {
        if (acceptsBody(body) !== null) {
          refused += 1;
          expect(validateSettings(body).errors.length, JSON.stringify(body)).toBeGreaterThan(0);
        }
      }),
      { numRuns: 1000 },
    );
    // The generator reaches refusals often enough for the property to mean something.
    expect(refused).toBeGreaterThan(100);
  });

  it('accepts the defaults, with or without the read-only metadata', () => {
    expect(acceptsBody(pickSettings(DEFAULT_SETTINGS))).toBeNull();
    expect(
      acceptsBody({ ...pickSettings(DEFAULT_SETTINGS), version: 'x', updatedBy: 3 }),
    ).toBeNull();
  });
});
