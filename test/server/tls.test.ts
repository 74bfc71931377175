import { request } from 'node:https';
import type { TLSSocket } from 'node:tls';
import { afterEach, describe, expect, it } from 'vitest';
import { startTestServer, stopAllTestServers } from './harness';

afterEach(stopAllTestServers);

describe('self-signed TLS', () => {
  it('serves HTTPS with a generated certificate whose SHA-256 fingerprint it reports', async () => {
    const t = await startTestServer({ extra: { tls: 'self-signed' } });
    expect(t.server.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    expect(t.server.fingerprint256).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
    const { status, fingerprint, body } = await new Promise<{
      status: number;
      fingerprint: string;
      body: string;
    }>((resolve, reject) => {
      // Pinning instead of CA verification, as the app does for a self-signed server.
      const req = request(`${t.server.url}/api/health`, { rejectUnauthorized: false }, (res) => {
        const cert = (res.socket as TLSSocket).getPeerX509Certificate();
        let text = '';
        res.on('data', (chunk: Buffer) => (text += chunk.toString()));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            fingerprint: cert?.fingerprint256 ?? '',
            body: text,
          }),
        );
      });
      req.on('error', reject);
      req.end();
    });
    expect(status).toBe(200);
    expect(JSON.parse(body)).toMatchObject({ status: 'ok' });
    expect(fingerprint).toBe(t.server.fingerprint256);
  });

  it('reports no fingerprint over plain HTTP', async () => {
    const t = await startTestServer();
    expect(t.server.fingerprint256).toBeNull();
    expect(t.server.url).toMatch(/^http:\/\//);
  });
});
