import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { keychainHint, SecretVault } from '../../../../src-main/core/registry/credential-store';
import { isolatedKeychain, useSeededServer } from '../fixtures';

const require = createRequire(import.meta.url);

describe('keytar credential store on the real Secret Service', () => {
  it('sets, gets and deletes a secret under its own service', async () => {
    const { store } = isolatedKeychain();

    await store.set('server-1', 'first');
    await store.set('server-1', 'second');
    const read = await store.get('server-1');
    const deleted = await store.delete('server-1');
    const afterDelete = await store.get('server-1');
    const deletedAgain = await store.delete('server-1');

    expect(read).toBe('second');
    expect(deleted).toBe(true);
    expect(afterDelete).toBeNull();
    expect(deletedAgain).toBe(false);
  });

  it('keeps a typed secret per server through the vault', async () => {
    const vault = new SecretVault(isolatedKeychain().store);

    await vault.save('a', { kind: 'account', password: 'pw-a' });
    await vault.save('b', { kind: 'api_key', apiKey: 'qbk_b' });

    expect(await vault.load('a')).toEqual({ kind: 'account', password: 'pw-a' });
    expect(await vault.load('b')).toEqual({ kind: 'api_key', apiKey: 'qbk_b' });
    expect(await vault.load('c')).toBeNull();
  });

  it('maps a failing injected store to keychain_unavailable', async () => {
    const vault = new SecretVault({
      set: () => Promise.reject(new Error('Cannot create an item in a locked collection')),
      get: () => Promise.reject(new Error('Object does not exist at path')),
      delete: () => Promise.reject(new Error('x')),
    });

    await expect(vault.save('a', { kind: 'api_key', apiKey: 'k' })).rejects.toMatchObject({
      appError: { code: 'keychain_unavailable', hint: keychainHint('linux') },
    });
  });
});

describe('without a usable Secret Service', () => {
  const shared = useSeededServer();

  async function probe(env: Record<string, string | undefined>): Promise<{
    storeError: { code: string; hint?: string; message: string } | null;
    add: { ok: boolean; error?: { code: string; hint?: string } };
    list: { ok: boolean; value?: { servers: unknown[] } };
  }> {
    const dataDir = await shared.tempDir('qb-probe-');
    const draft = {
      name: 'Box A',
      baseUrl: shared.server.url,
      environment: 'test',
      credentials: { kind: 'account', username: 'admin', password: shared.secrets.adminPassword },
    };
    const childEnv: Record<string, string> = {};
    for (const [key, value] of Object.entries({ ...process.env, ...env })) {
      if (value !== undefined) childEnv[key] = value;
    }
    childEnv.QB_PROBE_DATA = dataDir;
    childEnv.QB_PROBE_DRAFT = JSON.stringify(draft);
    const child = spawn(
      process.execPath,
      [require.resolve('tsx/cli'), path.join(import.meta.dirname, 'keychain-probe.ts')],
      { env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    if (code !== 0) throw new Error(`probe exited ${code}: ${stderr}`);
    return JSON.parse(stdout.trim().split('\n').pop() ?? 'null') as Awaited<
      ReturnType<typeof probe>
    >;
  }

  it('reports keychain_unavailable when the bus address points nowhere, and saves no server', async () => {
    const result = await probe({ DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/qb-bus' });

    expect(result.storeError).toMatchObject({ code: 'keychain_unavailable', hint: keychainHint() });
    expect(result.add).toMatchObject({ ok: false, error: { code: 'keychain_unavailable' } });
    expect(result.list.value?.servers).toEqual([]);
  });

  it('reports keychain_unavailable with no session bus and no display at all', async () => {
    const result = await probe({ DBUS_SESSION_BUS_ADDRESS: undefined, DISPLAY: undefined });

    expect(result.storeError?.code).toBe('keychain_unavailable');
    expect(result.add).toMatchObject({ ok: false, error: { code: 'keychain_unavailable' } });
  });
});
