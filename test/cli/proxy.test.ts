/**
 * qbsc through a proxy: HTTPS_PROXY is followed (the tunnel carries the handshake with the
 * pinned server, so the pin holds), and NO_PROXY bypasses it. The server is named box.test,
 * which no resolver knows: only the proxy on 127.0.0.1 reaches it.
 */

import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startConnectProxy } from '../main/core/connect-proxy';
import { useSeededServer } from '../main/core/fixtures';
import { parsed, startQbsc } from './run-qbsc';

vi.setConfig({ testTimeout: 120_000 });
const shared = useSeededServer({ name: 'Box P', tls: 'self-signed' });
let proxy: Awaited<ReturnType<typeof startConnectProxy>>;
beforeAll(async () => {
  proxy = await startConnectProxy();
});
afterAll(async () => {
  await proxy.close();
});

async function addBox(dataDir: string, env: NodeJS.ProcessEnv) {
  const session = startQbsc(
    dataDir,
    [
      '--json',
      'servers',
      'add',
      'Box P',
      `https://box.test:${shared.server.port}`,
      '--env',
      'production',
      '--api-key-stdin',
      '--pin',
      shared.server.fingerprint256 ?? '',
    ],
    env,
  );
  session.child.stdin.end(`${shared.secrets.writeKey}\n`);
  return session.done;
}

describe('qbsc behind a proxy', () => {
  it('reaches a pinned server through HTTPS_PROXY; the proxy sees only the tunnel', async () => {
    const dataDir = await shared.tempDir('qb-cli-proxy-');

    const result = await addBox(dataDir, { HTTPS_PROXY: proxy.url, NO_PROXY: '' });

    expect(result.code, result.stderr).toBe(0);
    expect(parsed<{ connection: { summary: string } }>(result).connection.summary).toBe(
      'Connected',
    );
    expect(proxy.seen.tunnels).toContain(`box.test:${shared.server.port}`);
    expect(proxy.seen.tunnelBytes().includes(Buffer.from(shared.secrets.writeKey))).toBe(false);
  });

  it('goes straight for a host NO_PROXY names (and box.test is then unknown)', async () => {
    const dataDir = await shared.tempDir('qb-cli-proxy-');
    const before = proxy.seen.tunnels.length;

    const result = await addBox(dataDir, { HTTPS_PROXY: proxy.url, NO_PROXY: '.test' });

    expect(proxy.seen.tunnels.length).toBe(before);
    expect(result.stdout + result.stderr).toMatch(/ENOTFOUND|cannot be reached/);
  });
});
