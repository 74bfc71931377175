/**
 * `--shard i/N`: each watcher takes the servers whose id hashes to its shard, so N shards
 * together follow every server exactly once; a shard outside 0..N-1 is refused.
 */

import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { tempDir, removeAll } from '../../main/core/fixtures';
import { startQbsc } from '../run-qbsc';
import { get, startWatcher } from './harness';

vi.setConfig({ testTimeout: 120_000 });

function servers(count: number) {
  // Nothing listens on port 9 of loopback: the feeds fail, which is beside the point here.
  return Array.from({ length: count }, (_, index) => ({
    id: `srv-${index}`,
    name: `Server ${index}`,
    url: 'http://127.0.0.1:9',
    auth: 'api_key',
    secret: { env: 'KEY' },
  }));
}

/** The server ids a watcher's /metrics names. */
async function followed(url: string): Promise<Set<string>> {
  const text = (await fetch(`${url}/metrics`).then((reply) => reply.text())).split('\n');
  return new Set(
    text.flatMap((line) => /^qbsc_server_state\{.*server_id="([^"]+)"/.exec(line)?.slice(1) ?? []),
  );
}

describe('qbsc watch --shard', () => {
  it('splits the servers between the shards, each exactly once', async () => {
    const dataDir = await tempDir('qb-watch-shard-');
    try {
      const shards: Set<string>[] = [];
      for (const shard of ['0/3', '1/3', '2/3']) {
        const watcher = await startWatcher(
          dataDir,
          {
            stateDir: path.join(dataDir, `state-${shard.replace('/', '-')}`),
            servers: servers(30),
          },
          { env: { KEY: 'qbk_read_unused' }, args: ['--shard', shard] },
        );
        expect((await get(watcher, '/livez')).status).toBe(200);
        shards.push(await followed(watcher.url));
        expect((await watcher.stop()).code).toBe(0);
      }
      const all = shards.flatMap((ids) => [...ids]);
      expect(all).toHaveLength(30);
      expect(new Set(all).size).toBe(30);
      for (const ids of shards) expect(ids.size).toBeGreaterThan(0);
    } finally {
      await removeAll([dataDir]);
    }
  });

  it('refuses a shard outside 0..N-1', async () => {
    const dataDir = await tempDir('qb-watch-shard-');
    try {
      const config = path.join(dataDir, 'watch.yaml');
      await writeFile(config, JSON.stringify({ listen: { port: 0 } }));
      const run = await startQbsc(dataDir, ['watch', '--config', config, '--shard', '3/3']).done;
      expect(run.code).toBe(65);
      expect(run.stderr).toContain('--shard takes i/N with 0 <= i < N');
    } finally {
      await removeAll([dataDir]);
    }
  });
});
