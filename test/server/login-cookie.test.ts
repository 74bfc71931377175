import { join } from 'node:path';
import Database from 'better-sqlite3';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { DATABASE_FILE } from '../../server/store';
import type { QuickBoxEvent } from '../../src-shared/quickbox';
import { validateSettings } from '../../src-shared/settings';
import { pathLike } from '../fixtures/cookie-path-arbitrary';
import type { TestServer } from './harness';
import {
  ADMIN,
  READ_KEY,
  WRITE_KEY,
  putSettings,
  settingsWith,
  startTestServer,
  stopAllTestServers,
} from './harness';

afterEach(stopAllTestServers);

function withCookiePath(path: string) {
  return settingsWith((s) => {
    s.persistence.cookie.path = path;
    s.concurrency.maxSessionsPerUser = 100;
  });
}

/**
 * Writes straight into the server's database, as a version predating the rule could have
 * stored a path Node refuses in a header.
 */
function writeDirectly(t: TestServer, sql: string, value: string): void {
  const db = new Database(join(t.dataDir, DATABASE_FILE));
  try {
    db.prepare(sql).run(value);
  } finally {
    db.close();
  }
}

describe('cookie path on the server (visible ASCII, as docs/session-api.md)', () => {
  it('refuses to save a cookie path outside visible ASCII, as 422 code "path"', async () => {
    const t = await startTestServer();
    const current = await t.call('GET', '/api/settings/sessions', { apiKey: READ_KEY });
    const answer = await t.call('PUT', '/api/settings/sessions', {
      apiKey: WRITE_KEY,
      headers: { 'if-match': current.headers.get('etag') ?? '' },
      body: withCookiePath('/✓'),
    });
    expect(answer.status).toBe(422);
    expect(answer.json.errors).toEqual([
      expect.objectContaining({ field: 'persistence.cookie.path', code: 'path' }),
    ]);
    expect((await t.login(ADMIN)).status).toBe(200);
  });

  it('keeps logins working after any path it accepts is saved; the cookie carries that path', async () => {
    const t = await startTestServer({ settings: withCookiePath('/') });
    await fc.assert(
      fc.asyncProperty(pathLike, async (path) => {
        fc.pre(validateSettings(withCookiePath(path)).errors.length === 0);
        await putSettings(t, withCookiePath(path));
        const login = await t.login(ADMIN);
        expect(login.status).toBe(200);
        const [cookie] = login.cookies;
        expect(cookie?.path).toBe(path);
        const me = await t.call('GET', '/api/auth/me', { cookie: cookie?.value });
        expect(me.json.username).toBe(ADMIN.username);
        await t.call('POST', '/api/auth/logout', { cookie: cookie?.value });
      }),
      { numRuns: 15 },
    );
  });

  it('a login whose cookie cannot be sent answers 500 internal_error and evicts nobody', async () => {
    const t = await startTestServer({
      settings: settingsWith((s) => (s.concurrency.maxSessionsPerUser = 1)),
    });
    const token = await t.token(ADMIN);
    writeDirectly(
      t,
      "UPDATE settings SET body = json_set(body, '$.persistence.cookie.path', ?) WHERE id = 1",
      '/✓',
    );
    const failed = await t.login(ADMIN);
    expect(failed.status).toBe(500);
    expect(failed.headers.get('content-type')).toContain('application/json');
    expect(failed.body).toEqual({ error: 'internal_error', message: expect.any(String) });
    expect(failed.cookies).toEqual([]);
    // The admin's real session is still there, alone, and nothing was evicted.
    expect((await t.call('GET', '/api/auth/me', { token })).status).toBe(200);
    const summary = await t.call('GET', '/api/sessions/summary', { apiKey: READ_KEY });
    expect(summary.json.active).toBe(1);
    const events = (await t.call('GET', '/api/sessions/events', { apiKey: READ_KEY })).json
      .events as QuickBoxEvent[];
    expect(events.filter((event) => event.type === 'session.evicted')).toEqual([]);
  });

  it("any other unexpected failure answers the contract's 500 body too, the event stream included", async () => {
    const t = await startTestServer({
      settings: settingsWith((s) => {
        s.persistence.rememberMeDays = 30;
        s.persistence.resetExpiryAtLogon = true;
      }),
    });
    const token = await t.token(ADMIN, { rememberMe: true });
    // Each request of this session re-sends its cookie with the path it recorded.
    writeDirectly(t, 'UPDATE sessions SET cookie_path = ?', '/✓');
    const me = await t.call('GET', '/api/auth/me', { token });
    expect(me.status).toBe(500);
    expect(me.body).toEqual({ error: 'internal_error', message: expect.any(String) });
    const stream = await t.call('GET', '/api/sessions/events', {
      token,
      headers: { accept: 'text/event-stream' },
    });
    expect(stream.status).toBe(500);
    expect(stream.body).toEqual({ error: 'internal_error', message: expect.any(String) });
  });
});
