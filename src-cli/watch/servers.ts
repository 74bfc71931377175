/**
 * Which servers this watcher follows, and its own folder for them. The servers come from the
 * config (defined there, or named from the data folder) or are every server of the data
 * folder; `--shard i/N` keeps those whose id hashes to i. They are written to the watcher's
 * state folder, a data folder of its own (the core's registry there keeps the last event id of
 * each), so the app's folder is never written and replicas never share a file.
 */

import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import writeFileAtomic from 'write-file-atomic';
import { PROFILES_FILE } from '../../src-main/core/profile-store';
import type { Logger } from '../../src-main/core/logger';
import {
  REGISTRY_FILE,
  ServerRegistry,
  type StoredServer,
} from '../../src-main/core/server-registry';
import { ConfigError, type SecretSource, type ServerEntry, type WatchConfig } from './config';

/** One shard of N (`--shard i/N`, 0 <= i < N). */
export interface Shard {
  index: number;
  count: number;
}

/** Parses `i/N` (or `i-of-N`, as a systemd instance name); a ConfigError says what is wrong. */
export function parseShard(text: string): Shard {
  const match = /^(\d+)(?:\/|-of-)(\d+)$/.exec(text);
  const index = Number(match?.[1]);
  const count = Number(match?.[2]);
  if (!match || count < 1 || count > 1024 || index >= count) {
    throw new ConfigError(`--shard takes i/N with 0 <= i < N <= 1024 (got "${text}").`);
  }
  return { index, count };
}

/** The shard a server id belongs to among `count`: the first 32 bits of its SHA-256. */
export function shardOf(id: string, count: number): number {
  return createHash('sha256').update(id, 'utf8').digest().readUInt32BE(0) % count;
}

/** A server as the watcher follows it: its registry fields and its secret's source. */
export interface WatchedServerPlan {
  server: Omit<StoredServer, 'lastEventId' | 'watchedFrom' | 'mutedUntil'>;
  source: SecretSource;
}

const KEYCHAIN: SecretSource = { keychain: true };

/** The servers of a data folder (none when it has no server list: nothing is created). */
export async function dataFolderServers(dataDir: string, logger: Logger): Promise<StoredServer[]> {
  try {
    await fs.access(path.join(dataDir, REGISTRY_FILE));
  } catch {
    return [];
  }
  const registry = await ServerRegistry.open(dataDir, logger, Date.now);
  return registry.list();
}

function fieldsOf(server: StoredServer): WatchedServerPlan['server'] {
  const { lastEventId: _id, watchedFrom: _from, mutedUntil: _muted, ...fields } = server;
  return fields;
}

function entryPlan(entry: ServerEntry, known: readonly StoredServer[]): WatchedServerPlan {
  const source = entry.secret ?? KEYCHAIN;
  if (entry.server !== undefined) {
    const found =
      known.find((server) => server.id === entry.server) ??
      known.find((server) => server.name === entry.server);
    if (!found) throw new ConfigError(`No server "${entry.server}" in the data folder.`);
    return { server: fieldsOf(found), source };
  }
  if (!entry.url || !entry.name || !entry.auth) {
    throw new ConfigError(
      'A server of the config names one of the data folder ("server:") or gives name, url and auth.',
    );
  }
  if (entry.auth === 'account' && !entry.username) {
    throw new ConfigError(`The server ${entry.name} signs in with an account: give its username.`);
  }
  const id = entry.id ?? `cfg-${createHash('sha256').update(entry.url).digest('hex').slice(0, 16)}`;
  return {
    server: {
      id,
      name: entry.name,
      baseUrl: entry.url,
      environment: entry.environment ?? null,
      authKind: entry.auth,
      username: entry.auth === 'account' ? (entry.username ?? null) : null,
      pinnedFingerprint: entry.pinnedFingerprint ?? null,
      expectedFingerprint: null,
    },
    source,
  };
}

/** The servers this watcher follows (its shard of them). */
export function plannedServers(
  config: WatchConfig,
  known: readonly StoredServer[],
  shard: Shard | null,
): WatchedServerPlan[] {
  const all = config.servers
    ? config.servers.map((entry) => entryPlan(entry, known))
    : known.map((server) => ({ server: fieldsOf(server), source: KEYCHAIN }));
  const ids = new Set<string>();
  for (const { server } of all) {
    if (ids.has(server.id)) throw new ConfigError(`The server ${server.name} is listed twice.`);
    ids.add(server.id);
  }
  return shard ? all.filter(({ server }) => shardOf(server.id, shard.count) === shard.index) : all;
}

/**
 * Makes the state folder's server list the planned one (ids kept, so the keychain and the
 * last event ids still match) in one write, and copies the data folder's profiles (for
 * drift) when it has some. One write, not one per server: thousands of servers would be
 * thousands of whole-file writes through the registry's API. The file is the registry's own
 * format, checked by opening it with ServerRegistry afterwards.
 */
export async function prepareStateFolder(
  stateDir: string,
  dataDir: string,
  plans: readonly WatchedServerPlan[],
  logger: Logger,
): Promise<void> {
  await fs.mkdir(stateDir, { recursive: true, mode: 0o700 });
  const before = new Map(
    (await dataFolderServers(stateDir, logger)).map((server) => [server.id, server]),
  );
  const servers: StoredServer[] = plans.map(({ server }) => {
    const kept = before.get(server.id);
    return {
      ...server,
      lastEventId: kept?.lastEventId ?? 0,
      ...(kept?.watchedFrom ? { watchedFrom: kept.watchedFrom } : {}),
    };
  });
  await writeFileAtomic(
    path.join(stateDir, REGISTRY_FILE),
    `${JSON.stringify({ format: 1, servers }, null, 2)}\n`,
    { mode: 0o600 },
  );
  const registry = await ServerRegistry.open(stateDir, logger, Date.now);
  if (registry.problem || registry.list().length !== servers.length) {
    throw new ConfigError(
      `The watcher's server list in ${stateDir} was not accepted: ${registry.problem?.message ?? 'servers missing'}`,
    );
  }
  if (path.resolve(stateDir) === path.resolve(dataDir)) return;
  try {
    await fs.copyFile(path.join(dataDir, PROFILES_FILE), path.join(stateDir, PROFILES_FILE));
  } catch {
    // No profiles in the data folder: drift is off, nothing to copy.
  }
}
