/**
 * The client's zod schemas (src-main/core/client/client-wire.ts, src-shared/settings-schema.ts)
 * against the document's, field by field (through `z.toJSONSchema`): the same field names at
 * every level, nothing the client requires that the document leaves optional, the same enum
 * values, compatible types. A field renamed or added on either side fails here, with its path.
 */

import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  errorBodySchema,
  eventDataSchemas,
  eventPageSchema,
  healthSchema,
  invalidateAllSchema,
  loginSchema,
  meSchema,
  rawEventSchema,
  sessionListSchema,
  summarySchema,
} from '../../src-main/core/client/client-wire';
import { API_ERROR_CODES } from '../../src-shared/quickbox';
import { settingsDocumentSchema, settingsIssueSchema } from '../../src-shared/settings-schema';
import type { Node } from './openapi-document';
import { dereferencedDocument, documentedAnswers, responseSchema } from './openapi-document';

const document = await dereferencedDocument();

function typesOf(schema: Node): string[] | null {
  if (typeof schema.type === 'string') return [schema.type];
  if (Array.isArray(schema.type)) return schema.type as string[];
  return null;
}

function valuesOf(schema: Node): unknown[] | null {
  if ('const' in schema) return [schema.const];
  return Array.isArray(schema.enum) ? (schema.enum as unknown[]) : null;
}

/** The differences between the client's view (`client`) and the document's (`documented`). */
function differences(client: Node, documented: Node, path = '$'): string[] {
  // z.unknown(): the client checks that value with another schema (an event's data by its
  // type, a conflict's current settings), compared in their own tests below.
  if (Object.keys(client).length === 0) return [];
  const found: string[] = [];
  const clientTypes = typesOf(client);
  const documentedTypes = typesOf(documented);
  if (clientTypes && documentedTypes) {
    const fits = documentedTypes.every(
      (type) =>
        clientTypes.includes(type) || (type === 'integer' && clientTypes.includes('number')),
    );
    if (!fits) found.push(`${path}: client ${clientTypes} vs document ${documentedTypes}`);
  }
  const clientValues = valuesOf(client);
  const documentedValues = valuesOf(documented);
  if (clientValues && documentedValues) {
    const same =
      clientValues.length === documentedValues.length &&
      clientValues.every((value) => documentedValues.includes(value));
    if (!same) found.push(`${path}: values ${clientValues} vs ${documentedValues}`);
  }
  const clientProperties = client.properties as Record<string, Node> | undefined;
  const documentedProperties = documented.properties as Record<string, Node> | undefined;
  if (clientProperties || documentedProperties) {
    const clientKeys = Object.keys(clientProperties ?? {}).sort();
    const documentedKeys = Object.keys(documentedProperties ?? {}).sort();
    if (clientKeys.join() !== documentedKeys.join()) {
      found.push(`${path}: fields [${clientKeys}] vs [${documentedKeys}]`);
    }
    const promised = (documented.required ?? []) as string[];
    for (const key of (client.required ?? []) as string[]) {
      if (!promised.includes(key)) found.push(`${path}.${key}: required by the client only`);
    }
    for (const key of clientKeys.filter((k) => documentedKeys.includes(k))) {
      found.push(
        ...differences(
          (clientProperties ?? {})[key] as Node,
          (documentedProperties ?? {})[key] as Node,
          `${path}.${key}`,
        ),
      );
    }
  }
  if (client.items && documented.items) {
    found.push(...differences(client.items as Node, documented.items as Node, `${path}[]`));
  }
  return found;
}

function json(schema: z.ZodType): Node {
  return z.toJSONSchema(schema) as Node;
}

const components = (document.components as Node).schemas as Node;

describe("the client's schemas match the document's", () => {
  it.each([
    ['get', '/api/health', healthSchema],
    ['post', '/api/auth/login', loginSchema],
    ['get', '/api/auth/me', meSchema],
    ['get', '/api/settings/sessions', settingsDocumentSchema],
    ['put', '/api/settings/sessions', settingsDocumentSchema],
    ['get', '/api/sessions', sessionListSchema],
    ['get', '/api/sessions/summary', summarySchema],
    ['post', '/api/sessions/invalidate-all', invalidateAllSchema],
    ['get', '/api/sessions/events', eventPageSchema],
  ] as const)('%s %s 200', (method, path, client) => {
    expect(differences(json(client), responseSchema(document, method, path, 200))).toEqual([]);
  });

  it('an event of each type, and its data', () => {
    const variants = (components.QuickBoxEvent as Node).oneOf as Node[];
    const types = variants.map((variant) => valuesOf((variant.properties as Node).type as Node));
    expect(types.flat().sort()).toEqual(Object.keys(eventDataSchemas).sort());
    for (const variant of variants) {
      const properties = variant.properties as Record<string, Node>;
      const type = valuesOf(properties.type as Node)?.[0] as keyof typeof eventDataSchemas;
      expect(differences(json(rawEventSchema), variant), type).toEqual([]);
      expect(differences(json(eventDataSchemas[type]), properties.data as Node), type).toEqual([]);
    }
  });

  it('the settings issue of a 422', () => {
    expect(differences(json(settingsIssueSchema), components.SettingsIssue as Node)).toEqual([]);
  });

  it('every error body, and every code the document names is one the client knows', () => {
    const errors = documentedAnswers(document).filter((answer) => Number(answer.status) >= 400);
    expect(errors.length).toBeGreaterThan(20);
    const fields = new Set<string>();
    const codes = new Set<unknown>();
    const client = json(errorBodySchema);
    for (const { method, path, status, schema } of errors) {
      const properties = schema.properties as Record<string, Node>;
      for (const key of Object.keys(properties)) fields.add(key);
      for (const code of valuesOf(properties.error as Node) ?? []) codes.add(code);
      // The client's one error schema covers every body: compared on the fields each has.
      const narrowed = {
        ...client,
        properties: Object.fromEntries(
          Object.keys(properties).map((key) => [key, (client.properties as Node)[key] ?? {}]),
        ),
      };
      expect(differences(narrowed, schema), `${method} ${path} ${status}`).toEqual([]);
    }
    expect([...fields].sort()).toEqual(Object.keys(client.properties as Node).sort());
    // Only the answers to requests that are not HTTP at all are outside the routes.
    const outside = API_ERROR_CODES.filter((code) => !codes.has(code));
    expect(outside.sort()).toEqual(['headers_too_large', 'request_timeout']);
  });

  it('a 412 carries the whole settings document the client parses', () => {
    const conflict = responseSchema(document, 'put', '/api/settings/sessions', 412);
    const current = (conflict.properties as Record<string, Node>).current as Node;
    expect(differences(json(settingsDocumentSchema), current)).toEqual([]);
  });
});
