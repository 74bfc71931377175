/**
 * The parent side of bench/soak-core-child.ts: starts the soak's core in a process of its own
 * (the same Node and tsx loader as this one) and gives this process what the page is wired
 * to (the handler table and the event subscriptions, both over the IPC channel), the core's
 * memory (with a v8 heap snapshot if asked) and its dispose.
 */

import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import type { Core, HandlerTable } from '../src-main/core/composition-root';
import {
  REQUEST_CHANNELS,
  type EventChannel,
  type EventMap,
  type RequestChannel,
} from '../src-shared/ipc-contract';
import type { CoreMemory, CoreMessage, CoreRequest, LeftOpen } from './soak-core-protocol';

/** Distributes a request without its id (the id is the parent's to number). */
type Unnumbered<T> = T extends unknown ? Omit<T, 'id'> : never;

/** The core in its process: what the page is wired to, and what the soak measures. */
export interface CoreProcess extends Pick<Core, 'handlers' | 'subscribe'> {
  pid: number;
  startWatching(): Promise<void>;
  /** The core's RSS and JS heap after a garbage collection; a heap snapshot to `snapshot`. */
  memory(snapshot?: string): Promise<CoreMemory>;
  /** Disposes the core; what it left open. The process exits after it. */
  dispose(): Promise<LeftOpen>;
}

/** Starts the core over `dataDir` in a child process; resolves when it is ready. */
export async function startCoreProcess(dataDir: string): Promise<CoreProcess> {
  const child: ChildProcess = spawn(
    process.execPath,
    [...process.execArgv, join(__dirname, 'soak-core-child.ts'), '--data-dir', dataDir],
    { stdio: ['ignore', 'inherit', 'inherit', 'ipc'], serialization: 'advanced' },
  );
  const waiting = new Map<number, { resolve(value: unknown): void; reject(e: Error): void }>();
  const listeners = new Map<EventChannel, Set<(payload: never) => void>>();
  let nextId = 0;
  let failure: Error | null = null;
  const fail = (error: Error) => {
    failure = error;
    for (const { reject } of waiting.values()) reject(error);
    waiting.clear();
  };
  const ready = new Promise<void>((resolve, reject) => {
    child.on('message', (message: CoreMessage) => {
      if (message.type === 'ready') resolve();
      else if (message.type === 'event') {
        for (const listener of listeners.get(message.channel) ?? [])
          listener(message.payload as never);
      } else if (message.type === 'answer') {
        waiting.get(message.id)?.resolve(message.value);
        waiting.delete(message.id);
      } else {
        const error = new Error(`the core's process failed: ${message.message}`);
        reject(error);
        fail(error);
      }
    });
    child.once('exit', (code) => {
      const error = new Error(`the core's process exited (${code})`);
      reject(error);
      fail(error);
    });
  });
  const ask = <T>(request: Unnumbered<CoreRequest>): Promise<T> => {
    if (failure) return Promise.reject(failure);
    nextId += 1;
    const id = nextId;
    return new Promise<T>((resolve, reject) => {
      waiting.set(id, { resolve: resolve as (value: unknown) => void, reject });
      child.send({ ...request, id } as CoreRequest);
    });
  };
  await ready;
  const handlers = Object.fromEntries(
    REQUEST_CHANNELS.map((channel: RequestChannel) => [
      channel,
      (payload: unknown) => ask({ type: 'invoke', channel, payload }),
    ]),
  ) as unknown as HandlerTable;
  return {
    pid: child.pid ?? -1,
    handlers,
    subscribe<E extends EventChannel>(channel: E, listener: (payload: EventMap[E]) => void) {
      const set = listeners.get(channel) ?? new Set();
      listeners.set(channel, set);
      set.add(listener as (payload: never) => void);
      return () => set.delete(listener as (payload: never) => void);
    },
    startWatching: () => ask({ type: 'start-watching' }),
    memory: (snapshot) => ask({ type: 'memory', snapshot: snapshot ?? null }),
    dispose: async () => {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      const left = await ask<LeftOpen>({ type: 'dispose' });
      await exited;
      return left;
    },
  };
}
