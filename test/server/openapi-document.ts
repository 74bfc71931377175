/**
 * Helpers of the OpenAPI tests: the committed docs/openapi.json, dereferenced, the schema of
 * one documented answer, and Ajv as the server runs it (Fastify's own compiler, with the
 * server's options), so a check here judges a value as the routes do.
 */

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import AjvCompiler from '@fastify/ajv-compiler';
import SwaggerParser from '@apidevtools/swagger-parser';
import { AJV_OPTIONS } from '../../server/request-checks';
import { SHARED_SCHEMAS } from '../../server/wire-schemas';
import { OPENAPI_FILE } from '../../server/openapi';

/** The repository's root. */
export const ROOT = join(__dirname, '..', '..');

/** A JSON schema or document node, read loosely. */
export type Node = Record<string, unknown>;

/** The committed document as parsed JSON. */
export function committedDocument(): Node {
  return JSON.parse(readFileSync(join(ROOT, OPENAPI_FILE), 'utf8')) as Node;
}

/** The committed document with every `$ref` replaced by what it points to. */
export async function dereferencedDocument(): Promise<Node> {
  const document = structuredClone(committedDocument());
  return (await SwaggerParser.dereference(document as never)) as unknown as Node;
}

function child(node: Node, key: string, where: string): Node {
  const value = node[key];
  if (typeof value !== 'object' || value === null) throw new Error(`${where}: no ${key}`);
  return value as Node;
}

/** The schema of the answer `status` of `method path` for `type` in a dereferenced document. */
export function responseSchema(
  document: Node,
  method: string,
  path: string,
  status: number,
  type = 'application/json',
): Node {
  const where = `${method.toUpperCase()} ${path} ${status}`;
  const operation = child(child(child(document, 'paths', where), path, where), method, where);
  const response = child(child(operation, 'responses', where), String(status), where);
  return child(child(child(response, 'content', where), type, where), 'schema', where);
}

/** Every documented answer: method, path, status, media type and schema. */
export function documentedAnswers(
  document: Node,
): { method: string; path: string; status: string; type: string; schema: Node }[] {
  const answers = [];
  for (const [path, item] of Object.entries(child(document, 'paths', 'document'))) {
    for (const [method, operation] of Object.entries(item as Node)) {
      for (const [status, response] of Object.entries(
        child(operation as Node, 'responses', path),
      )) {
        const content = (response as Node).content as Node | undefined;
        for (const [type, media] of Object.entries(content ?? {})) {
          answers.push({ method, path, status, type, schema: (media as Node).schema as Node });
        }
      }
    }
  }
  return answers;
}

const compile = AjvCompiler()(
  Object.fromEntries(SHARED_SCHEMAS.map((schema) => [schema.$id as string, schema])),
  { customOptions: { ...AJV_OPTIONS.customOptions, strict: false } },
);

/** A validator of `schema` (which may reference the server's shared schemas). */
export function validator(schema: Node): (value: unknown) => string | null {
  const validate = compile({ schema });
  return (value) =>
    validate(value) ? null : JSON.stringify((validate as { errors?: unknown }).errors);
}
