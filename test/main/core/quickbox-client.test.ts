import { createServer as createHttpServer, type IncomingHttpHeaders } from 'node:http';
import { networkInterfaces } from 'node:os';
import { createServer as createTlsServer } from 'node:tls';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { generate } from 'selfsigned';
import { startReferenceServer, totpCode } from '../../../server/index';
import type { AppError } from '../../../src-shared/errors';
import { DEFAULT_SETTINGS } from '../../../src-shared/settings';
import { CoreError } from '../../../src-main/core/core-error';
import {
  QuickBoxClient,
  type ClientCredentials,
  type ClientTimeouts,
} from '../../../src-main/core/quickbox-client';
import {
  capturingLogger,
  deadPort,
  fastTimeouts,
  makeSecrets,
  removeAll,
  startRawServer,
  sendJson,
  startSeededServer,
  STALL_TIMEOUTS,
  TOTP_SECRET,
  useSeededServer,
} from './fixtures';

async function errorOf(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof CoreError) return error.appError;
    throw error;
  }
  throw new Error('expected the call to fail');
}

function client(
  baseUrl: string,
  credentials: ClientCredentials,
  pinnedFingerprint: string | null = null,
  timeouts: Partial<ClientTimeouts> = {},
): QuickBoxClient {
  return new QuickBoxClient(
    { baseUrl, pinnedFingerprint },
    credentials,
    fastTimeouts(timeouts),
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

  it('retries a GET answered 429 with a short Retry-After, and reports a long one', async () => {
    let calls = 0;
    const raw = await startRawServer((_request, response) => {
      calls += 1;
      if (calls === 1) {
        sendJson(
          response,
          429,
          { error: 'rate_limited', message: 'slow down' },
          { 'retry-after': '0' },
        );
        return;
      }
      if (calls === 2) {
        sendJson(response, 200, { status: 'ok', name: 'Raw', version: '1' });
        return;
      }
      sendJson(
        response,
        429,
        { error: 'rate_limited', message: 'slow down' },
        { 'retry-after': '900' },
      );
    });
    const target = client(raw.url, { kind: 'api_key', apiKey: 'k' });

    const health = await target.health();
    const error = await errorOf(target.health());

    expect(health.name).toBe('Raw');
    expect(error).toMatchObject({ code: 'rate_limited', retryAfterSeconds: 900 });
    expect(raw.requests()).toBe(3);
    await target.close();
    await raw.close();
  });
});

describe('QuickBoxClient transport failures', () => {
  it('maps a port with nothing listening to unreachable', async () => {
    const port = await deadPort();
    const target = client(`http://127.0.0.1:${port}`, { kind: 'api_key', apiKey: 'k' });

    const error = await errorOf(target.health());

    expect(error.code).toBe('unreachable');
    await target.close();
  });

  it('maps a server that stalls to timeout (headers phase)', async () => {
    const raw = await startRawServer(() => undefined);
    const target = client(raw.url, { kind: 'api_key', apiKey: 'k' }, null, STALL_TIMEOUTS);

    const error = await errorOf(target.health());

    expect(error).toMatchObject({ code: 'timeout', phase: 'headers' });
    expect(raw.requests()).toBe(2);
    await target.close();
    await raw.close();
  });

  it('maps a body that stops half-way to timeout (body phase)', async () => {
    const raw = await startRawServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.write('{"status":');
    });
    const target = client(raw.url, { kind: 'api_key', apiKey: 'k' }, null, STALL_TIMEOUTS);

    const error = await errorOf(target.health());

    expect(error).toMatchObject({ code: 'timeout', phase: 'body' });
    await target.close();
    await raw.close();
  });

  it('maps an HTML answer to protocol_error', async () => {
    const raw = await startRawServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'text/html' });
      response.end('<html><body>Welcome to nginx</body></html>');
    });
    const target = client(raw.url, { kind: 'api_key', apiKey: 'k' });

    const error = await errorOf(target.health());

    expect(error.code).toBe('protocol_error');
    await target.close();
    await raw.close();
  });

  it('maps a 2 MiB answer to protocol_error, with and without a content length', async () => {
    const big = JSON.stringify({ status: 'ok', name: 'x'.repeat(2 * 1024 * 1024), version: '1' });
    const raw = await startRawServer((request, response) => {
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (request.url?.includes('me')) headers['content-length'] = String(Buffer.byteLength(big));
      response.writeHead(200, headers);
      response.end(big);
    });
    const target = client(raw.url, { kind: 'api_key', apiKey: 'k' });

    const chunked = await errorOf(target.health());
    const declared = await errorOf(target.me());

    expect(chunked.code).toBe('protocol_error');
    expect(declared.code).toBe('protocol_error');
    expect(chunked.message).toContain('larger than');
    await target.close();
    await raw.close();
  });

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

  it('retries a GET that a proxy answers 502 with its own HTML page, then maps it to unreachable', async () => {
    const raw = await startRawServer((_request, response) => {
      response.writeHead(502, { 'content-type': 'text/html' });
      response.end('<html><body><h1>502 Bad Gateway</h1></body></html>');
    });
    const target = client(raw.url, { kind: 'api_key', apiKey: 'k' });

    const error = await errorOf(target.health());

    expect(error.code).toBe('unreachable');
    expect(raw.requests()).toBe(2);
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

  it('retries a GET answered 503 but never a POST', async () => {
    const raw = await startRawServer((_request, response) => {
      sendJson(response, 503, { error: 'unavailable', message: 'down' });
    });
    const target = client(raw.url, { kind: 'api_key', apiKey: 'k' });

    const getError = await errorOf(target.health());
    const afterGet = raw.requests();
    const postError = await errorOf(target.invalidateAllSessions());

    expect(getError.code).toBe('unreachable');
    expect(postError.code).toBe('unreachable');
    expect(afterGet).toBe(2);
    expect(raw.requests()).toBe(3);
    await target.close();
    await raw.close();
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

describe('certificate pinning sends nothing to a mismatching server', () => {
  it('closes the TLS connection before a request byte is written', async () => {
    const pems = await generate([{ name: 'commonName', value: 'impostor' }], {
      keyType: 'ec',
      curve: 'P-256',
      algorithm: 'sha256',
    });
    const received: Buffer[] = [];
    const impostor = createTlsServer({ key: pems.private, cert: pems.cert }, (socket) => {
      socket.on('data', (chunk: Buffer) => received.push(chunk));
      socket.on('error', () => undefined);
    });
    await new Promise<void>((resolve) => impostor.listen(0, '127.0.0.1', resolve));
    const { port } = impostor.address() as AddressInfo;
    const pin = Array.from({ length: 32 }, () => 'AB').join(':');
    const secrets = makeSecrets();
    const target = client(
      `https://127.0.0.1:${port}`,
      { kind: 'account', username: 'admin', password: secrets.adminPassword },
      pin,
    );

    const error = await errorOf(target.login());
    await new Promise((resolve) => setTimeout(resolve, 50));

    expect(error.code).toBe('tls_pin_mismatch');
    expect(Buffer.concat(received).length).toBe(0);
    await target.close();
    await new Promise<void>((resolve) => impostor.close(() => resolve()));
  });
});
