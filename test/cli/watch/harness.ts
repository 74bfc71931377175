/**
 * The arrangements of the `qbsc watch` tests: servers added to a data folder through the
 * core (secrets in the test's keychain), the real qbsc binary started as a watcher with a
 * config file, its stdout read as JSON lines, its endpoints asked over loopback.
 */

import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { expect } from 'vitest';
import { INVALIDATE_ALL_PHRASE } from '../../../src-shared/quickbox';
import type { Credentials } from '../../../src-shared/domain';
import { createKeytarStore } from '../../../src-main/core/credential-store';
import { startCore } from '../../main/core/fixtures';
import { startQbsc, type QbscRun } from '../run-qbsc';

/** Adds servers to a data folder (their secrets into the keychain); their ids by name. */
export async function addServers(
  dataDir: string,
  servers: readonly {
    name: string;
    url: string;
    credentials: Credentials;
    environment?: 'production' | null;
  }[],
): Promise<Record<string, string>> {
  const { core } = await startCore({ dataDir, credentialStore: createKeytarStore() });
  const ids: Record<string, string> = {};
  for (const server of servers) {
    const added = await core.handlers['servers:add']({
      name: server.name,
      baseUrl: server.url,
      environment: server.environment ?? null,
      credentials: server.credentials,
    });
    if (!added.ok) throw new Error(JSON.stringify(added.error));
    ids[server.name] = added.value.server.id;
  }
  await core.signOut();
  await core.dispose();
  return ids;
}

/** Waits until `check` gives a value (not undefined/false), or fails after `timeoutMs`. */
export async function waitFor<T>(
  check: () => Promise<T | undefined | false> | T | undefined | false,
  what: string,
  timeoutMs = 20_000,
): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

/** A running `qbsc watch`. */
export interface Watcher {
  url: string;
  pid: number;
  /** Its stdout lines so far, parsed (every one must be JSON). */
  lines(): Record<string, unknown>[];
  stdout(): string;
  /** Sends a signal and waits for the end. */
  stop(signal?: NodeJS.Signals): Promise<QbscRun & { ms: number }>;
  done: Promise<QbscRun>;
}

/** Starts `qbsc watch` on `dataDir` with `config` (written as a file; JSON is YAML). */
export async function startWatcher(
  dataDir: string,
  config: Record<string, unknown>,
  options: { env?: NodeJS.ProcessEnv; args?: string[]; file?: string } = {},
): Promise<Watcher> {
  const file = options.file ?? path.join(dataDir, `watch-${process.hrtime.bigint()}.yaml`);
  await writeFile(file, JSON.stringify({ listen: { port: 0 }, ...config }, null, 2));
  const session = startQbsc(
    dataDir,
    ['watch', '--config', file, ...(options.args ?? [])],
    options.env,
  );
  let out = '';
  session.child.stdout.on('data', (chunk: Buffer) => {
    out += chunk.toString('utf8');
  });
  const lines = (): Record<string, unknown>[] =>
    out
      .split('\n')
      .filter((line) => line.length > 0)
      .map((line) => JSON.parse(line) as Record<string, unknown>);
  let ended: QbscRun | null = null;
  void session.done.then((run) => {
    ended = run;
  });
  const started = await waitFor(
    () => {
      if (ended) throw new Error(`qbsc watch ended (${ended.code}):\n${ended.stderr}\n${out}`);
      return lines().find((line) => line['message'] === 'watch: started');
    },
    'qbsc watch to start',
    60_000,
  );
  return {
    url: String(started['url']),
    pid: session.child.pid ?? 0,
    lines,
    stdout: () => out,
    done: session.done,
    async stop(signal = 'SIGTERM') {
      const from = Date.now();
      session.child.kill(signal);
      const run = await session.done;
      return { ...run, ms: Date.now() - from };
    },
  };
}

/** GETs a path of the watcher: status and text. */
export async function get(
  watcher: Watcher,
  pathname: string,
): Promise<{ status: number; text: string }> {
  const reply = await fetch(`${watcher.url}${pathname}`);
  return { status: reply.status, text: await reply.text() };
}

/** Waits for /readyz to say ready. */
export async function ready(watcher: Watcher): Promise<void> {
  await waitFor(async () => (await get(watcher, '/readyz')).status === 200, '/readyz 200', 30_000);
}

/** Ends every session of a reference server with its write key (a mass logout). */
export async function invalidateAll(url: string, writeKey: string): Promise<number> {
  const reply = await fetch(`${url}/api/sessions/invalidate-all`, {
    method: 'POST',
    headers: { 'x-api-key': writeKey, 'content-type': 'application/json' },
    body: JSON.stringify({ confirm: INVALIDATE_ALL_PHRASE }),
  });
  expect(reply.status).toBe(200);
  return ((await reply.json()) as { invalidated: number }).invalidated;
}

/** The active sessions of `username` on a reference server, as its read key lists them. */
export async function sessionsOf(url: string, readKey: string, username: string): Promise<number> {
  const reply = await fetch(`${url}/api/sessions?username=${username}`, {
    headers: { 'x-api-key': readKey },
  });
  expect(reply.status).toBe(200);
  return ((await reply.json()) as { sessions: unknown[] }).sessions.length;
}

/** A metric's value from the exposition text (labels as they appear), or undefined. */
export function metricValue(
  text: string,
  name: string,
  labels: Record<string, string>,
): number | undefined {
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`)) continue;
    const inner = line.slice(name.length + 1, line.lastIndexOf('}'));
    if (Object.entries(labels).every(([key, value]) => inner.includes(`${key}="${value}"`))) {
      return Number(line.slice(line.lastIndexOf(' ') + 1));
    }
  }
  return undefined;
}
