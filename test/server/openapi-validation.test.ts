/**
 * What validating requests with the routes' schemas must not change, and what it adds: Ajv
 * coerces nothing, fills in no default and removes nothing (a setting sent as text stays a
 * type error, a missing one stays missing), a refusal comes after the credentials and the
 * version, and every refusal has the contract's body, never Ajv's.
 */

import { afterEach, describe, expect, it } from 'vitest';
import { INVALIDATE_ALL_PHRASE } from '../../src-shared/quickbox';
import { DEFAULT_SETTINGS, pickSettings } from '../../src-shared/settings';
import {
  ADMIN,
  READ_KEY,
  WRITE_KEY,
  settingsWith,
  startTestServer,
  stopAllTestServers,
} from './harness';

afterEach(stopAllTestServers);

const SETTINGS = '/api/settings/sessions';
const write = (body: unknown, version = '"1"') => ({
  apiKey: WRITE_KEY,
  headers: { 'if-match': version },
  body,
});

describe('request validation by the route schemas', () => {
  it('coerces no setting: a number sent as text is 422 type, and nothing is saved', async () => {
    const t = await startTestServer();
    const body = settingsWith(() => undefined) as unknown as Record<
      string,
      Record<string, unknown>
    >;
    (body.timeouts as Record<string, unknown>).idleMinutes = '45';
    const answer = await t.call('PUT', SETTINGS, write(body));
    expect(answer.status).toBe(422);
    expect(answer.json).toEqual({
      error: 'invalid_settings',
      message: expect.any(String),
      errors: [expect.objectContaining({ field: 'timeouts.idleMinutes', code: 'type' })],
    });
    const after = await t.call('GET', SETTINGS, { apiKey: READ_KEY });
    expect(after.json.version).toBe(1);
  });

  it('fills in no default and drops no unknown key', async () => {
    const t = await startTestServer();
    const body = pickSettings(DEFAULT_SETTINGS) as unknown as Record<
      string,
      Record<string, unknown>
    >;
    delete (body.concurrency as Record<string, unknown>).maxSessionsPerUser;
    (body.timeouts as Record<string, unknown>).graceMinutes = 5;
    const answer = await t.call('PUT', SETTINGS, write(body));
    expect(answer.status).toBe(422);
    const codes = (answer.json.errors as { field: string; code: string }[]).map(
      (issue) => `${issue.field} ${issue.code}`,
    );
    expect(codes.sort()).toEqual([
      'concurrency.maxSessionsPerUser missing',
      'timeouts.graceMinutes unknown_field',
    ]);
  });

  it('judges a body that fits the schema by validateSettings too (the relations)', async () => {
    const t = await startTestServer();
    const body = settingsWith((s) => {
      s.timeouts.idleMinutes = 600;
      s.timeouts.sessionMinutes = 300;
    });
    const answer = await t.call('PUT', SETTINGS, write(body));
    expect(answer.status).toBe(422);
    expect(answer.json.errors).toEqual([
      expect.objectContaining({ field: 'timeouts.idleMinutes', code: 'relation' }),
    ]);
  });

  it('refuses a settings body only after the credentials and the version', async () => {
    const t = await startTestServer();
    const text = { timeouts: 'long' };
    expect((await t.call('PUT', SETTINGS, { body: text })).status).toBe(401);
    expect((await t.call('PUT', SETTINGS, { ...write(text), apiKey: READ_KEY })).status).toBe(403);
    expect((await t.call('PUT', SETTINGS, { apiKey: WRITE_KEY, body: text })).status).toBe(428);
    expect((await t.call('PUT', SETTINGS, write(text, '"9"'))).status).toBe(412);
    expect((await t.call('PUT', SETTINGS, write(text))).status).toBe(422);
  });

  it('answers a login body outside its schema as invalid_credentials, counted', async () => {
    const t = await startTestServer();
    const odd = { username: ADMIN.username, password: ADMIN.password, rememberMe: 'yes' };
    const answer = await t.call('POST', '/api/auth/login', { body: odd });
    expect(answer.status).toBe(401);
    expect(answer.json.error).toBe('invalid_credentials');
    expect(answer.json.message).toContain('rememberMe');
    for (let i = 0; i < 4; i += 1) await t.call('POST', '/api/auth/login', { body: odd });
    expect((await t.login(ADMIN)).status).toBe(429);
  });

  it('takes invalidate-all with extra fields, and refuses any other confirm', async () => {
    const t = await startTestServer();
    const path = '/api/sessions/invalidate-all';
    const lower = { confirm: INVALIDATE_ALL_PHRASE.toLowerCase() };
    const refused = await t.call('POST', path, { apiKey: WRITE_KEY, body: lower });
    expect(refused.json).toEqual({ error: 'confirmation_required', message: expect.any(String) });
    const extra = { confirm: INVALIDATE_ALL_PHRASE, note: 'cleanup' };
    expect((await t.call('POST', path, { apiKey: WRITE_KEY, body: extra })).status).toBe(200);
  });

  it('answers a repeated username with bad_request and a cursor of other characters with invalid_cursor', async () => {
    const t = await startTestServer();
    const twice = await t.call('GET', '/api/sessions?username=a&username=b', { apiKey: READ_KEY });
    expect(twice.status).toBe(400);
    expect(twice.json).toEqual({
      error: 'bad_request',
      message: expect.stringContaining('username'),
    });
    const odd = await t.call('GET', '/api/sessions?cursor=a%20b', { apiKey: READ_KEY });
    expect(odd.status).toBe(400);
    expect(odd.json.error).toBe('invalid_cursor');
  });
});
