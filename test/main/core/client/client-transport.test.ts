import { createServer as createTlsServer } from 'node:tls';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { generate } from 'selfsigned';
import {
  ClientTransport,
  type ClientLimits,
  type Exchange,
  type RequestSpec,
} from '../../../../src-main/core/client/client-transport';
import {
  capturingLogger,
  deadPort,
  errorOf,
  fastLimits,
  sendJson,
  startRawServer,
  STALL_TIMEOUTS,
} from '../fixtures';
import { trickle } from '../hostile-servers';

function transport(
  baseUrl: string,
  pinnedFingerprint: string | null = null,
  limits: Partial<ClientLimits> = {},
): ClientTransport {
  return new ClientTransport(
    { baseUrl, pinnedFingerprint },
    fastLimits(limits),
    capturingLogger().logger,
  );
}

const GET_HEALTH: RequestSpec = { method: 'GET', path: '/api/health' };

describe('ClientTransport requests', () => {
  it('sends below the base path, with the query, JSON body, headers and credentials', async () => {
    const seen: {
      method?: string;
      url?: string;
      headers: Record<string, unknown>;
      body: string;
    }[] = [];
    const raw = await startRawServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      request.on('end', () => {
        seen.push({ method: request.method, url: request.url, headers: request.headers, body });
        sendJson(response, 200, { ok: true });
      });
    });
    const target = transport(`${raw.url}/quickbox/`);

    const reply = await target.request(
      {
        method: 'PUT',
        path: '/api/settings/sessions',
        query: { a: 1, skipped: undefined },
        body: { x: 1 },
        headers: { 'if-match': '"3"' },
      },
      { 'x-api-key': 'k' },
    );

    expect(reply).toMatchObject({ status: 200, json: { ok: true } });
    expect(seen).toEqual([
      expect.objectContaining({
        method: 'PUT',
        url: '/quickbox/api/settings/sessions?a=1',
        body: '{"x":1}',
        headers: expect.objectContaining({
          accept: 'application/json',
          'content-type': 'application/json; charset=utf-8',
          'if-match': '"3"',
          'x-api-key': 'k',
        }),
      }),
    ]);
    await target.close();
    await raw.close();
  });

  it('returns an error status with its JSON for the error mapping, and an empty body as null', async () => {
    const raw = await startRawServer((request, response) => {
      if (request.url?.includes('empty')) {
        response.writeHead(204);
        response.end();
        return;
      }
      sendJson(response, 403, { error: 'forbidden', permission: 'p' });
    });
    const target = transport(raw.url);

    const refused = await target.request({ method: 'POST', path: '/api/x' });
    const empty = await target.request({ method: 'DELETE', path: '/api/empty' });

    expect(refused).toMatchObject({ status: 403, json: { error: 'forbidden', permission: 'p' } });
    expect(empty).toMatchObject({ status: 204, json: null });
    await target.close();
    await raw.close();
  });
});

describe('ClientTransport retries', () => {
  it('retries a GET answered 429 with a short Retry-After, and returns a long one unwaited', async () => {
    let calls = 0;
    const raw = await startRawServer((_request, response) => {
      calls += 1;
      if (calls === 1) {
        sendJson(response, 429, { error: 'rate_limited' }, { 'retry-after': '0' });
        return;
      }
      if (calls === 2) {
        sendJson(response, 200, { status: 'ok', name: 'Raw', version: '1' });
        return;
      }
      sendJson(response, 429, { error: 'rate_limited' }, { 'retry-after': '900' });
    });
    const target = transport(raw.url);

    const retried = await target.request(GET_HEALTH);
    const long = await target.request(GET_HEALTH);

    expect(retried).toMatchObject({ status: 200, json: { name: 'Raw' } });
    expect(long).toMatchObject({ status: 429, headers: { 'retry-after': '900' } });
    expect(raw.requests()).toBe(3);
    await target.close();
    await raw.close();
  });

  it('retries a GET answered 503 but never a POST or a DELETE', async () => {
    const raw = await startRawServer((_request, response) => {
      sendJson(response, 503, { error: 'unavailable', message: 'down' });
    });
    const target = transport(raw.url);

    const get = await target.request(GET_HEALTH);
    const afterGet = raw.requests();
    const post = await target.request({ method: 'POST', path: '/api/sessions/invalidate-all' });
    const remove = await target.request({ method: 'DELETE', path: '/api/sessions/s1' });

    expect([get.status, post.status, remove.status]).toEqual([503, 503, 503]);
    expect(afterGet).toBe(2);
    expect(raw.requests()).toBe(4);
    await target.close();
    await raw.close();
  });

  it('retries a GET that a proxy answers 502 with its own HTML page, then returns the bare status', async () => {
    const raw = await startRawServer((_request, response) => {
      response.writeHead(502, { 'content-type': 'text/html' });
      response.end('<html><body><h1>502 Bad Gateway</h1></body></html>');
    });
    const target = transport(raw.url);

    const reply = await target.request(GET_HEALTH);

    expect(reply).toMatchObject({ status: 502, json: null });
    expect(raw.requests()).toBe(2);
    await target.close();
    await raw.close();
  });
});

describe('ClientTransport failures', () => {
  it('maps a port with nothing listening to unreachable, after retrying a GET', async () => {
    const port = await deadPort();
    const target = transport(`http://127.0.0.1:${port}`);

    const error = await errorOf(target.request(GET_HEALTH));

    expect(error.code).toBe('unreachable');
    expect(error.message).toContain(`127.0.0.1:${port}`);
    await target.close();
  });

  it('maps a server that stalls to timeout (headers phase), after retrying a GET', async () => {
    const raw = await startRawServer(() => undefined);
    const target = transport(raw.url, null, STALL_TIMEOUTS);

    const error = await errorOf(target.request(GET_HEALTH));

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
    const target = transport(raw.url, null, STALL_TIMEOUTS);

    const error = await errorOf(target.request(GET_HEALTH));

    expect(error).toMatchObject({ code: 'timeout', phase: 'body' });
    await target.close();
    await raw.close();
  });

  it('ends an answer that trickles (200, then a byte every 300 ms) at the total deadline', async () => {
    const raw = await startRawServer((_request, response) => trickle(response));
    // The idle timers never fire (a byte comes every 300 ms); only the total deadline can.
    const target = transport(raw.url, null, { headersMs: 2_000, bodyMs: 2_000, totalMs: 1_200 });

    const error = await errorOf(
      target.request({ method: 'PUT', path: '/api/settings/sessions', body: {} }),
    );

    expect(error).toMatchObject({ code: 'timeout', phase: 'total' });
    expect(error.message).toContain('1.2 s');
    expect(raw.requests()).toBe(1);
    await target.close();
    await raw.close();
  }, 15_000);

  it('close() ends a request whose answer trickles, well before its total deadline', async () => {
    let answering: () => void = () => undefined;
    const started = new Promise<void>((resolve) => (answering = resolve));
    const raw = await startRawServer((_request, response) => {
      trickle(response);
      answering();
    });
    // A deadline far beyond the test's own timeout: only close() can end the request in time.
    const target = transport(raw.url, null, { headersMs: 2_000, bodyMs: 2_000, totalMs: 600_000 });

    const failed = errorOf(target.request({ method: 'PUT', path: '/api/x', body: {} }));
    await started;
    await target.close();

    expect(await failed).toMatchObject({ code: 'unreachable' });
    await raw.close();
  }, 15_000);

  it('maps an HTML answer and a JSON type with a broken body to protocol_error', async () => {
    const raw = await startRawServer((request, response) => {
      if (request.url?.includes('broken')) {
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end('{"status":');
        return;
      }
      response.writeHead(200, { 'content-type': 'text/html' });
      response.end('<html><body>Welcome to nginx</body></html>');
    });
    const target = transport(raw.url);

    const html = await errorOf(target.request(GET_HEALTH));
    const broken = await errorOf(target.request({ method: 'GET', path: '/broken' }));

    expect(html.code).toBe('protocol_error');
    expect(broken.code).toBe('protocol_error');
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
    const target = transport(raw.url);

    const chunked = await errorOf(target.request(GET_HEALTH));
    const declared = await errorOf(target.request({ method: 'GET', path: '/api/auth/me' }));

    expect(chunked.code).toBe('protocol_error');
    expect(declared.code).toBe('protocol_error');
    expect(chunked.message).toContain('larger than');
    await target.close();
    await raw.close();
  });
});

describe('ClientTransport onExchange (qbsc --verbose)', () => {
  it('tells each attempt: method, URL without user info, status or error, time; never a header or body', async () => {
    const raw = await startRawServer((request, response) => {
      if (request.url?.includes('/busy')) {
        response.writeHead(503).end();
        return;
      }
      sendJson(response, 200, { ok: true });
    });
    const heard: Exchange[] = [];
    const url = new URL(raw.url);
    const target = transport(`http://someone:s3cret@${url.host}/base`, null, {
      onExchange: (exchange) => heard.push(exchange),
      retries: 2,
      retryBaseMs: 1,
    });

    await target.request(
      { method: 'POST', path: '/login', body: { password: 'pw-123' } },
      {
        authorization: 'Bearer tok-456',
      },
    );
    await target.request({ method: 'GET', path: '/busy', query: { limit: 5 } });
    const port = await deadPort();
    const dead = transport(`http://127.0.0.1:${port}`, null, {
      onExchange: (exchange) => heard.push(exchange),
      retries: 0,
    });
    await errorOf(dead.request(GET_HEALTH));

    expect(heard.map(({ ms: _ms, ...rest }) => rest)).toEqual([
      { method: 'POST', url: `http://${url.host}/base/login`, status: 200, error: null },
      // A GET answered 503 is retried: each attempt is told.
      ...Array.from({ length: 3 }, () => ({
        method: 'GET',
        url: `http://${url.host}/base/busy?limit=5`,
        status: 503,
        error: null,
      })),
      {
        method: 'GET',
        url: `http://127.0.0.1:${port}/api/health`,
        status: null,
        error: 'unreachable',
      },
    ]);
    expect(heard.every((exchange) => Number.isInteger(exchange.ms) && exchange.ms >= 0)).toBe(true);
    expect(JSON.stringify(heard)).not.toMatch(/s3cret|pw-123|tok-456|someone/);
    await target.close();
    await dead.close();
    await raw.close();
  });
});

describe('ClientTransport over plain http://', () => {
  it('says which addresses would carry credentials unencrypted over a network', () => {
    const cleartext = (baseUrl: string): boolean => {
      const target = transport(baseUrl);
      void target.close();
      return target.cleartextNetwork;
    };

    expect(cleartext('http://192.168.1.20:8080')).toBe(true);
    expect(cleartext('http://box.example.com')).toBe(true);
    expect(cleartext('http://localhost:3000')).toBe(false);
    expect(cleartext('http://127.0.0.5')).toBe(false);
    expect(cleartext('http://[::1]:3000')).toBe(false);
    expect(cleartext('https://box.example.com')).toBe(false);
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
    const target = transport(`https://127.0.0.1:${port}`, pin);

    const error = await errorOf(
      target.request(
        { method: 'POST', path: '/api/auth/login', body: { password: 'secret' } },
        { authorization: 'Bearer secret' },
      ),
    );
    await new Promise((resolve) => setTimeout(resolve, 50));

    expect(error).toMatchObject({ code: 'tls_pin_mismatch', expectedFingerprint: pin });
    expect(Buffer.concat(received).length).toBe(0);
    await target.close();
    await new Promise<void>((resolve) => impostor.close(() => resolve()));
  });
});
