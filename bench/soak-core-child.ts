/**
 * The core of the soak (bench/soak.bench.ts) in a process of its own, so that what is
 * measured is the core alone: the benchmark's process holds Playwright and its client, this
 * one holds createCore over the data folder given as `--data-dir` and nothing else. It
 * answers the parent's requests over the IPC channel (a handler call, start watching, its
 * memory after a garbage collection with a v8 heap snapshot if asked, dispose), and forwards
 * every event of the core to the parent, which pushes it into the page. After the dispose it
 * says what the core left open (sockets, timers, handles, against before the core) and exits.
 */

import { setTimeout as sleep } from 'node:timers/promises';
import { setFlagsFromString, writeHeapSnapshot } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { createCore, type Core } from '../src-main/core/composition-root';
import { EVENT_CHANNELS, REQUEST_CHANNELS } from '../src-shared/ipc-contract';
import { memoryOf } from './process-stats';
import type { CoreMessage, CoreRequest, LeftOpen } from './soak-core-protocol';

if (!process.send) throw new Error('soak-core-child runs under bench/soak-core-process.ts');
const send = (message: CoreMessage) => process.send?.(message);

setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;
const silent = { info: () => undefined, warn: () => undefined, error: () => undefined };

function openResources(): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const kind of process.getActiveResourcesInfo()) counts[kind] = (counts[kind] ?? 0) + 1;
  return counts;
}

async function answer(core: Core, request: CoreRequest, before: Record<string, number>) {
  switch (request.type) {
    case 'invoke':
      if (!REQUEST_CHANNELS.includes(request.channel)) throw new Error(`no ${request.channel}`);
      return core.handlers[request.channel](request.payload);
    case 'start-watching':
      core.startWatching();
      return null;
    case 'memory': {
      await sleep(500);
      collectGarbage();
      const usage = process.memoryUsage();
      const heapMb = usage.heapUsed / 1024 / 1024;
      const externalMb = usage.external / 1024 / 1024;
      // Read before the snapshot, whose writing takes memory of its own.
      const { rssMb } = memoryOf(process.pid);
      const snapshot = request.snapshot === null ? null : writeHeapSnapshot(request.snapshot);
      return { rssMb, heapMb, externalMb, snapshot };
    }
    case 'dispose': {
      for (const stop of unsubscribe) stop();
      await core.dispose();
      await sleep(500);
      const after = openResources();
      const left: LeftOpen = Object.entries(after)
        .map(([kind, count]): [string, number] => [kind, count - (before[kind] ?? 0)])
        .filter(([, count]) => count > 0);
      return left;
    }
  }
}

const unsubscribe: (() => void)[] = [];

async function main(): Promise<void> {
  const index = process.argv.indexOf('--data-dir');
  const dataDir = process.argv[index + 1];
  if (index === -1 || !dataDir) throw new Error('--data-dir is required');
  // The IPC channel counts as open once something listens to it: listen before counting.
  let ready: (made: { core: Core; before: Record<string, number> }) => void = () => undefined;
  const made = new Promise<{ core: Core; before: Record<string, number> }>((resolve) => {
    ready = resolve;
  });
  process.on('message', (request: CoreRequest) => {
    made
      .then(({ core, before }) => answer(core, request, before))
      .then(
        (value) => {
          send({ type: 'answer', id: request.id, value });
          if (request.type === 'dispose') process.disconnect();
        },
        (error: unknown) => send({ type: 'failed', message: String(error) }),
      );
  });
  const before = openResources();
  const core = await createCore({ dataDir, logger: silent });
  for (const channel of EVENT_CHANNELS) {
    unsubscribe.push(
      core.subscribe(channel, (payload) => send({ type: 'event', channel, payload })),
    );
  }
  ready({ core, before });
  send({ type: 'ready' });
}

main().catch((error: unknown) => {
  send({ type: 'failed', message: String(error) });
  process.exitCode = 1;
  process.disconnect();
});
