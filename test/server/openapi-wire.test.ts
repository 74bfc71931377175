/**
 * The document against real answers: a reference server is driven through every documented
 * answer of every route (but the 500s), and each answer must fit the document's schema for
 * its route and status AND parse with the client's zod schema for it (src-main/core/client/
 * client-wire.ts). A field renamed in a handler, a route schema or the client fails here.
 */

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
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
import { INVALIDATE_ALL_PHRASE } from '../../src-shared/quickbox';
import { settingsDocumentSchema } from '../../src-shared/settings-schema';
import type { Answer, CallOptions, TestServer } from './harness';
import {
  ADMIN,
  NOBODY,
  READ_KEY,
  WRITE_KEY,
  settingsWith,
  startTestServer,
  stopAllTestServers,
} from './harness';
import type { Node } from './openapi-document';
import {
  dereferencedDocument,
  documentedAnswers,
  responseSchema,
  validator,
} from './openapi-document';

const SETTINGS = '/api/settings/sessions';
const BIG = JSON.stringify({ padding: 'x'.repeat(70 * 1024) });

let document: Node;
let t: TestServer;
const seen = new Set<string>();

/** Calls the server and checks the answer against the document and the client's schema. */
async function check(
  method: string,
  route: string,
  status: number,
  client: z.ZodType | null,
  options: CallOptions & { path?: string } = {},
): Promise<Answer> {
  const answer = await t.call(method, options.path ?? route, options);
  const where = `${method} ${options.path ?? route}`;
  expect(answer.status, `${where}: ${JSON.stringify(answer.body)}`).toBe(status);
  seen.add(`${method.toLowerCase()} ${route} ${status}`);
  if (client === null) {
    expect(answer.body, where).toBeUndefined();
    return answer;
  }
  expect(answer.headers.get('content-type'), where).toMatch(/^application\/json/);
  const problem = validator(responseSchema(document, method.toLowerCase(), route, status))(
    answer.body,
  );
  expect(problem, `${where} ${status} against the document`).toBeNull();
  const parsed = client.safeParse(answer.body);
  expect(parsed.error?.issues, `${where} ${status} with the client's schema`).toBeUndefined();
  return answer;
}

const raw = (rawBody: string, type = 'application/json'): CallOptions => ({
  rawBody,
  headers: { 'content-type': type },
});

beforeAll(async () => {
  document = await dereferencedDocument();
  t = await startTestServer();
});

afterAll(stopAllTestServers);

describe('real answers fit the document and the client', () => {
  it('health and the auth routes', async () => {
    await check('GET', '/api/health', 200, healthSchema);
    const login = await check('POST', '/api/auth/login', 200, loginSchema, {
      body: { username: ADMIN.username, password: ADMIN.password, rememberMe: true },
    });
    const token = login.json.token as string;
    await check('GET', '/api/auth/me', 200, meSchema, { token });
    const me = await check('GET', '/api/auth/me', 200, meSchema, { apiKey: WRITE_KEY });
    expect(me.json.scopes).toEqual(['read', 'write']);
    await check('POST', '/api/auth/logout', 204, null, { token });
    for (const route of ['/api/auth/me', '/api/auth/logout']) {
      await check(route === '/api/auth/me' ? 'GET' : 'POST', route, 401, errorBodySchema);
    }
    const login401 = { body: { username: 'someone', password: 'wrong' } };
    await check('POST', '/api/auth/login', 401, errorBodySchema, login401);
    await check('POST', '/api/auth/login', 400, errorBodySchema, raw('{'));
    await check('POST', '/api/auth/login', 413, errorBodySchema, raw(BIG));
    await check('POST', '/api/auth/login', 415, errorBodySchema, raw('hello', 'text/plain'));
    for (let i = 0; i < 5; i += 1) await t.call('POST', '/api/auth/login', login401);
    const limited = await check('POST', '/api/auth/login', 429, errorBodySchema, login401);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('the settings routes, with every refusal', async () => {
    const read = await check('GET', SETTINGS, 200, settingsDocumentSchema, { apiKey: READ_KEY });
    const etag = read.headers.get('etag') ?? '';
    const write = (body: unknown, headers: Record<string, string> = { 'if-match': etag }) => ({
      apiKey: WRITE_KEY,
      headers,
      body,
    });
    const next = settingsWith((s) => (s.timeouts.idleMinutes = 45));
    await check('PUT', SETTINGS, 428, errorBodySchema, write(next, {}));
    const saved = await check('PUT', SETTINGS, 200, settingsDocumentSchema, write(next));
    expect(saved.headers.get('etag')).toBe('"2"');
    const stale = await check('PUT', SETTINGS, 412, errorBodySchema, write(next));
    expect(settingsDocumentSchema.safeParse(stale.json.current).success).toBe(true);
    const current = { 'if-match': '"2"' };
    const broken = settingsWith((s) => (s.timeouts.idleMinutes = 0));
    const invalid = await check('PUT', SETTINGS, 422, errorBodySchema, write(broken, current));
    expect(invalid.json.errors).toEqual([expect.objectContaining({ code: 'range' })]);
    await check('PUT', SETTINGS, 400, errorBodySchema, { ...raw('{'), apiKey: WRITE_KEY });
    await check('PUT', SETTINGS, 413, errorBodySchema, { ...raw(BIG), apiKey: WRITE_KEY });
    await check('PUT', SETTINGS, 415, errorBodySchema, { ...raw('x', 'text/plain') });
    await check('PUT', SETTINGS, 403, errorBodySchema, {
      ...write(next, current),
      apiKey: READ_KEY,
    });
    await check('GET', SETTINGS, 401, errorBodySchema);
    await check('PUT', SETTINGS, 401, errorBodySchema, { ...write(next, current), apiKey: '' });
    const nobody = await t.token(NOBODY);
    await check('GET', SETTINGS, 403, errorBodySchema, { token: nobody });
  });

  it('the session routes and the event feed, with every event type', async () => {
    const first = await t.token(ADMIN);
    await t.token(ADMIN);
    const list = await check('GET', '/api/sessions', 200, sessionListSchema, {
      path: '/api/sessions?limit=1',
      token: first,
    });
    expect(list.json.nextCursor).toEqual(expect.any(String));
    await check('GET', '/api/sessions', 400, errorBodySchema, {
      path: '/api/sessions?cursor=bogus',
      apiKey: READ_KEY,
    });
    await check('GET', '/api/sessions/summary', 200, summarySchema, { apiKey: READ_KEY });
    // The oldest session is the caller's own: revoking it works as for any other.
    const oldest = (list.json.sessions as { id: string }[])[0]?.id ?? '';
    const revoke = '/api/sessions/{id}';
    await check('DELETE', revoke, 204, null, {
      path: `/api/sessions/${oldest}`,
      apiKey: WRITE_KEY,
    });
    await check('DELETE', revoke, 404, errorBodySchema, {
      path: `/api/sessions/${oldest}`,
      apiKey: WRITE_KEY,
    });
    const lowered = settingsWith((s) => (s.concurrency.maxSessionsPerUser = 1));
    const etag = (await t.call('GET', SETTINGS, { apiKey: READ_KEY })).headers.get('etag') ?? '';
    await t.call('PUT', SETTINGS, {
      apiKey: WRITE_KEY,
      headers: { 'if-match': etag },
      body: lowered,
    });
    await t.token(ADMIN);
    await t.token(ADMIN);
    const invalidate = '/api/sessions/invalidate-all';
    await check('POST', invalidate, 400, errorBodySchema, { apiKey: WRITE_KEY, body: {} });
    await check('POST', invalidate, 400, errorBodySchema, { ...raw('{'), apiKey: WRITE_KEY });
    await check('POST', invalidate, 413, errorBodySchema, { ...raw(BIG), apiKey: WRITE_KEY });
    await check('POST', invalidate, 415, errorBodySchema, raw('x', 'text/plain'));
    await check('POST', invalidate, 200, invalidateAllSchema, {
      apiKey: WRITE_KEY,
      body: { confirm: INVALIDATE_ALL_PHRASE },
    });

    const page = await check('GET', '/api/sessions/events', 200, eventPageSchema, {
      apiKey: READ_KEY,
    });
    const events = page.json.events as unknown[];
    const types = new Set<string>();
    for (const event of events) {
      const parsed = rawEventSchema.parse(event);
      types.add(parsed.type);
      const data = eventDataSchemas[parsed.type as keyof typeof eventDataSchemas];
      expect(data.safeParse(parsed.data).success, parsed.type).toBe(true);
    }
    expect([...types].sort()).toEqual(Object.keys(eventDataSchemas).sort());

    const nobody = await t.token(NOBODY);
    for (const [method, route, path] of [
      ['GET', '/api/sessions', '/api/sessions'],
      ['GET', '/api/sessions/summary', '/api/sessions/summary'],
      ['DELETE', revoke, `/api/sessions/${oldest}`],
      ['POST', invalidate, invalidate],
      ['GET', '/api/sessions/events', '/api/sessions/events'],
    ] as const) {
      await check(method, route, 401, errorBodySchema, { path });
      await check(method, route, 403, errorBodySchema, { path, token: nobody });
    }
  });

  it('the event stream: each event it sends fits the documented event', async () => {
    const response = await t.fetch(`${t.server.url}/api/sessions/events`, {
      headers: { accept: 'text/event-stream', 'x-api-key': READ_KEY, 'last-event-id': '0' },
    });
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    seen.add('get /api/sessions/events 200 text/event-stream');
    const last = (await t.call('GET', '/api/sessions/events', { apiKey: READ_KEY })).json
      .lastId as number;
    const reader = response.body!.getReader();
    const decoder = new TextDecoder();
    let text = '';
    while (!text.includes(`id: ${last}\n`) || !text.endsWith('\n\n')) {
      const chunk = await reader.read();
      if (chunk.done) break;
      text += decoder.decode(chunk.value, { stream: true });
    }
    await reader.cancel();
    const data = text
      .split('\n')
      .filter((line) => line.startsWith('data: '))
      .map((line) => JSON.parse(line.slice('data: '.length)) as unknown);
    expect(data.length).toBeGreaterThan(0);
    const components = (document.components as Node).schemas as Node;
    const fits = validator(components.QuickBoxEvent as Node);
    for (const event of data) {
      expect(fits(event)).toBeNull();
      expect(rawEventSchema.safeParse(event).success).toBe(true);
    }
  });

  it('left no documented answer untried (but the 500s)', () => {
    const documented = documentedAnswers(document)
      .filter((answer) => answer.status !== '500' && answer.type === 'application/json')
      .map((answer) => `${answer.method} ${answer.path} ${answer.status}`);
    const missing = [...new Set(documented)].filter((key) => !seen.has(key));
    expect(missing).toEqual([]);
    expect(seen.has('get /api/sessions/events 200 text/event-stream')).toBe(true);
  });
});
