import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../../../src-main/core/composition-root';
import type { ServerDraft } from '../../../../src-shared/ipc-contract';
import { removeAll, startCore, useSeededServer } from '../fixtures';

// Addresses through the handler table, as both front ends reach core. The shared reference
// server speaks plain HTTP on loopback.
const shared = useSeededServer({ name: 'Box A' });
let core: Core;
let dataDir: string;

beforeAll(async () => {
  ({ core, dataDir } = await startCore());
});
afterAll(async () => {
  await core.dispose();
  await removeAll([dataDir]);
});

function draft(overrides: Partial<ServerDraft> = {}): ServerDraft {
  return {
    name: 'Box A',
    baseUrl: shared.server.url,
    environment: null,
    credentials: { kind: 'api_key', apiKey: shared.secrets.writeKey },
    ...overrides,
  };
}

describe('a plain HTTP server addressed as https://', () => {
  it('is said to have answered without TLS, with where plain HTTP is allowed', async () => {
    const address = shared.server.url.replace(/^http:/, 'https:');

    const tested = await core.handlers['servers:test-draft'](draft({ baseUrl: address }));
    const added = await core.handlers['servers:add'](draft({ baseUrl: address }));

    for (const result of [tested, added]) {
      expect(result).toMatchObject({
        ok: false,
        error: { code: 'unreachable', reason: 'plain_http' },
      });
      const message = result.ok ? '' : result.error.message;
      expect(message).toContain('answered, but not over HTTPS');
      expect(message).toContain('this address serves plain HTTP');
      expect(message).toContain('Plain HTTP is allowed only for a server on this computer');
      expect(message).toContain(`write the address as ${shared.server.url}`);
      expect(message).not.toContain('cannot be reached');
    }
  });
});

describe('hosts as the URL parser writes them', () => {
  it('stores and lists a look-alike host in punycode, and the address as normalized', async () => {
    const added = await core.handlers['servers:add'](
      draft({ baseUrl: shared.server.url.replace('http://', 'HTTP://') + '/' }),
    );
    const imported = await core.handlers['servers:import']({
      json: JSON.stringify({
        format: 'quickbox-session-companion/servers',
        version: 1,
        servers: [
          {
            name: 'Look-alike',
            baseUrl: 'https://b\u043ex-a.example/qb',
            environment: null,
            authKind: 'api_key',
            username: null,
            pinnedFingerprint: null,
          },
        ],
      }),
    });

    expect(added).toMatchObject({ ok: true, value: { server: { baseUrl: shared.server.url } } });
    expect(imported).toMatchObject({
      ok: true,
      value: { added: [{ name: 'Look-alike', baseUrl: 'https://xn--bx-a-55d.example/qb' }] },
    });
    const listed = await core.handlers['servers:list'](undefined);
    expect(listed.ok && listed.value.servers.map((server) => server.baseUrl)).toEqual([
      shared.server.url,
      'https://xn--bx-a-55d.example/qb',
    ]);
  });
});
