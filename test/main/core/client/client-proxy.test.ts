import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReferenceServer } from '../../../../server/index';
import type { Credentials } from '../../../../src-shared/domain';
import { envProxyFor, parsePacAnswer } from '../../../../src-main/core/client/client-proxy';
import {
  ClientTransport,
  type ClientLimits,
} from '../../../../src-main/core/client/client-transport';
import { QuickBoxClient } from '../../../../src-main/core/client/quickbox-client';
import { startConnectProxy } from '../connect-proxy';
import {
  capturingLogger,
  errorOf,
  fastLimits,
  removeAll,
  sendJson,
  startCore,
  startRawServer,
  tempDir,
  useSeededServer,
} from '../fixtures';

type Proxy = Awaited<ReturnType<typeof startConnectProxy>>;

function through(proxy: Proxy): Pick<ClientLimits, 'proxyFor'> {
  return { proxyFor: () => Promise.resolve(proxy.url) };
}

function client(
  baseUrl: string,
  credentials: Credentials,
  pin: string | null,
  limits: Partial<ClientLimits>,
): QuickBoxClient {
  return new QuickBoxClient(
    { baseUrl, pinnedFingerprint: pin },
    credentials,
    fastLimits(limits),
    capturingLogger().logger,
  );
}

describe('a pinned server through a CONNECT proxy', () => {
  const https = useSeededServer({ tls: 'self-signed' });
  let proxy: Proxy;
  beforeAll(async () => {
    proxy = await startConnectProxy();
  });
  afterAll(async () => {
    await proxy.close();
  });

  it('signs in and reads through the tunnel; the proxy sees CONNECT host:port and no secret', async () => {
    const port = https.server.port;
    const password = https.secrets.adminPassword;
    // box.test resolves nowhere: only the proxy (which reaches 127.0.0.1) gets there.
    const target = client(
      `https://box.test:${port}`,
      { kind: 'account', username: 'admin', password },
      https.server.fingerprint256,
      through(proxy),
    );

    const settings = await target.getSettings();
    await target.close();

    expect(settings.version).toBeGreaterThanOrEqual(1);
    expect(proxy.seen.tunnels).toContain(`box.test:${port}`);
    for (const headers of proxy.seen.connectHeaders) {
      expect(Object.keys(headers).sort()).not.toContain('authorization');
      expect(Object.keys(headers)).not.toContain('x-api-key');
    }
    const carried = proxy.seen.tunnelBytes();
    expect(carried.length).toBeGreaterThan(0);
    expect(carried.includes(Buffer.from(password))).toBe(false);
    expect(carried.includes(Buffer.from('/api/settings'))).toBe(false);
  });

  it('opens the event stream through the same proxy', async () => {
    const before = proxy.seen.tunnels.length;
    const target = client(
      `https://box.test:${https.server.port}`,
      { kind: 'api_key', apiKey: https.secrets.readKey },
      https.server.fingerprint256,
      through(proxy),
    );
    const stop = new AbortController();

    const body = await target.openEventStream(0, stop.signal);
    stop.abort();
    body.destroy();
    await target.close();

    expect(proxy.seen.tunnels.length).toBeGreaterThan(before);
  });

  it('shows the certificate of an unpinned server fetched through the proxy too', async () => {
    const target = client(
      `https://box.test:${https.server.port}`,
      { kind: 'api_key', apiKey: https.secrets.readKey },
      null,
      through(proxy),
    );

    const error = await errorOf(target.health());
    await target.close();

    expect(error.code).toBe('tls_untrusted');
    if (error.code === 'tls_untrusted') {
      expect(error.certificate?.fingerprint256).toBe(https.server.fingerprint256);
    }
  });

  it('adds, pins and tests a server through the proxy: the certificate to trust is fetched through the tunnel', async () => {
    const { core, dataDir } = await startCore({ proxyFor: () => Promise.resolve(proxy.url) });
    https.folders.push(dataDir);
    const added = await core.handlers['servers:add']({
      name: 'Box behind a proxy',
      baseUrl: `https://box.test:${https.server.port}`,
      environment: 'production',
      credentials: { kind: 'api_key', apiKey: https.secrets.readKey },
      pinnedFingerprint: https.server.fingerprint256,
    });
    expect(added, JSON.stringify(added)).toMatchObject({ ok: true });
    const id = added.ok ? added.value.server.id : '';

    const pinned = await core.handlers['servers:pin-certificate']({
      id,
      fingerprint: https.server.fingerprint256 ?? '',
    });
    const tested = await core.handlers['servers:test']({ id });
    await core.dispose();

    expect(pinned).toMatchObject({ ok: true });
    expect(tested).toMatchObject({
      ok: true,
      value: { connection: { identity: { via: 'api_key' } } },
    });
  });

  it('refuses a changed certificate through the proxy, before any request byte', async () => {
    const pinned = https.server.fingerprint256 ?? '';
    await https.server.close();
    https.server = await startReferenceServer({
      dataDir: https.dataDir,
      port: https.server.port,
      tls: 'self-signed',
    });
    const before = proxy.seen.tunnels.length;
    const target = client(
      `https://box.test:${https.server.port}`,
      { kind: 'api_key', apiKey: https.secrets.writeKey },
      pinned,
      through(proxy),
    );

    const error = await errorOf(target.getSettings());
    await target.close();

    expect(error).toMatchObject({ code: 'tls_pin_mismatch', expectedFingerprint: pinned });
    expect(proxy.seen.tunnels.length).toBeGreaterThan(before);
    expect(proxy.seen.tunnelBytes().includes(Buffer.from(https.secrets.writeKey))).toBe(false);
  });
});

describe('plain http:// through the proxy', () => {
  it('is forwarded when the resolver names a proxy for it', async () => {
    const proxy = await startConnectProxy();
    const raw = await startRawServer((_request, response) => sendJson(response, 200, { ok: 1 }));
    const transport = new ClientTransport(
      { baseUrl: raw.url, pinnedFingerprint: null },
      fastLimits(through(proxy)),
      capturingLogger().logger,
    );

    const reply = await transport.request({ method: 'GET', path: '/api/health' });
    await transport.close();
    await Promise.all([proxy.close(), raw.close()]);

    expect(reply).toMatchObject({ status: 200, json: { ok: 1 } });
    expect(proxy.seen.forwarded).toEqual([`${raw.url}/api/health`]);
  });
});

describe('CAs of the operating system', () => {
  let folder: string;
  let ca: string;
  let server: ReturnType<typeof createHttpsServer>;
  let url: string;
  beforeAll(async () => {
    folder = await tempDir('qb-ca-');
    const file = (name: string): string => path.join(folder, name);
    const openssl = (...args: string[]): void => {
      execFileSync('openssl', args, { stdio: 'ignore' });
    };
    openssl(
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-days',
      '2',
      '-subj',
      '/CN=Throw-away test CA',
      '-keyout',
      file('ca.key'),
      '-out',
      file('ca.pem'),
    );
    openssl(
      'req',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-subj',
      '/CN=127.0.0.1',
      '-keyout',
      file('server.key'),
      '-out',
      file('server.csr'),
    );
    await import('node:fs/promises').then((fs) =>
      fs.writeFile(file('ext.cnf'), 'subjectAltName=IP:127.0.0.1\n'),
    );
    openssl(
      'x509',
      '-req',
      '-in',
      file('server.csr'),
      '-CA',
      file('ca.pem'),
      '-CAkey',
      file('ca.key'),
      '-CAcreateserial',
      '-days',
      '2',
      '-extfile',
      file('ext.cnf'),
      '-out',
      file('server.pem'),
    );
    ca = readFileSync(file('ca.pem'), 'utf8');
    server = createHttpsServer(
      { key: readFileSync(file('server.key')), cert: readFileSync(file('server.pem')) },
      (_request, response) => sendJson(response, 200, { ok: 'ca' }),
    );
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    await removeAll([folder]);
  });

  function transport(limits: Partial<ClientLimits>): ClientTransport {
    return new ClientTransport(
      { baseUrl: url, pinnedFingerprint: null },
      fastLimits(limits),
      capturingLogger().logger,
    );
  }

  it('trusts a server whose CA is in the system store, without a pin', async () => {
    const target = transport({ systemCertificates: () => [ca] });

    const reply = await target.request({ method: 'GET', path: '/' });
    await target.close();

    expect(reply).toMatchObject({ status: 200, json: { ok: 'ca' } });
  });

  it('trusts it through a proxy too', async () => {
    const proxy = await startConnectProxy();
    const target = transport({ systemCertificates: () => [ca], ...through(proxy) });

    const reply = await target.request({ method: 'GET', path: '/' });
    await target.close();
    await proxy.close();

    expect(reply).toMatchObject({ status: 200, json: { ok: 'ca' } });
    expect(proxy.seen.tunnels).toEqual([new URL(url).host]);
  });

  it('refuses the same server when the store does not hold its CA', async () => {
    const target = transport({ systemCertificates: () => [] });

    const error = await errorOf(target.request({ method: 'GET', path: '/' }));
    await target.close();

    expect(error.code).toBe('tls_untrusted');
  });
});

describe('what the hosts name as the proxy', () => {
  it('reads a PAC answer: the first DIRECT, PROXY or HTTPS entry; SOCKS is skipped', () => {
    expect(parsePacAnswer('DIRECT')).toBeNull();
    expect(parsePacAnswer('PROXY proxy.corp:3128')).toBe('http://proxy.corp:3128');
    expect(parsePacAnswer('HTTPS proxy.corp:443; DIRECT')).toBe('https://proxy.corp:443');
    expect(parsePacAnswer('SOCKS5 s.corp:1080; PROXY p.corp:8080')).toBe('http://p.corp:8080');
    expect(parsePacAnswer('SOCKS s.corp:1080')).toBeNull();
    expect(parsePacAnswer('PROXY [fd00::1]:3128')).toBe('http://[fd00::1]:3128');
    expect(parsePacAnswer('')).toBeNull();
  });

  it('follows HTTPS_PROXY, HTTP_PROXY and NO_PROXY, and never proxies loopback', async () => {
    const env = {
      HTTPS_PROXY: 'http://secure.corp:3128',
      http_proxy: 'plain.corp:8080',
      NO_PROXY: '.internal.corp, lab.corp:8443',
    };
    const proxyFor = envProxyFor(env);

    expect(await proxyFor('https://box.example.com')).toBe('http://secure.corp:3128');
    expect(await proxyFor('http://box.example.com')).toBe('http://plain.corp:8080');
    expect(await proxyFor('https://qb.internal.corp')).toBeNull();
    expect(await proxyFor('https://lab.corp:8443')).toBeNull();
    expect(await proxyFor('https://lab.corp')).toBe('http://secure.corp:3128');
    expect(await proxyFor('https://127.0.0.1:8443')).toBeNull();
    expect(await proxyFor('http://localhost:3000')).toBeNull();
    expect(await envProxyFor({})('https://box.example.com')).toBeNull();
  });
});
