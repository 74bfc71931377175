/**
 * The demo's throw-away folder and the app's data folder inside it: registering the demo
 * servers through core's own handlers (`servers:add` tests each one, keeps its secret in the
 * keychain and pins the staging certificate; `profiles:create` and `profiles:assign` make
 * the profile the drift is measured against), and removing all of it again: every server
 * through `servers:remove` (which deletes its keychain entry), then any entry the marker
 * still names, then the folder. A demo killed too hard to clean up is cleaned up by the next.
 */

import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCore, type Core } from '../../src-main/core/composition-root';
import { createKeytarStore } from '../../src-main/core/credential-store';
import type { Logger } from '../../src-main/core/logger';
import { REGISTRY_FILE } from '../../src-main/core/server-registry';
import type { ResponseOf, Result } from '../../src-shared/ipc-contract';
import { DEMO_PROFILE_NAME, DEMO_USERNAME } from './fleet-spec';
import type { DemoServer } from './servers';
import { processAlive } from '../../src-main/core/process-alive';

/** The name every demo folder starts with (in the system's temporary folder). */
export const DEMO_FOLDER_PREFIX = 'qb-demo-';

/** The file in a demo folder naming its process and its keychain accounts. */
const MARKER = 'demo.json';

interface Marker {
  pid: number;
  accounts: string[];
}

/** The folders of one demo run. */
export interface DemoFolder {
  root: string;
  /** The app's data folder (its registry, profiles, window state, logs). */
  appDir: string;
  /** Where the servers' databases go. */
  serversDir: string;
}

/** What the app was registered with. */
export interface Registration {
  serverIds: string[];
  profileName: string;
  /** The servers the profile is assigned to. */
  followers: string[];
}

// Core's info lines (servers added, removed) are what the demo itself reports.
const quietLogger: Logger = {
  info: () => undefined,
  warn: (message) => console.warn(`core: ${message}`),
  error: (message) => console.error(`core: ${message}`),
};

async function writeMarker(root: string, marker: Marker): Promise<void> {
  await writeFile(join(root, MARKER), JSON.stringify(marker), { mode: 0o600 });
}

async function readMarker(root: string): Promise<Marker | null> {
  try {
    const parsed = JSON.parse(await readFile(join(root, MARKER), 'utf8')) as Partial<Marker>;
    if (typeof parsed.pid !== 'number' || !Array.isArray(parsed.accounts)) return null;
    return { pid: parsed.pid, accounts: parsed.accounts.filter((a) => typeof a === 'string') };
  } catch {
    return null;
  }
}

/** Makes a new demo folder, marked with this process's id. */
export async function createDemoFolder(): Promise<DemoFolder> {
  const root = await mkdtemp(join(tmpdir(), DEMO_FOLDER_PREFIX));
  await writeMarker(root, { pid: process.pid, accounts: [] });
  return { root, appDir: join(root, 'app'), serversDir: join(root, 'servers') };
}

function valueOf<T>(result: Result<T>, what: string): T {
  if (result.ok) return result.value;
  const { error } = result;
  // No keychain: say what to install too, as the app does.
  const hint = error.code === 'keychain_unavailable' ? ` ${error.hint}` : '';
  throw new Error(`${what}: ${error.message}${hint}`);
}

/**
 * Registers the servers in the app's data folder as an admin would (the demo account, the
 * staging certificate pinned), makes the profile from the first server and assigns it to
 * the servers that follow it. The core is closed again before the app opens the folder.
 */
export async function registerDemo(
  folder: DemoFolder,
  servers: readonly DemoServer[],
  demoPassword: string,
): Promise<Registration> {
  const core = await createCore({ dataDir: folder.appDir, logger: quietLogger });
  const serverIds: string[] = [];
  try {
    for (const server of servers) {
      const added = valueOf(
        await core.handlers['servers:add']({
          name: server.spec.name,
          baseUrl: server.url,
          environment: server.spec.environment,
          credentials: { kind: 'account', username: DEMO_USERNAME, password: demoPassword },
          pinnedFingerprint: server.fingerprint,
        }),
        `adding ${server.spec.name}`,
      );
      serverIds.push(added.server.id);
      // Named at once, so a demo stopped half-way still knows which entries are its own.
      await writeMarker(folder.root, { pid: process.pid, accounts: serverIds });
    }
    const source = serverIds[0];
    if (!source) throw new Error('the demo has no server');
    const { profile } = valueOf(
      await core.handlers['profiles:create']({
        name: DEMO_PROFILE_NAME,
        from: { kind: 'server', serverId: source },
      }),
      'making the profile',
    );
    const followers: string[] = [];
    for (const [index, server] of servers.entries()) {
      const serverId = serverIds[index];
      if (!server.spec.followsProfile || !serverId) continue;
      valueOf(
        await core.handlers['profiles:assign']({ serverId, profileId: profile.id }),
        `assigning the profile to ${server.spec.name}`,
      );
      followers.push(server.spec.name);
    }
    return { serverIds, profileName: profile.name, followers };
  } finally {
    await core.dispose();
  }
}

async function removeServers(core: Core): Promise<string[]> {
  const problems: string[] = [];
  const listed: ResponseOf<'servers:list'> = valueOf(
    await core.handlers['servers:list'](undefined),
    'listing the servers',
  );
  for (const server of listed.servers) {
    const removed = await core.handlers['servers:remove']({ id: server.id });
    if (!removed.ok) problems.push(`${server.name}: ${removed.error.message}`);
  }
  return problems;
}

/**
 * Removes the keychain entries of a demo folder's servers: every server the app's registry
 * lists (the demo's and any the user added) through `servers:remove`, then every account the
 * marker names (in case the registry was lost). Returns what could not be removed.
 */
export async function forgetDemoServers(root: string): Promise<string[]> {
  const problems: string[] = [];
  const marker = await readMarker(root);
  try {
    const core = await createCore({ dataDir: join(root, 'app'), logger: quietLogger });
    try {
      problems.push(...(await removeServers(core)));
    } finally {
      await core.dispose();
    }
  } catch (error) {
    problems.push(error instanceof Error ? error.message : String(error));
  }
  const keychain = createKeytarStore();
  for (const account of marker?.accounts ?? []) {
    try {
      await keychain.delete(account);
    } catch (error) {
      problems.push(`keychain entry ${account}: ${error instanceof Error ? error.message : error}`);
    }
  }
  return problems;
}

/** Removes a demo folder and everything in it. */
export async function removeDemoFolder(root: string): Promise<void> {
  await rm(root, { recursive: true, force: true });
}

/**
 * Resolves once the app watches every server (the registry records `watchedFrom` on a
 * server's first watch), or after `limitMs` whatever it does, or when `stopped` says so.
 */
export async function appWatching(
  folder: DemoFolder,
  count: number,
  limitMs: number,
  stopped: () => boolean,
): Promise<void> {
  const deadline = Date.now() + limitMs;
  while (Date.now() < deadline && !stopped()) {
    try {
      const file = JSON.parse(await readFile(join(folder.appDir, REGISTRY_FILE), 'utf8')) as {
        servers?: { watchedFrom?: string }[];
      };
      const watched = (file.servers ?? []).filter((server) => server.watchedFrom).length;
      if (watched >= count) return;
    } catch {
      // Being rewritten this instant: read again next time.
    }
    await sleep(500);
  }
}

/** Cleans up the demo folders of earlier runs whose process is gone; returns their paths. */
export async function removeLeftovers(): Promise<string[]> {
  const removed: string[] = [];
  const entries = await readdir(tmpdir()).catch(() => [] as string[]);
  for (const entry of entries.filter((name) => name.startsWith(DEMO_FOLDER_PREFIX))) {
    const root = join(tmpdir(), entry);
    const marker = await readMarker(root);
    if (!marker || processAlive(marker.pid)) continue;
    await forgetDemoServers(root);
    await removeDemoFolder(root);
    removed.push(root);
  }
  return removed;
}
