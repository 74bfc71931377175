/**
 * A server's secret from one source without a keychain: a file only its owner may read, an
 * environment variable, a systemd credential. A secret file others may read is refused at
 * start with a message that says why and what to run; the secret never reaches the output.
 */

import { chmod, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { useSeededServer } from '../../main/core/fixtures';
import { startQbsc } from '../run-qbsc';
import { get, metricValue, ready, startWatcher, waitFor } from './harness';

vi.setConfig({ testTimeout: 120_000 });

const shared = useSeededServer({ name: 'Keyless' });

function server(id: string, secret: Record<string, string>) {
  return { id, name: id, url: shared.server.url, auth: 'api_key', secret };
}

describe('qbsc watch secrets', () => {
  it('reads a key from a 0600 file, an environment variable and a systemd credential', async () => {
    const dataDir = await shared.tempDir('qb-watch-secrets-');
    const { readKey } = shared.secrets;
    const file = path.join(dataDir, 'key');
    await writeFile(file, `${readKey}\n`, { mode: 0o600 });
    const credentials = path.join(dataDir, 'creds');
    await mkdir(credentials, { mode: 0o700 });
    await writeFile(path.join(credentials, 'box.key'), readKey, { mode: 0o400 });
    const watcher = await startWatcher(
      dataDir,
      {
        servers: [
          server('from-file', { file }),
          server('from-env', { env: 'BOX_KEY' }),
          server('from-credential', { credential: 'box.key' }),
        ],
      },
      { env: { BOX_KEY: readKey, CREDENTIALS_DIRECTORY: credentials } },
    );
    await ready(watcher);
    await waitFor(async () => {
      const metrics = (await get(watcher, '/metrics')).text;
      return ['from-file', 'from-env', 'from-credential'].every(
        (name) =>
          metricValue(metrics, 'qbsc_server_state', { server: name, state: 'connected' }) === 1,
      );
    }, 'the three servers connected');
    const run = await watcher.stop();
    expect(run.code, run.stderr).toBe(0);
    expect(watcher.stdout()).not.toContain(readKey);
  });

  it('refuses a secret file with mode 0644, saying why and what to run', async () => {
    const dataDir = await shared.tempDir('qb-watch-secrets-');
    const file = path.join(dataDir, 'key');
    await writeFile(file, shared.secrets.readKey);
    await chmod(file, 0o644);
    const config = path.join(dataDir, 'watch.yaml');
    await writeFile(
      config,
      JSON.stringify({ listen: { port: 0 }, servers: [server('leaky', { file })] }),
    );
    const session = startQbsc(dataDir, ['watch', '--config', config]);
    const run = await session.done;
    expect(run.code).toBe(65);
    expect(run.stderr).toContain(
      `qbsc: The secret of leaky: The secret file ${file} has mode 0644: others than its owner may read it, so it is refused. Run: chmod 600 ${file}`,
    );
    expect(run.stdout + run.stderr).not.toContain(shared.secrets.readKey);
  });

  it('says which variable is missing', async () => {
    const dataDir = await shared.tempDir('qb-watch-secrets-');
    const config = path.join(dataDir, 'watch.yaml');
    await writeFile(
      config,
      JSON.stringify({ listen: { port: 0 }, servers: [server('unset', { credential: 'x' })] }),
    );
    const run = await startQbsc(dataDir, ['watch', '--config', config], {
      CREDENTIALS_DIRECTORY: '',
    }).done;
    expect(run.code).toBe(65);
    expect(run.stderr).toContain('$CREDENTIALS_DIRECTORY is not set');
  });
});
