/**
 * docs/openapi.json: generated from the routes (and committed up to date), a valid OpenAPI
 * 3.1 document, and saying what a shim implementer needs beyond the shapes: how to send
 * credentials, the event stream, and the headers the contract relies on.
 */

import SwaggerParser from '@apidevtools/swagger-parser';
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { OPENAPI_FILE, renderOpenApiDocument } from '../../server/openapi';
import type { Node } from './openapi-document';
import { ROOT, committedDocument, dereferencedDocument } from './openapi-document';

function operation(document: Node, method: string, path: string): Node {
  return ((document.paths as Node)[path] as Node)[method] as Node;
}

function responseHeaders(document: Node, method: string, path: string, status: number): string[] {
  const responses = operation(document, method, path).responses as Node;
  return Object.keys(((responses[String(status)] as Node).headers as Node | undefined) ?? {});
}

function parameterNames(document: Node, method: string, path: string, where: string): string[] {
  const parameters = (operation(document, method, path).parameters ?? []) as Node[];
  return parameters.filter((p) => p.in === where).map((p) => p.name as string);
}

describe('docs/openapi.json', () => {
  it('is exactly what the routes generate (run npm run openapi when this fails)', async () => {
    const committed = readFileSync(join(ROOT, OPENAPI_FILE), 'utf8');
    expect(committed).toBe(await renderOpenApiDocument(ROOT));
  });

  it('is a valid OpenAPI 3.1 document', async () => {
    const document = committedDocument();
    expect(document.openapi).toBe('3.1.0');
    await expect(SwaggerParser.validate(structuredClone(document) as never)).resolves.toBeTruthy();
  });

  it('documents every route of the contract and no other', () => {
    const paths = committedDocument().paths as Node;
    const routes = Object.entries(paths).flatMap(([path, item]) =>
      Object.keys(item as Node).map((method) => `${method.toUpperCase()} ${path}`),
    );
    expect(routes.sort()).toEqual(
      [
        'GET /api/health',
        'POST /api/auth/login',
        'GET /api/auth/me',
        'POST /api/auth/logout',
        'GET /api/settings/sessions',
        'PUT /api/settings/sessions',
        'GET /api/sessions',
        'GET /api/sessions/summary',
        'DELETE /api/sessions/{id}',
        'POST /api/sessions/invalidate-all',
        'GET /api/sessions/events',
      ].sort(),
    );
  });

  it('says it is the QuickBox Session Companion contract, and where a server runs', () => {
    const document = committedDocument();
    const info = document.info as Node;
    expect(info.title).toContain('QuickBox Session Companion');
    expect(info.description).toContain('shim');
    const servers = document.servers as Node[];
    expect(servers.map((server) => server.url)).toContain('http://127.0.0.1:8787');
  });

  it('offers the bearer token, X-API-Key and the qb_session cookie on every protected route', () => {
    const document = committedDocument();
    const schemes = (document.components as Node).securitySchemes as Node;
    expect(schemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(schemes.apiKey).toMatchObject({ type: 'apiKey', in: 'header', name: 'X-API-Key' });
    expect(schemes.sessionCookie).toMatchObject({
      type: 'apiKey',
      in: 'cookie',
      name: 'qb_session',
    });
    for (const [path, item] of Object.entries(document.paths as Node)) {
      for (const [method, op] of Object.entries(item as Node)) {
        const open = path === '/api/health' || path === '/api/auth/login';
        expect((op as Node).security, `${method} ${path}`).toEqual(
          open ? [] : [{ bearer: [] }, { apiKey: [] }, { sessionCookie: [] }],
        );
      }
    }
  });

  it('describes the event stream beside the JSON page, and its Last-Event-ID', () => {
    const document = committedDocument();
    const responses = operation(document, 'get', '/api/sessions/events').responses as Node;
    const content = (responses['200'] as Node).content as Node;
    expect(Object.keys(content).sort()).toEqual(['application/json', 'text/event-stream']);
    expect(parameterNames(document, 'get', '/api/sessions/events', 'header')).toEqual([
      'Last-Event-ID',
    ]);
    expect(parameterNames(document, 'get', '/api/sessions/events', 'query')).toEqual([
      'after',
      'limit',
    ]);
  });

  it('names the ETag, If-Match and Retry-After headers where the contract uses them', () => {
    const document = committedDocument();
    expect(responseHeaders(document, 'get', '/api/settings/sessions', 200)).toEqual(['ETag']);
    expect(responseHeaders(document, 'put', '/api/settings/sessions', 200)).toEqual(['ETag']);
    expect(responseHeaders(document, 'put', '/api/settings/sessions', 412)).toEqual(['ETag']);
    expect(parameterNames(document, 'put', '/api/settings/sessions', 'header')).toEqual([
      'If-Match',
    ]);
    expect(responseHeaders(document, 'post', '/api/auth/login', 429)).toEqual(['Retry-After']);
  });

  it('documents the clamped limits with their range and default', async () => {
    const document = await dereferencedDocument();
    const parameters = operation(document, 'get', '/api/sessions').parameters as Node[];
    const limit = parameters.find((p) => p.name === 'limit') as Node;
    expect(limit.schema).toMatchObject({ type: 'integer', minimum: 1, maximum: 500, default: 100 });
    expect(limit.description).toContain('clamped');
  });
});
