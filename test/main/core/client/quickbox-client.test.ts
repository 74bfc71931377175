import { createServer as createHttpServer, type IncomingHttpHeaders } from 'node:http';
import { networkInterfaces } from 'node:os';
import type { AddressInfo } from 'node:net';
import type { Credentials } from '../../../../src-shared/domain';
import { describe, expect, it } from 'vitest';
import { startReferenceServer, totpCode } from '../../../../server/index';
import type { AppError } from '../../../../src-shared/errors';
import { DEFAULT_SETTINGS } from '../../../../src-shared/settings';
import {
  parseEvent,
  QuickBoxClient,
  type ClientLimits,
} from '../../../../src-main/core/client/quickbox-client';
import {
  capturingLogger,
  errorOf,
  fastLimits,
  removeAll,
  startRawServer,
  sendJson,
  startSeededServer,
  TOTP_SECRET,
  useSeededServer,
} from '../fixtures';

function client(
  baseUrl: string,
  credentials: Credentials,
  pinnedFingerprint: string | null = null,
  limits: Partial<ClientLimits> = {},
): QuickBoxClient {
  return new QuickBoxClient(
    { baseUrl, pinnedFingerprint },
    credentials,
    fastLimits(limits),
    capturingLogger().logger,
  );
}

describe('QuickBoxClient against the reference server over HTTP', () => {
  const shared = useSeededServer();

  it('reads health, logs in and reads settings and identity', async () => {
    const admin = client(shared.server.url, {
      kind: 'account',
      username: 'admin',
      password: shared.secrets.adminPassword,
    });

    const health = await admin.health();
    const me = await admin.me();
    const settings = await admin.getSettings();

    expect(health).toMatchObject({ status: 'ok', name: 'Box A' });
    expect(me).toMatchObject({ username: 'admin', via: 'session' });
    expect(settings.version).toBe(1);
    expect(settings.timeouts).toEqual(DEFAULT_SETTINGS.timeouts);
    await admin.close();
  });

  it('maps a wrong password to unauthorized', async () => {
    const wrong = client(shared.server.url, {
      kind: 'account',
      username: 'viewer',
      password: 'not-the-password',
    });

    const error = await errorOf(wrong.login());

    expect(error.code).toBe('unauthorized');
    await wrong.close();
  });

  it('maps a missing one-time code to otp_required, and logs in with the code', async () => {
    const withoutCode = client(shared.server.url, {
      kind: 'account',
      username: 'otpadmin',
      password: shared.secrets.totpPassword,
    });
    const withCode = client(shared.server.url, {
      kind: 'account',
      username: 'otpadmin',
      password: shared.secrets.totpPassword,
      otp: totpCode(TOTP_SECRET, Date.now()),
    });

    const error = await errorOf(withoutCode.login());
    const login = await withCode.login();

    expect(error.code).toBe('otp_required');
    expect(login.user.username).toBe('otpadmin');
    await withoutCode.close();
    await withCode.close();
  });

  it('maps a viewer saving settings to forbidden with the permission', async () => {
    const viewer = client(shared.server.url, {
      kind: 'account',
      username: 'viewer',
      password: shared.secrets.viewerPassword,
    });

    const error = await errorOf(viewer.saveSettings(DEFAULT_SETTINGS, 1));

    expect(error).toMatchObject({ code: 'forbidden', permission: 'admin.settings.update' });
    await viewer.close();
  });

  it('maps a stale version to version_conflict with the current settings', async () => {
    const admin = client(shared.server.url, {
      kind: 'account',
      username: 'admin',
      password: shared.secrets.adminPassword,
    });
    const current = await admin.getSettings();
    const first = {
      ...DEFAULT_SETTINGS,
      concurrency: { maxSessionsPerUser: current.concurrency.maxSessionsPerUser === 4 ? 3 : 4 },
    };
    const saved = await admin.saveSettings(first, current.version);

    const error = await errorOf(admin.saveSettings(DEFAULT_SETTINGS, current.version));

    expect(error.code).toBe('version_conflict');
    if (error.code === 'version_conflict') {
      expect(error.current.version).toBe(saved.version);
      expect(error.current.concurrency.maxSessionsPerUser).toBe(
        first.concurrency.maxSessionsPerUser,
      );
    }
    await admin.close();
  });

  it('maps the server refusing invalid settings to invalid_settings with field errors', async () => {
    const admin = client(shared.server.url, { kind: 'api_key', apiKey: shared.secrets.writeKey });
    const current = await admin.getSettings();
    const invalid = {
      ...DEFAULT_SETTINGS,
      timeouts: { ...DEFAULT_SETTINGS.timeouts, idleMinutes: 0 },
    };

    const error = await errorOf(admin.saveSettings(invalid, current.version));

    expect(error.code).toBe('invalid_settings');
    if (error.code === 'invalid_settings') {
      expect(error.errors.map((issue) => issue.field)).toContain('timeouts.idleMinutes');
    }
  });

  it('maps an unknown API key to unauthorized and a read key saving to forbidden', async () => {
    const unknown = client(shared.server.url, { kind: 'api_key', apiKey: 'qbk_nobody_knows_this' });
    const reader = client(shared.server.url, { kind: 'api_key', apiKey: shared.secrets.readKey });

    const unknownError = await errorOf(unknown.getSettings());
    const readerError = await errorOf(reader.saveSettings(DEFAULT_SETTINGS, 1));

    expect(unknownError.code).toBe('unauthorized');
    expect(readerError).toMatchObject({ code: 'forbidden', permission: 'admin.settings.update' });
  });

  it('logs in again once when its session ended elsewhere (401 with account credentials)', async () => {
    const admin = client(shared.server.url, {
      kind: 'account',
      username: 'admin',
      password: shared.secrets.adminPassword,
    });
    const other = client(shared.server.url, { kind: 'api_key', apiKey: shared.secrets.writeKey });
    await admin.login();
    const before = await admin.listSessions({ username: 'admin', limit: 500 });
    const mine = before.sessions.find((session) => session.current);
    await other.revokeSession(mine?.id ?? '');

    const after = await admin.listSessions({ username: 'admin', limit: 500 });
    const current = after.sessions.find((session) => session.current);

    expect(mine).toBeDefined();
    expect(admin.hasToken).toBe(true);
    expect(current?.id).toBeDefined();
    expect(current?.id).not.toBe(mine?.id);
    await admin.close();
    await other.close();
  });

  it('maps a 404 on revoke to not_found', async () => {
    const admin = client(shared.server.url, { kind: 'api_key', apiKey: shared.secrets.writeKey });

    const error = await errorOf(admin.revokeSession('no-such-session'));

    expect(error).toMatchObject({ code: 'not_found', what: 'session' });
  });
});

describe('QuickBoxClient rate limiting', () => {
  it('maps a 429 storm on login to rate_limited with retry-after', async () => {
    const { server, dataDir } = await startSeededServer();
    const attempts: AppError[] = [];
    for (let attempt = 0; attempt < 7; attempt += 1) {
      const wrong = client(server.url, {
        kind: 'account',
        username: 'admin',
        password: `wrong-${attempt}`,
      });
      attempts.push(await errorOf(wrong.login()));
      await wrong.close();
    }

    const last = attempts[attempts.length - 1];

    expect(attempts.slice(0, 5).every((error) => error.code === 'unauthorized')).toBe(true);
    expect(last?.code).toBe('rate_limited');
    if (last?.code === 'rate_limited') expect(last.retryAfterSeconds).toBeGreaterThan(0);
    await server.close();
    await removeAll([dataDir]);
  });
});

describe("QuickBoxClient answers that are not the API's", () => {
  it('maps JSON of the wrong shape to protocol_error', async () => {
    const raw = await startRawServer((_request, response) => {
      sendJson(response, 200, { active: 'many', byUser: null });
    });
    const target = client(raw.url, { kind: 'api_key', apiKey: 'k' });

    const error = await errorOf(target.summary());

    expect(error.code).toBe('protocol_error');
    await target.close();
    await raw.close();
  });

  it('maps a proxy page instead of the event stream to unreachable, not protocol_error (no fallback to polling)', async () => {
    const raw = await startRawServer((_request, response) => {
      response.writeHead(503, { 'content-type': 'text/html' });
      response.end('<html><body><h1>503 Service Temporarily Unavailable</h1></body></html>');
    });
    const target = client(raw.url, { kind: 'api_key', apiKey: 'k' });

    const error = await errorOf(target.openEventStream(0, new AbortController().signal));

    expect(error.code).toBe('unreachable');
    await target.close();
    await raw.close();
  });
});

/**
 * A raw server with sessions: login hands out numbered tokens, and a token works until
 * `revokeAll()`; API keys are always refused. Counts logins per username.
 */
async function startSessionServer() {
  let issued = 0;
  let validFrom = 1;
  const logins: string[] = [];
  const raw = await startRawServer((request, response) => {
    const url = request.url ?? '';
    if (url.startsWith('/api/auth/login')) {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      request.on('end', () => {
        issued += 1;
        logins.push((JSON.parse(body) as { username: string }).username);
        sendJson(response, 200, {
          token: `t${issued}`,
          expiresAt: '2030-01-01T00:00:00Z',
          user: { username: 'admin', permissions: ['admin.sessions.read'] },
        });
      });
      return;
    }
    const token = Number(/^Bearer t(\d+)$/.exec(request.headers.authorization ?? '')?.[1] ?? 0);
    if (token < validFrom) return sendJson(response, 401, { error: 'unauthenticated' });
    if (request.headers.accept === 'text/event-stream') {
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      response.end(': open\n\n');
      return;
    }
    if (url.startsWith('/api/auth/logout')) return sendJson(response, 204, null);
    return sendJson(response, 200, {
      username: 'admin',
      permissions: ['admin.sessions.read'],
      via: 'session',
    });
  });
  return {
    ...raw,
    logins,
    /** Ends every session handed out so far (as invalidate-all does). */
    revokeAll: () => (validFrom = issued + 1),
    /** Refuses every token, old and new. */
    refuseAll: () => (validFrom = Number.POSITIVE_INFINITY),
  };
}

const ACCOUNT: Credentials = { kind: 'account', username: 'admin', password: 'pw' };

/** A session server and an account client whose token it has accepted once. */
async function signedIn() {
  const server = await startSessionServer();
  const admin = client(server.url, ACCOUNT);
  await admin.me();
  return { server, admin };
}

describe('QuickBoxClient re-login once, for requests and the event stream alike', () => {
  it('logs in again once when a request or the stream meets the end of an accepted session', async () => {
    const { server, admin } = await signedIn();

    server.revokeAll();
    const me = await admin.me();
    server.revokeAll();
    const stream = await admin.openEventStream(0, new AbortController().signal);
    const text = await stream.text();

    expect(me.username).toBe('admin');
    expect(text).toBe(': open\n\n');
    expect(server.logins).toEqual(['admin', 'admin', 'admin']);
    await admin.close();
    await server.close();
  });

  it('answers unauthorized after the one re-login, for a fresh token, and for an API key', async () => {
    const { server, admin } = await signedIn();
    server.refuseAll();

    const request = await errorOf(admin.me());
    const stream = await errorOf(admin.openEventStream(0, new AbortController().signal));
    const loginsAfterRefusal = server.logins.length;
    const fresh = client(server.url, ACCOUNT);
    const freshError = await errorOf(fresh.me());
    const key = client(server.url, { kind: 'api_key', apiKey: 'k' });
    const keyError = await errorOf(key.openEventStream(0, new AbortController().signal));

    expect([request.code, stream.code, freshError.code, keyError.code]).toEqual([
      'unauthorized',
      'unauthorized',
      'unauthorized',
      'unauthorized',
    ]);
    // The first login, then one re-login each for the request and the stream.
    expect(loginsAfterRefusal).toBe(3);
    // The fresh client logs in once; nothing more.
    expect(server.logins).toHaveLength(4);
    await Promise.all([admin.close(), fresh.close(), key.close(), server.close()]);
  });

  it('logs out with the token it has, without logging in again', async () => {
    const { server, admin } = await signedIn();
    server.revokeAll();

    const error = await errorOf(admin.logout());

    expect(error.code).toBe('unauthorized');
    expect(admin.hasToken).toBe(false);
    expect(server.logins).toHaveLength(1);
    await admin.close();
    await server.close();
  });
});

describe('parseEvent', () => {
  const event = (type: string, data: unknown) => ({
    id: 3,
    type,
    at: '2026-11-28T12:00:00Z',
    actor: 'root',
    data,
  });

  it('checks a known event, and skips a type this app does not know', () => {
    expect(parseEvent(event('sessions.invalidated_all', { invalidated: 4 }))).toEqual(
      event('sessions.invalidated_all', { invalidated: 4 }),
    );
    expect(parseEvent(event('sessions.archived', { anything: true }))).toBeNull();
  });

  it('refuses an event of the wrong shape, or a known type with the wrong data', async () => {
    const noId = async () => parseEvent({ ...event('session.revoked', {}), id: 0 });
    const badData = async () => parseEvent(event('session.revoked', { sessionId: 5 }));

    expect((await errorOf(noId())).code).toBe('protocol_error');
    expect(await errorOf(badData())).toMatchObject({
      code: 'protocol_error',
      message: expect.stringContaining('session.revoked'),
    });
  });
});

describe('QuickBoxClient over plain http:// to another computer', () => {
  /** This computer's first address that is not loopback (a LAN address, as a remote box has). */
  function networkAddress(): string | null {
    const all = Object.values(networkInterfaces()).flatMap((list) => list ?? []);
    return all.find((item) => item.family === 'IPv4' && !item.internal)?.address ?? null;
  }

  it('sends no password or API key unencrypted; unauthenticated health still works', async () => {
    const address = networkAddress();
    expect(address, 'this test needs a non-loopback IPv4 interface').not.toBeNull();
    const seen: { url: string; headers: IncomingHttpHeaders }[] = [];
    const server = createHttpServer((request, response) => {
      seen.push({ url: request.url ?? '', headers: request.headers });
      sendJson(response, 200, { status: 'ok', name: 'LAN box', version: '1' });
    });
    await new Promise<void>((resolve) => server.listen(0, address ?? '', resolve));
    const url = `http://${address}:${(server.address() as AddressInfo).port}`;
    const keyClient = client(url, { kind: 'api_key', apiKey: 'key-in-clear' });
    const accountClient = client(url, { kind: 'account', username: 'u', password: 'pw-in-clear' });

    const health = await keyClient.health();
    const keyError = await errorOf(keyClient.me());
    const accountError = await errorOf(accountClient.login());
    await keyClient.close();
    await accountClient.close();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));

    expect(health.name).toBe('LAN box');
    expect(keyError).toMatchObject({ code: 'invalid_request', issues: [{ path: 'baseUrl' }] });
    expect(accountError).toMatchObject({ code: 'invalid_request', issues: [{ path: 'baseUrl' }] });
    expect(seen.map((request) => request.url)).toEqual(['/api/health']);
    expect(seen[0]?.headers['x-api-key']).toBeUndefined();
  });
});

describe('QuickBoxClient over HTTPS', () => {
  const https = useSeededServer({ tls: 'self-signed' });

  it('maps an unpinned self-signed certificate to tls_untrusted with its fingerprint', async () => {
    const target = client(https.server.url, { kind: 'api_key', apiKey: https.secrets.writeKey });

    const error = await errorOf(target.health());

    expect(error.code).toBe('tls_untrusted');
    if (error.code === 'tls_untrusted') {
      expect(error.certificate?.fingerprint256).toBe(https.server.fingerprint256);
      expect(error.certificate?.subject).toContain('QuickBox reference server');
      expect(error.certificate?.selfSigned).toBe(true);
      expect(Date.parse(error.certificate?.validTo ?? '')).toBeGreaterThan(Date.now());
    }
    await target.close();
  });

  it('connects to a pinned certificate', async () => {
    const target = client(
      https.server.url,
      { kind: 'api_key', apiKey: https.secrets.writeKey },
      https.server.fingerprint256,
    );

    const settings = await target.getSettings();

    expect(settings.version).toBeGreaterThanOrEqual(1);
    await target.close();
  });

  it('maps a changed certificate to tls_pin_mismatch after a restart with a new one', async () => {
    const pinned = https.server.fingerprint256 ?? '';
    await https.server.close();
    https.server = await startReferenceServer({
      dataDir: https.dataDir,
      port: https.server.port,
      tls: 'self-signed',
    });
    const target = client(
      https.server.url,
      { kind: 'api_key', apiKey: https.secrets.writeKey },
      pinned,
    );

    const error = await errorOf(target.getSettings());

    expect(https.server.fingerprint256).not.toBe(pinned);
    expect(error).toMatchObject({ code: 'tls_pin_mismatch', expectedFingerprint: pinned });
    if (error.code === 'tls_pin_mismatch') {
      expect(error.certificate?.fingerprint256).toBe(https.server.fingerprint256);
    }
    await target.close();
  });
});
