/**
 * The demo's clean-up of earlier runs killed too hard to clean up after themselves. It may
 * remove only what a demo of this user made: folders it listed in the user's own private
 * list, each still the same real directory (no link on its path), owned by this user with
 * mode 0700, and only the keychain accounts the demo recorded there. Folders planted in the
 * shared temporary folder (on Linux another local user can write there) are left alone.
 */

import { spawnSync } from 'node:child_process';
import {
  chmodSync,
  chownSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  renameSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deletePassword, getPassword, setPassword } from 'keytar';
import { afterEach, describe, expect, it } from 'vitest';
import { startReferenceServer } from '../../server/index';
import { createCore } from '../../src-main/core/composition-root';
import { KEYCHAIN_SERVICE } from '../../src-main/core/registry/credential-store';
import { REGISTRY_FILE } from '../../src-main/core/registry/server-registry';
import { removeLeftovers } from '../../scripts/demo/app-folder';

const cleanups: (() => Promise<unknown> | unknown)[] = [];
afterEach(async () => {
  const failures: unknown[] = [];
  for (const cleanup of cleanups.splice(0).reverse())
    await Promise.resolve()
      .then(cleanup)
      .catch((e) => failures.push(e));
  if (failures.length > 0) throw failures[0];
});

function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** The private list of demo folders, for one test. */
function stateDir(): string {
  return join(tempDir('qb-demo-state-test-'), 'state');
}

/** A process id that named a process a moment ago and names none now. */
function deadPid(): number {
  const gone = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], {
    encoding: 'utf8',
  });
  return Number(gone.stdout);
}

/** Runs a demo that records its folder (and these accounts) in `state`, then is SIGKILLed. */
function killedDemo(state: string, accounts: string[] = []): string {
  const run = spawnSync(
    process.execPath,
    ['--import', 'tsx', 'test/demo/fixtures/killed-demo.ts', state, ...accounts],
    { encoding: 'utf8' },
  );
  const root = run.stdout.trim();
  if (!root) throw new Error(`the killed demo made no folder: ${run.stderr}`);
  cleanups.push(() => rmSync(root, { recursive: true, force: true }));
  return root;
}

/** A real data folder with a server added through core (its API key in the keychain). */
async function realDataFolder(): Promise<{ dataDir: string; serverId: string }> {
  const apiKey = `qbk_leftover_test_${Date.now()}`;
  const server = await startReferenceServer({
    dataDir: tempDir('qb-leftover-server-'),
    seed: {
      name: 'Box A',
      users: [
        { username: 'admin', password: 'not-used-here', permissions: ['admin.sessions.read'] },
      ],
      apiKeys: [{ key: apiKey, label: 'automation', scopes: ['read'] }],
    },
  });
  cleanups.push(() => server.close());
  const dataDir = tempDir('qb-leftover-real-data-');
  const core = await createCore({ dataDir });
  try {
    const added = await core.handlers['servers:add']({
      name: 'Box A',
      baseUrl: server.url,
      environment: 'production',
      credentials: { kind: 'api_key', apiKey },
    });
    if (!added.ok) throw new Error(added.error.message);
    const serverId = added.value.server.id;
    cleanups.push(() => deletePassword(KEYCHAIN_SERVICE, serverId));
    return { dataDir, serverId };
  } finally {
    await core.dispose();
  }
}

function listedServerIds(dataDir: string): string[] {
  const file = JSON.parse(readFileSync(join(dataDir, REGISTRY_FILE), 'utf8')) as {
    servers: { id: string }[];
  };
  return file.servers.map((server) => server.id);
}

describe("the demo's clean-up of earlier runs", () => {
  it('leaves a planted qb-demo folder alone, and the real data folder its app link points to', async () => {
    const { dataDir, serverId } = await realDataFolder();
    // What another local user can plant in the shared temporary folder: a marker naming a
    // process that is gone and the victim's server as "its" account, and `app` a link to
    // the victim's real data folder.
    const planted = tempDir('qb-demo-');
    writeFileSync(
      join(planted, 'demo.json'),
      JSON.stringify({ pid: deadPid(), accounts: [serverId] }),
    );
    symlinkSync(dataDir, join(planted, 'app'));

    await removeLeftovers(stateDir());

    expect(listedServerIds(dataDir)).toEqual([serverId]);
    expect(await getPassword(KEYCHAIN_SERVICE, serverId)).not.toBeNull();
    expect(existsSync(join(planted, 'app'))).toBe(true);
  });

  it('removes a killed demo folder of its own list and the keychain accounts it recorded, nothing else', async () => {
    const state = stateDir();
    const own = `demo-leftover-own-${Date.now()}`;
    const other = `demo-leftover-other-${Date.now()}`;
    for (const account of [own, other]) {
      await setPassword(KEYCHAIN_SERVICE, account, '{"kind":"account","password":"x"}');
      cleanups.push(() => deletePassword(KEYCHAIN_SERVICE, account));
    }
    const root = killedDemo(state, [own]);

    const outcome = await removeLeftovers(state);

    expect(outcome.removed).toEqual([root]);
    expect(existsSync(root)).toBe(false);
    expect(await getPassword(KEYCHAIN_SERVICE, own)).toBeNull();
    expect(await getPassword(KEYCHAIN_SERVICE, other)).not.toBeNull();
    // Once cleaned, it is off the list: a second run finds nothing.
    expect((await removeLeftovers(state)).removed).toEqual([]);
  });

  it('leaves alone a listed folder that is no longer private: another mode, another owner, a link or another directory', async () => {
    const state = stateDir();
    const opened = killedDemo(state);
    chmodSync(opened, 0o755);
    const foreign = killedDemo(state);
    chownSync(foreign, 65534, 65534);
    // The folder moved away and a link to a real data folder put in its place.
    const { dataDir, serverId } = await realDataFolder();
    const linked = killedDemo(state);
    renameSync(linked, `${linked}-moved`);
    cleanups.push(() => rmSync(`${linked}-moved`, { recursive: true, force: true }));
    symlinkSync(dataDir, linked);
    cleanups.push(() => rmSync(linked, { force: true }));
    // Another directory of the same name: not the one the demo made.
    const replaced = killedDemo(state);
    rmSync(replaced, { recursive: true });
    mkdirSync(replaced, { mode: 0o700 });
    mkdirSync(join(replaced, 'app'), { mode: 0o700 });
    // A folder whose `app` inside is a link to the real data folder.
    const appLinked = killedDemo(state);
    symlinkSync(dataDir, join(appLinked, 'app'));

    const outcome = await removeLeftovers(state);

    expect(outcome.removed).toEqual([]);
    for (const root of [opened, foreign, linked, replaced, appLinked]) {
      expect(existsSync(root)).toBe(true);
      expect(outcome.leftAlone.map((left) => left.root)).toContain(root);
    }
    expect(existsSync(join(replaced, 'app'))).toBe(true);
    expect(listedServerIds(dataDir)).toEqual([serverId]);
    expect(await getPassword(KEYCHAIN_SERVICE, serverId)).not.toBeNull();
  }, 180_000);
});
