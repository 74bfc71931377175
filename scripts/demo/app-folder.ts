/**
 * The demo's throw-away folder and the app's data folder inside it: registering the demo
 * servers through core's own handlers (`servers:add` tests each one, keeps its secret in the
 * keychain and pins the staging certificate; `profiles:create` and `profiles:assign` make
 * the profile the drift is measured against), and removing all of it again: every server
 * through `servers:remove` (which deletes its keychain entry), then any account the run's
 * record still names, then the folder. A demo killed too hard to clean up is cleaned up by
 * the next, from the list in the user's private folder (demo-runs.ts), never from what the
 * shared temporary folder holds.
 */

import { mkdtemp, readFile, realpath, rm, stat } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCore, type Core } from '../../src-main/core/composition-root';
import { createKeytarStore } from '../../src-main/core/registry/credential-store';
import type { Logger } from '../../src-main/core/support/logger';
import { REGISTRY_FILE } from '../../src-main/core/registry/server-registry';
import type { ResponseOf, Result } from '../../src-shared/ipc-contract';
import { DEMO_PROFILE_NAME, DEMO_USERNAME } from './fleet-spec';
import type { DemoServer } from './servers';
import { processAlive } from '../../src-main/core/files/process-alive';
import {
  demoStateDir,
  folderProblem,
  forgetRun,
  listRuns,
  openStateDir,
  recordRun,
  type DemoRun,
} from './demo-runs';

/** The name every demo folder starts with (in the system's temporary folder). */
export const DEMO_FOLDER_PREFIX = 'qb-demo-';

/** The folders of one demo run. */
export interface DemoFolder {
  root: string;
  /** The app's data folder (its registry, profiles, window state, logs). */
  appDir: string;
  /** Where the servers' databases go. */
  serversDir: string;
  /** The private folder that lists this run (see demo-runs.ts). */
  stateDir: string;
  /** This run's record there. */
  run: DemoRun;
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

/**
 * Makes a new demo folder (mode 0700, as mkdtemp makes it) and lists it, with this process's
 * id, in the private list (`stateDir`, by default the user's own state folder).
 */
export async function createDemoFolder(stateDir = demoStateDir()): Promise<DemoFolder> {
  await openStateDir(stateDir);
  const root = await realpath(await mkdtemp(join(tmpdir(), DEMO_FOLDER_PREFIX)));
  const { dev, ino, birthtimeMs } = await stat(root);
  const run: DemoRun = { root, dev, ino, birthtimeMs, pid: process.pid, accounts: [] };
  await recordRun(stateDir, run);
  return { root, appDir: join(root, 'app'), serversDir: join(root, 'servers'), stateDir, run };
}

/** Records keychain accounts the demo made, so that a demo stopped half-way still knows them. */
export async function recordDemoAccounts(folder: DemoFolder, accounts: string[]): Promise<void> {
  folder.run = { ...folder.run, accounts: [...new Set([...folder.run.accounts, ...accounts])] };
  await recordRun(folder.stateDir, folder.run);
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
      await recordDemoAccounts(folder, [added.server.id]);
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

async function deleteAccounts(accounts: readonly string[]): Promise<string[]> {
  const problems: string[] = [];
  const keychain = createKeytarStore();
  for (const account of accounts) {
    try {
      await keychain.delete(account);
    } catch (error) {
      problems.push(`keychain entry ${account}: ${error instanceof Error ? error.message : error}`);
    }
  }
  return problems;
}

/**
 * Removes the keychain entries of this run's servers: every server the app's registry lists
 * (the demo's and any the user added in its window) through `servers:remove`, then every
 * account the run recorded (in case the registry was lost). Returns what could not be removed.
 */
export async function forgetDemoServers(folder: DemoFolder): Promise<string[]> {
  const problems: string[] = [];
  try {
    const core = await createCore({ dataDir: folder.appDir, logger: quietLogger });
    try {
      problems.push(...(await removeServers(core)));
    } finally {
      await core.dispose();
    }
  } catch (error) {
    problems.push(error instanceof Error ? error.message : String(error));
  }
  problems.push(...(await deleteAccounts(folder.run.accounts)));
  return problems;
}

/** Removes this run's folder and everything in it, and takes it off the list. */
export async function removeDemoFolder(folder: DemoFolder): Promise<void> {
  await rm(folder.root, { recursive: true, force: true });
  await forgetRun(folder.stateDir, folder.root);
}

/**
 * Resolves once the app watches every server (the registry records `watchedFrom` on a
 * server's first watch), or after `limitMs` whatever it does, or when `stopped` says so.
 */
export async function appWatching(
  folder: Pick<DemoFolder, 'appDir'>,
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

/** What the clean-up of earlier runs did. */
export interface Leftovers {
  /** The folders removed. */
  removed: string[];
  /** Listed folders it would not touch, and why. */
  leftAlone: { root: string; why: string }[];
  /** Keychain accounts it could not delete. */
  problems: string[];
}

/**
 * Cleans up the runs on the private list whose process is gone: the keychain accounts each
 * recorded, then its folder, but only while that is the same real directory the demo made,
 * owned by this user with mode 0700 (folderProblem). Nothing else in the temporary folder is
 * looked at. Each run is then taken off the list.
 */
export async function removeLeftovers(stateDir = demoStateDir()): Promise<Leftovers> {
  const outcome: Leftovers = { removed: [], leftAlone: [], problems: [] };
  for (const run of await listRuns(await openStateDir(stateDir))) {
    if (processAlive(run.pid)) continue;
    const problems = await deleteAccounts(run.accounts);
    // Kept on the list, so the next demo tries again (a keychain that is locked now).
    if (problems.length > 0) {
      outcome.problems.push(...problems);
      continue;
    }
    const problem = await folderProblem(run);
    if (problem === null) {
      await rm(run.root, { recursive: true, force: true });
      outcome.removed.push(run.root);
    } else if (problem !== 'gone') {
      outcome.leftAlone.push({ root: run.root, why: problem });
    }
    await forgetRun(stateDir, run.root);
  }
  return outcome;
}
