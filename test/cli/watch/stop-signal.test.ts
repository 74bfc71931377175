/**
 * A SIGTERM that comes while the watcher writes a file. write-file-atomic (the state files'
 * writer) holds signal-exit's handlers while a write is in flight, and signal-exit sends the
 * signal again, to kill the process, when its own handlers are the only ones left. The
 * watcher must still stop as a service does: flushed, signed out, exit 0. A write in flight is
 * held here from when the watcher runs to its end by loading signal-exit with a handler of its
 * own into the watcher's process (`--require`), as write-file-atomic does during each write.
 */

import { writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { useSeededServer } from '../../main/core/fixtures';
import { ready, startWatcher } from './harness';

vi.setConfig({ testTimeout: 120_000 });

const shared = useSeededServer({ name: 'Signalled' });

describe('qbsc watch and a stop signal during a write', () => {
  it('stops cleanly (exit 0) when signal-exit holds SIGTERM too', async () => {
    const dataDir = await shared.tempDir('qb-watch-signal-');
    const hold = path.join(dataDir, 'hold-signal-exit.cjs');
    const signalExit = createRequire(import.meta.url).resolve('signal-exit');
    // Once the test says so (the watcher listens for SIGTERM by then), as a write that
    // begins while the watcher runs: its handler comes after the watcher's.
    const flag = path.join(dataDir, 'write-in-flight');
    await writeFile(
      hold,
      [
        "const { existsSync } = require('node:fs');",
        'const timer = setInterval(() => {',
        `  if (!existsSync(${JSON.stringify(flag)})) return;`,
        '  clearInterval(timer);',
        `  require(${JSON.stringify(signalExit)}).onExit(() => undefined);`,
        '}, 10);',
        'timer.unref();',
        '',
      ].join('\n'),
    );
    const watcher = await startWatcher(
      dataDir,
      {
        stateDir: path.join(dataDir, 'state'),
        servers: [
          {
            id: 'signalled',
            name: 'Signalled',
            url: shared.server.url,
            auth: 'api_key',
            secret: { env: 'SIGNALLED_KEY' },
          },
        ],
      },
      { env: { SIGNALLED_KEY: shared.secrets.readKey, NODE_OPTIONS: `--require ${hold}` } },
    );
    await ready(watcher);
    await writeFile(flag, '');
    await new Promise((resolve) => setTimeout(resolve, 500));

    const stopped = await watcher.stop('SIGTERM');

    // Killed by the signal again, the code is null (and no stop was logged).
    expect(stopped.code).toBe(0);
    expect(watcher.lines().some((line) => line['message'] === 'watch: stopped')).toBe(true);
  });
});
