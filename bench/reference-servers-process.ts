/**
 * The parent side of bench/reference-servers-child.ts: starts N reference servers in a
 * process of their own (the same Node and tsx loader as this one), waits until they listen,
 * and asks how many event streams are open. The benchmark's process then holds only what it
 * measures.
 */

import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import type { ServersMessage, ServersRequest } from './reference-servers-protocol';

export { ACCOUNT_USERNAME } from './reference-servers-protocol';

/** How the servers are made. */
export interface ServersOptions {
  count: number;
  heartbeatMs?: number;
  /** Every answer delayed by this much (a server far away). */
  latencyMs?: number;
  /** The key may write settings (else read only). */
  write?: boolean;
  /** Each server also has the admin account ACCOUNT_USERNAME with `password`. */
  account?: boolean;
  /** Each server behind a loopback proxy, so that `cut` can drop every stream at once. */
  proxied?: boolean;
}

/** The running servers: their addresses and secrets, and how to count or stop them. */
export interface ServersProcess {
  child: ChildProcess;
  urls: string[];
  apiKey: string;
  /** The account's password (with `account`), else null. */
  password: string | null;
  startMs: number;
  openStreams(): Promise<{ streams: number; servers: number }>;
  /** Another admin invalidates all sessions, or saves the settings, on server `index`. */
  fire(index: number, what: 'invalidate-all' | 'settings'): Promise<boolean>;
  /** Ends every connection to the servers at once (needs `proxied`). */
  cut(): Promise<void>;
  stop(): Promise<void>;
}

function nextMessage<T extends ServersMessage['type']>(
  child: ChildProcess,
  type: T,
): Promise<Extract<ServersMessage, { type: T }>> {
  return new Promise((resolve, reject) => {
    const onMessage = (message: ServersMessage) => {
      if (message.type === 'failed') reject(new Error(`the servers failed: ${message.message}`));
      else if (message.type === type) resolve(message as Extract<ServersMessage, { type: T }>);
      else return;
      child.off('message', onMessage);
      child.off('exit', onExit);
    };
    const onExit = (code: number | null) => reject(new Error(`the servers exited (${code})`));
    child.on('message', onMessage);
    child.once('exit', onExit);
  });
}

/**
 * One request and its answer. The child answers in order of completion, so requests whose
 * answers have the same type are sent one at a time (the benchmarks await each).
 */
function ask<T extends ServersMessage['type']>(
  child: ChildProcess,
  request: ServersRequest,
  type: T,
): Promise<Extract<ServersMessage, { type: T }>> {
  const answer = nextMessage(child, type);
  child.send(request);
  return answer;
}

/** Starts the servers' process; resolves when every server listens. */
export async function startServersProcess(options: ServersOptions): Promise<ServersProcess> {
  const args = ['--count', String(options.count)];
  if (options.heartbeatMs !== undefined) args.push('--heartbeat-ms', String(options.heartbeatMs));
  if (options.latencyMs !== undefined) args.push('--latency-ms', String(options.latencyMs));
  if (options.write) args.push('--write');
  if (options.account) args.push('--account');
  if (options.proxied) args.push('--proxied');
  const child = spawn(
    process.execPath,
    [...process.execArgv, join(__dirname, 'reference-servers-child.ts'), ...args],
    { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] },
  );
  const ready = await nextMessage(child, 'ready');
  return {
    child,
    urls: ready.urls,
    apiKey: ready.apiKey,
    password: ready.password,
    startMs: ready.startMs,
    openStreams: () => ask(child, { type: 'count' }, 'count'),
    fire: async (index, what) => (await ask(child, { type: 'fire', index, what }, 'fired')).ok,
    cut: async () => {
      await ask(child, { type: 'cut' }, 'fired');
    },
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      if (child.connected) child.disconnect();
      else child.kill('SIGTERM');
      await exited;
    },
  };
}
