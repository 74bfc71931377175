import { connect } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { totpCode } from '../../server/index';
import { DEFAULT_SETTINGS } from '../../src-shared/settings';
import {
  ADMIN,
  MINUTE,
  NOBODY,
  OTP_USER,
  READER,
  READ_KEY,
  TOTP_SECRET,
  WRITE_KEY,
  settingsWith,
  startTestServer,
  stopAllTestServers,
} from './harness';

afterEach(stopAllTestServers);

describe('health', () => {
  it('answers without credentials with the name and version', async () => {
    const t = await startTestServer();
    const answer = await t.call('GET', '/api/health');
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ status: 'ok', name: 'Test box', version: expect.any(String) });
    expect(t.server.name).toBe('Test box');
  });

  it('uses the name option over the seed name', async () => {
    const t = await startTestServer({ extra: { name: 'Box B' } });
    expect((await t.call('GET', '/api/health')).json.name).toBe('Box B');
  });
});

describe('login', () => {
  it('returns the token, expiry and user, and a session cookie without Max-Age', async () => {
    const t = await startTestServer();
    const answer = await t.login(ADMIN);
    expect(answer.status).toBe(200);
    expect(answer.json).toEqual({
      token: expect.any(String),
      expiresAt: new Date(t.clock.now() + 30 * MINUTE).toISOString(),
      user: { username: 'admin', permissions: ADMIN.permissions },
    });
    const [cookie] = answer.cookies;
    expect(answer.cookies).toHaveLength(1);
    expect(cookie?.key).toBe('qb_session');
    expect(cookie?.value).toBe(answer.json.token);
    expect(cookie?.httpOnly).toBe(true);
    expect(cookie?.secure).toBe(true);
    expect(cookie?.sameSite).toBe('lax');
    expect(cookie?.path).toBe('/');
    expect(cookie?.maxAge).toBeNull();
    expect(cookie?.expires).toBe('Infinity');
  });

  it('rejects a wrong password and an unknown user alike', async () => {
    const t = await startTestServer();
    const wrong = await t.login({ username: 'admin', password: 'nope' });
    const unknown = await t.login({ username: 'ghost', password: 'nope' });
    for (const answer of [wrong, unknown]) {
      expect(answer.status).toBe(401);
      expect(answer.json.error).toBe('invalid_credentials');
      expect(answer.json.message).toEqual(expect.any(String));
      expect(answer.cookies).toHaveLength(0);
    }
  });

  it('rejects a body without a string username or password', async () => {
    const t = await startTestServer();
    const answer = await t.call('POST', '/api/auth/login', { body: { username: 5 } });
    expect(answer.status).toBe(401);
    expect(answer.json.error).toBe('invalid_credentials');
  });

  it('asks a TOTP user for a code, rejects a wrong one and accepts the right one', async () => {
    const t = await startTestServer();
    const none = await t.login(OTP_USER);
    expect(none.status).toBe(401);
    expect(none.json.error).toBe('otp_required');

    const code = totpCode(TOTP_SECRET, t.clock.now());
    const wrongCode = code === '000000' ? '111111' : '000000';
    const wrong = await t.login(OTP_USER, { otp: wrongCode });
    expect(wrong.status).toBe(401);
    expect(wrong.json.error).toBe('otp_required');

    const right = await t.login(OTP_USER, { otp: code });
    expect(right.status).toBe(200);
  });

  it('accepts the code of the previous 30 s step but not an older one', async () => {
    const t = await startTestServer();
    const previous = totpCode(TOTP_SECRET, t.clock.now() - 30_000);
    const old = totpCode(TOTP_SECRET, t.clock.now() - 90_000);
    const current = totpCode(TOTP_SECRET, t.clock.now());
    expect((await t.login(OTP_USER, { otp: previous })).status).toBe(200);
    if (old !== current && old !== previous) {
      expect((await t.login(OTP_USER, { otp: old })).json.error).toBe('otp_required');
    }
  });

  it('gives a normal session when remember-me is off (0 days) even if asked', async () => {
    const t = await startTestServer({
      settings: settingsWith((s) => (s.persistence.rememberMeDays = 0)),
    });
    const answer = await t.login(ADMIN, { rememberMe: true });
    expect(answer.status).toBe(200);
    expect(answer.cookies[0]?.maxAge).toBeNull();
    expect(answer.json.expiresAt).toBe(new Date(t.clock.now() + 30 * MINUTE).toISOString());
  });
});

describe('me and logout', () => {
  it('describes a session caller and an API key caller', async () => {
    const t = await startTestServer();
    const token = await t.token(READER);
    expect((await t.call('GET', '/api/auth/me', { token })).body).toEqual({
      username: 'reader',
      permissions: ['admin.sessions.read'],
      via: 'session',
    });
    expect((await t.call('GET', '/api/auth/me', { apiKey: WRITE_KEY })).body).toEqual({
      username: 'automation',
      permissions: ['admin.sessions.read', 'admin.settings.update'],
      via: 'api_key',
      scopes: ['read', 'write'],
    });
    expect((await t.call('GET', '/api/auth/me', { apiKey: READ_KEY })).body).toEqual({
      username: 'key:qbk_read',
      permissions: ['admin.sessions.read'],
      via: 'api_key',
      scopes: ['read'],
    });
  });

  it('authenticates with the qb_session cookie as with the bearer token', async () => {
    const t = await startTestServer();
    const token = await t.token(ADMIN);
    const answer = await t.call('GET', '/api/auth/me', { cookie: token });
    expect(answer.status).toBe(200);
    expect(answer.json.username).toBe('admin');
  });

  it('ends the session on logout and clears the cookie on the same path', async () => {
    const t = await startTestServer({
      settings: settingsWith((s) => (s.persistence.cookie.path = '/dash')),
    });
    const token = await t.token(ADMIN);
    const answer = await t.call('POST', '/api/auth/logout', { token });
    expect(answer.status).toBe(204);
    expect(answer.cookies).toHaveLength(1);
    expect(answer.cookies[0]?.key).toBe('qb_session');
    expect(answer.cookies[0]?.maxAge).toBe(0);
    expect(answer.cookies[0]?.path).toBe('/dash');
    const after = await t.call('GET', '/api/auth/me', { token });
    expect(after.status).toBe(401);
    expect(after.json.error).toBe('unauthenticated');
  });

  it('answers 204 to logout with an API key and the key keeps working', async () => {
    const t = await startTestServer();
    const answer = await t.call('POST', '/api/auth/logout', { apiKey: WRITE_KEY });
    expect(answer.status).toBe(204);
    expect(answer.cookies).toHaveLength(0);
    expect((await t.call('GET', '/api/auth/me', { apiKey: WRITE_KEY })).status).toBe(200);
  });

  it('answers 401 unauthenticated to missing, unknown and garbage credentials', async () => {
    const t = await startTestServer();
    for (const options of [
      {},
      { token: 'not-a-token' },
      { apiKey: 'qbk_unknown_0000000000' },
      { cookie: 'zzz' },
    ]) {
      const answer = await t.call('GET', '/api/settings/sessions', options);
      expect(answer.status).toBe(401);
      expect(answer.json).toEqual({ error: 'unauthenticated', message: expect.any(String) });
    }
  });
});

describe('permissions', () => {
  it('answers 403 naming the permission for writes by read-only callers', async () => {
    const t = await startTestServer();
    const reader = await t.token(READER);
    const calls: [string, string, Record<string, unknown>][] = [
      ['PUT', '/api/settings/sessions', { headers: { 'if-match': '"1"' }, body: DEFAULT_SETTINGS }],
      ['DELETE', '/api/sessions/whatever', {}],
      ['POST', '/api/sessions/invalidate-all', { body: { confirm: 'INVALIDATE ALL SESSIONS' } }],
    ];
    for (const [method, path, options] of calls) {
      for (const who of [{ token: reader }, { apiKey: READ_KEY }]) {
        const answer = await t.call(method, path, { ...options, ...who });
        expect(answer.status).toBe(403);
        expect(answer.json).toEqual({
          error: 'forbidden',
          message: expect.any(String),
          permission: 'admin.settings.update',
        });
      }
    }
    expect((await t.call('GET', '/api/auth/me', { apiKey: WRITE_KEY })).status).toBe(200);
    expect((await t.call('GET', '/api/sessions/summary', { apiKey: WRITE_KEY })).json.active).toBe(
      1,
    );
  });

  it('answers 403 with admin.sessions.read to a user without it', async () => {
    const t = await startTestServer();
    const token = await t.token(NOBODY);
    for (const path of [
      '/api/settings/sessions',
      '/api/sessions',
      '/api/sessions/summary',
      '/api/sessions/events',
    ]) {
      const answer = await t.call('GET', path, { token });
      expect(answer.status).toBe(403);
      expect(answer.json.permission).toBe('admin.sessions.read');
    }
    expect((await t.call('GET', '/api/auth/me', { token })).status).toBe(200);
  });
});

describe('settings', () => {
  it('returns the defaults at version 1 with an ETag', async () => {
    const t = await startTestServer();
    const answer = await t.call('GET', '/api/settings/sessions', { apiKey: READ_KEY });
    expect(answer.status).toBe(200);
    expect(answer.headers.get('etag')).toBe('"1"');
    expect(answer.body).toEqual({
      ...DEFAULT_SETTINGS,
      version: 1,
      updatedAt: new Date(t.clock.now()).toISOString(),
      updatedBy: 'system',
    });
  });

  it('starts with the seed settings at version 1', async () => {
    const seeded = settingsWith((s) => (s.timeouts.idleMinutes = 20));
    const t = await startTestServer({ settings: seeded });
    const answer = await t.call('GET', '/api/settings/sessions', { apiKey: READ_KEY });
    expect(answer.json.timeouts).toEqual(seeded.timeouts);
    expect(answer.json.version).toBe(1);
  });

  it('saves a change: new version and ETag, actor, and a settings.updated event', async () => {
    const t = await startTestServer();
    t.clock.advance(5 * MINUTE);
    const next = settingsWith((s) => {
      s.timeouts.idleMinutes = 15;
      s.persistence.cookie.sameSite = 'strict';
    });
    const answer = await t.call('PUT', '/api/settings/sessions', {
      apiKey: WRITE_KEY,
      headers: { 'if-match': '"1"' },
      body: { ...next, version: 99, updatedBy: 'someone', updatedAt: 'yesterday' },
    });
    expect(answer.status).toBe(200);
    expect(answer.headers.get('etag')).toBe('"2"');
    expect(answer.body).toEqual({
      ...next,
      version: 2,
      updatedAt: new Date(t.clock.now()).toISOString(),
      updatedBy: 'automation',
    });
    expect((await t.call('GET', '/api/settings/sessions', { apiKey: READ_KEY })).body).toEqual(
      answer.body,
    );
    const events = await t.call('GET', '/api/sessions/events', { apiKey: READ_KEY });
    expect(events.json.events).toEqual([
      {
        id: 1,
        type: 'settings.updated',
        at: new Date(t.clock.now()).toISOString(),
        actor: 'automation',
        data: { version: 2, changed: ['timeouts.idleMinutes', 'persistence.cookie.sameSite'] },
      },
    ]);
  });

  it('answers a PUT that changes nothing with the same version and records no event', async () => {
    const t = await startTestServer();
    const admin = await t.token(ADMIN);
    const answer = await t.call('PUT', '/api/settings/sessions', {
      token: admin,
      headers: { 'if-match': '"1"' },
      body: DEFAULT_SETTINGS,
    });
    expect(answer.status).toBe(200);
    expect(answer.headers.get('etag')).toBe('"1"');
    expect(answer.json.version).toBe(1);
    expect(answer.json.updatedBy).toBe('system');
    expect((await t.call('GET', '/api/sessions/events', { token: admin })).json).toEqual({
      events: [],
      lastId: 0,
    });
  });

  it('answers 428 without If-Match', async () => {
    const t = await startTestServer();
    const answer = await t.call('PUT', '/api/settings/sessions', {
      apiKey: WRITE_KEY,
      body: DEFAULT_SETTINGS,
    });
    expect(answer.status).toBe(428);
    expect(answer.json).toEqual({ error: 'precondition_required', message: expect.any(String) });
  });

  it('answers 412 with the current settings and ETag to a stale If-Match', async () => {
    const t = await startTestServer();
    const first = settingsWith((s) => (s.timeouts.idleMinutes = 20));
    await t.call('PUT', '/api/settings/sessions', {
      apiKey: WRITE_KEY,
      headers: { 'if-match': '"1"' },
      body: first,
    });
    const answer = await t.call('PUT', '/api/settings/sessions', {
      apiKey: WRITE_KEY,
      headers: { 'if-match': '"1"' },
      body: settingsWith((s) => (s.timeouts.idleMinutes = 25)),
    });
    expect(answer.status).toBe(412);
    expect(answer.headers.get('etag')).toBe('"2"');
    expect(answer.json.error).toBe('version_conflict');
    expect(answer.json.current).toEqual(
      (await t.call('GET', '/api/settings/sessions', { apiKey: READ_KEY })).body,
    );
    expect(
      (answer.json.current as { timeouts: { idleMinutes: number } }).timeouts.idleMinutes,
    ).toBe(20);
  });

  it('answers 422 with the field errors of validateSettings, unknown fields included', async () => {
    const t = await startTestServer();
    const invalid = {
      ...settingsWith((s) => {
        s.timeouts.idleMinutes = 600;
        s.timeouts.sessionMinutes = 60;
      }),
      extra: true,
    };
    const answer = await t.call('PUT', '/api/settings/sessions', {
      apiKey: WRITE_KEY,
      headers: { 'if-match': '"1"' },
      body: invalid,
    });
    expect(answer.status).toBe(422);
    expect(answer.json.error).toBe('invalid_settings');
    const errors = answer.json.errors as { field: string; code: string; message: string }[];
    expect(errors.map((e) => [e.field, e.code])).toEqual([
      ['extra', 'unknown_field'],
      ['timeouts.idleMinutes', 'relation'],
    ]);
    expect((await t.call('GET', '/api/settings/sessions', { apiKey: READ_KEY })).json.version).toBe(
      1,
    );
  });
});

describe('request bodies and errors', () => {
  it('treats __proto__ and constructor keys as fields outside the model, not as malformed JSON', async () => {
    const t = await startTestServer();
    const settings = JSON.stringify(DEFAULT_SETTINGS).slice(1);
    const answer = await t.call('PUT', '/api/settings/sessions', {
      apiKey: WRITE_KEY,
      headers: { 'if-match': '"1"' },
      rawBody: `{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}},${settings}`,
    });
    expect(answer.status).toBe(422);
    expect(answer.json.error).toBe('invalid_settings');
    const errors = answer.json.errors as { field: string; code: string }[];
    expect(errors.map((e) => [e.field, e.code])).toEqual([
      ['__proto__', 'unknown_field'],
      ['constructor', 'unknown_field'],
    ]);
    expect(Object.prototype).not.toHaveProperty('polluted');
  });

  it('answers 413 payload_too_large to a body over 64 KiB', async () => {
    const t = await startTestServer();
    const answer = await t.call('POST', '/api/auth/login', {
      body: { username: 'a', password: 'x'.repeat(66_000) },
    });
    expect(answer.status).toBe(413);
    expect(answer.json).toEqual({ error: 'payload_too_large', message: expect.any(String) });
  });

  it('answers 413 to a body over 64 KiB of another media type or without a Content-Type', async () => {
    const t = await startTestServer();
    const big = 'x'.repeat(70_000);
    const typed = await t.call('POST', '/api/sessions/invalidate-all', {
      rawBody: big,
      headers: { 'content-type': 'text/plain' },
    });
    expect(typed.status).toBe(413);
    expect(typed.json).toEqual({ error: 'payload_too_large', message: expect.any(String) });
    const response = await t.fetch(`${t.server.url}/api/sessions/invalidate-all`, {
      method: 'POST',
      body: Buffer.from(big),
    });
    expect(response.status).toBe(413);
    expect(await response.json()).toEqual({
      error: 'payload_too_large',
      message: expect.any(String),
    });
  });

  it('answers 415 unsupported_media_type to a small body that is not JSON', async () => {
    const t = await startTestServer();
    const answer = await t.call('POST', '/api/sessions/invalidate-all', {
      rawBody: 'confirm',
      headers: { 'content-type': 'text/plain' },
    });
    expect(answer.status).toBe(415);
    expect(answer.json).toEqual({ error: 'unsupported_media_type', message: expect.any(String) });
  });

  it('accepts a body just under 64 KiB', async () => {
    const t = await startTestServer();
    const answer = await t.call('POST', '/api/auth/login', {
      body: { username: 'admin', password: ADMIN.password, padding: 'x'.repeat(65_000) },
    });
    expect(answer.status).toBe(200);
  });

  it('answers 400 malformed_json to a broken body', async () => {
    const t = await startTestServer();
    const answer = await t.call('POST', '/api/auth/login', { rawBody: '{"username": "admin",' });
    expect(answer.status).toBe(400);
    expect(answer.json).toEqual({ error: 'malformed_json', message: expect.any(String) });
  });

  it('answers a path that does not decode with the contract error body', async () => {
    const t = await startTestServer();
    const answer = await t.call('GET', '/api/%zz');
    expect(answer.status).toBe(400);
    expect(answer.headers.get('content-type')).toContain('application/json');
    expect(answer.json).toEqual({ error: 'bad_request', message: expect.any(String) });
  });

  it('answers a request that is not HTTP with the contract error body', async () => {
    const t = await startTestServer();
    const reply = await new Promise<string>((resolve, reject) => {
      const socket = connect(t.server.port, '127.0.0.1', () => {
        socket.write('NOT HTTP AT ALL\r\n\r\n');
      });
      let text = '';
      socket.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
      socket.on('close', () => resolve(text));
      socket.on('error', reject);
    });
    const [head, body] = reply.split('\r\n\r\n');
    expect(head).toMatch(/^HTTP\/1\.1 400 /);
    expect(head?.toLowerCase()).toContain('content-type: application/json');
    expect(JSON.parse(body ?? '')).toEqual({ error: 'bad_request', message: expect.any(String) });
  });

  it('answers unknown paths with a JSON 404', async () => {
    const t = await startTestServer();
    const answer = await t.call('GET', '/api/nothing-here');
    expect(answer.status).toBe(404);
    expect(answer.headers.get('content-type')).toContain('application/json');
    expect(answer.json).toEqual({ error: 'not_found', message: expect.any(String) });
  });
});

describe('check order', () => {
  it('checks the body before the credentials', async () => {
    const t = await startTestServer();
    const malformed = await t.call('PUT', '/api/settings/sessions', { rawBody: '{oops' });
    expect(malformed.status).toBe(400);
    const large = await t.call('PUT', '/api/settings/sessions', {
      body: { pad: 'x'.repeat(70_000) },
    });
    expect(large.status).toBe(413);
  });

  it('checks credentials before permissions, permissions before the version, the version before content', async () => {
    const t = await startTestServer();
    const invalid = settingsWith((s) => (s.timeouts.idleMinutes = 0));
    const put = (options: Record<string, unknown>) =>
      t.call('PUT', '/api/settings/sessions', { body: invalid, ...options });
    expect((await put({ apiKey: 'qbk_unknown_0000000000' })).status).toBe(401);
    expect((await put({ apiKey: READ_KEY })).status).toBe(403);
    expect((await put({ apiKey: WRITE_KEY })).status).toBe(428);
    expect((await put({ apiKey: WRITE_KEY, headers: { 'if-match': '"7"' } })).status).toBe(412);
    expect((await put({ apiKey: WRITE_KEY, headers: { 'if-match': '"1"' } })).status).toBe(422);
  });

  it('checks permissions before the confirmation and before not_found', async () => {
    const t = await startTestServer();
    expect(
      (await t.call('POST', '/api/sessions/invalidate-all', { apiKey: READ_KEY, body: {} })).status,
    ).toBe(403);
    expect((await t.call('POST', '/api/sessions/invalidate-all', { body: {} })).status).toBe(401);
    expect((await t.call('DELETE', '/api/sessions/unknown', { apiKey: READ_KEY })).status).toBe(
      403,
    );
    expect((await t.call('DELETE', '/api/sessions/unknown', { apiKey: WRITE_KEY })).status).toBe(
      404,
    );
  });
});
