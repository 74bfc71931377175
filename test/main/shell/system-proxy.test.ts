import { describe, expect, it } from 'vitest';
import { ClientTransport } from '../../../src-main/core/client/client-transport';
import { electronProxyFor } from '../../../src-main/shell/system-proxy';
import { startConnectProxy } from '../core/connect-proxy';
import { capturingLogger, fastLimits, sendJson, startRawServer } from '../core/fixtures';

describe("Electron's resolveProxy as core's proxy resolver", () => {
  it('sends a request through the proxy Electron names for the origin, and straight for DIRECT', async () => {
    const proxy = await startConnectProxy();
    const raw = await startRawServer((_request, response) => sendJson(response, 200, { ok: 1 }));
    const asked: string[] = [];
    let answer = `PROXY ${new URL(proxy.url).host}; DIRECT`;
    const proxyFor = electronProxyFor({
      resolveProxy: (url: string) => {
        asked.push(url);
        return Promise.resolve(answer);
      },
    });
    const transport = new ClientTransport(
      { baseUrl: `${raw.url}/quickbox`, pinnedFingerprint: null },
      fastLimits({ proxyFor }),
      capturingLogger().logger,
    );

    const proxied = await transport.request({ method: 'GET', path: '/api/health' });
    answer = 'DIRECT';
    const direct = await transport.request({ method: 'GET', path: '/api/health' });
    await transport.close();
    await Promise.all([proxy.close(), raw.close()]);

    expect([proxied.status, direct.status]).toEqual([200, 200]);
    expect(asked).toEqual([raw.url, raw.url]);
    expect(proxy.seen.forwarded).toEqual([`${raw.url}/quickbox/api/health`]);
    expect(raw.requests()).toBe(2);
  });
});
