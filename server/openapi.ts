/**
 * docs/openapi.json, generated from the reference server itself: an app is built on a
 * throw-away database, without listening, and @fastify/swagger turns its routes' schemas into
 * an OpenAPI 3.1 document. Written by `npm run openapi` (scripts/openapi.ts); the tests
 * compare the file with a fresh rendering, so it cannot fall behind the routes.
 */

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { format, resolveConfig } from 'prettier';
import { buildApp } from './app';
import { systemClock } from './clock';
import { SERVER_VERSION } from './index';
import { Store } from './store';

/** Where the document lives, from the repository's root. */
export const OPENAPI_FILE = 'docs/openapi.json';

// The conventional order of an OpenAPI document's top level (the rest keeps the routes' order).
const TOP_LEVEL = ['openapi', 'info', 'servers', 'tags', 'security', 'paths', 'components'];

/** The document as @fastify/swagger builds it from the routes of a fresh app. */
export async function buildOpenApiDocument(): Promise<Record<string, unknown>> {
  const dataDir = mkdtempSync(join(tmpdir(), 'qb-openapi-'));
  const store = await Store.open(dataDir, undefined, systemClock);
  const { app } = buildApp({
    store,
    clock: systemClock,
    name: 'OpenAPI',
    version: SERVER_VERSION,
    latencyMs: 0,
    logger: false,
    heartbeatMs: 60_000,
    sseRetryMs: 3_000,
    sseStallMs: 30_000,
    https: null,
  });
  try {
    await app.ready();
    const document = app.swagger() as unknown as Record<string, unknown>;
    const ordered: Record<string, unknown> = {};
    for (const key of [...TOP_LEVEL, ...Object.keys(document).sort()]) {
      if (key in document && !(key in ordered)) ordered[key] = document[key];
    }
    return ordered;
  } finally {
    await app.close();
    store.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** The text of docs/openapi.json: the document, formatted as Prettier formats the repository. */
export async function renderOpenApiDocument(root: string): Promise<string> {
  const file = resolve(root, OPENAPI_FILE);
  const config = (await resolveConfig(file)) ?? {};
  return format(JSON.stringify(await buildOpenApiDocument()), { ...config, filepath: file });
}
