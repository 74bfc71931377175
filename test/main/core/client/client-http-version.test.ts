import { X509Certificate } from 'node:crypto';
import { createSecureServer } from 'node:http2';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { generate } from 'selfsigned';
import { ClientTransport } from '../../../../src-main/core/client/client-transport';
import { capturingLogger, fastLimits } from '../fixtures';

describe('ClientTransport and HTTP/2', () => {
  it('speaks HTTP/1.1 to a server that also offers HTTP/2 (ALPN h2)', async () => {
    const pems = await generate([{ name: 'commonName', value: '127.0.0.1' }], {
      keyType: 'ec',
      curve: 'P-256',
      algorithm: 'sha256',
    });
    // Node's HTTP/2 server takes HTTP/1.1 too and picks h2 whenever the client offers it.
    const server = createSecureServer(
      { key: pems.private, cert: pems.cert, allowHTTP1: true },
      (request, response) => {
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ httpVersion: request.httpVersion }));
      },
    );
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const pin = new X509Certificate(pems.cert).fingerprint256;
    const target = new ClientTransport(
      { baseUrl: `https://127.0.0.1:${port}`, pinnedFingerprint: pin },
      fastLimits(),
      capturingLogger().logger,
    );

    const reply = await target.request({ method: 'GET', path: '/api/health' });

    expect(reply).toMatchObject({ status: 200, json: { httpVersion: '1.1' } });
    await target.close();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
});
