import { spawn, type ChildProcess } from 'node:child_process';
import { readdir, readFile, unlink, utimes, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import {
  DRIFT_FILE,
  DriftStore,
  type KeptServerDrift,
} from '../../../../src-main/core/drift/drift-store';
import { PROFILES_FILE, ProfileStore } from '../../../../src-main/core/profiles/profile-store';
import {
  REGISTRY_FILE,
  ServerRegistry,
  type NewServer,
} from '../../../../src-main/core/registry/server-registry';
import { DEFAULT_SETTINGS } from '../../../../src-shared/settings';
import { capturingLogger, removeAll, tempDir } from '../fixtures';

// Two writers on one data folder (two qbsc runs, or a run and a test's core): each change is
// made on what the file holds when its lock is taken, so none is lost.

const clock = Date.now;
const folders: string[] = [];
const children: ChildProcess[] = [];

async function folder(): Promise<string> {
  const dir = await tempDir('qb-shared-');
  folders.push(dir);
  return dir;
}

afterEach(async () => {
  for (const child of children.splice(0)) child.kill();
  await removeAll(folders.splice(0));
});

function draft(name: string): NewServer {
  return {
    name,
    baseUrl: `https://${name.toLowerCase().replace(/\s+/g, '-')}.example:8443`,
    environment: null,
    authKind: 'api_key',
    username: null,
    pinnedFingerprint: null,
    expectedFingerprint: null,
  };
}

/** A running process other than this one (it sleeps until the test ends it). */
async function liveProcess(): Promise<number> {
  const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 600000)']);
  children.push(child);
  await new Promise((resolve) => child.once('spawn', resolve));
  if (child.pid === undefined) throw new Error('no pid');
  return child.pid;
}

/** A process id that names no running process (a child that has exited). */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '']);
  await new Promise((resolve) => child.once('exit', resolve));
  if (child.pid === undefined) throw new Error('no pid');
  return child.pid;
}

/** Writes the lock of a data file as another process would hold it. */
async function holdLock(file: string, pid: number, host = hostname()): Promise<string> {
  const lock = `${file}.lock`;
  await writeFile(lock, JSON.stringify({ pid, host, since: new Date().toISOString() }), {
    flag: 'wx',
  });
  return lock;
}

async function namesIn(dir: string): Promise<string[]> {
  const file = JSON.parse(await readFile(path.join(dir, REGISTRY_FILE), 'utf8')) as {
    servers: { name: string }[];
  };
  return file.servers.map((server) => server.name);
}

const silent = (): ReturnType<typeof capturingLogger>['logger'] => capturingLogger().logger;

describe('two writers on one data folder', () => {
  it('keeps the changes of two registries opened on the same folder (none is lost)', async () => {
    const dir = await folder();
    const first = await ServerRegistry.open(dir, silent(), clock);
    const second = await ServerRegistry.open(dir, silent(), clock);

    const a = await first.add(draft('Box A'));
    await second.add(draft('Box B'));
    await first.update(a.id, { name: 'Box A1' });

    expect(await namesIn(dir)).toEqual(['Box A1', 'Box B']);
    expect(first.list().map((server) => server.name)).toEqual(['Box A1', 'Box B']);
  });

  it('keeps every change of ten registries writing at once, through a stale lock they all find', async () => {
    const dir = await folder();
    const registries = await Promise.all(
      Array.from({ length: 10 }, () => ServerRegistry.open(dir, silent(), clock)),
    );
    const lock = await holdLock(path.join(dir, REGISTRY_FILE), await deadPid());

    await Promise.all(
      registries.flatMap((registry, index) =>
        [1, 2, 3].map((each) => registry.add(draft(`Box ${index}-${each}`))),
      ),
    );

    expect(await namesIn(dir)).toHaveLength(30);
    expect(new Set(await namesIn(dir)).size).toBe(30);
    expect(await readdir(dir)).not.toContain(path.basename(lock));
  });

  it('keeps the changes of two profile stores opened on the same folder', async () => {
    const dir = await folder();
    const first = await ProfileStore.open(dir, silent(), clock);
    const second = await ProfileStore.open(dir, silent(), clock);
    const profile = (id: string, name: string) => ({
      id,
      name,
      createdAt: '2026-11-28T12:00:00.000Z',
      updatedAt: '2026-11-28T12:00:00.000Z',
      settings: DEFAULT_SETTINGS,
    });

    await first.mutate((state) => ({
      state: { ...state, profiles: [...state.profiles, profile('p-1', 'Hardened')] },
      result: undefined,
    }));
    await second.mutate((state) => ({
      state: { ...state, profiles: [...state.profiles, profile('p-2', 'Relaxed')] },
      result: undefined,
    }));
    const file = JSON.parse(await readFile(path.join(dir, PROFILES_FILE), 'utf8')) as {
      profiles: { name: string }[];
    };

    expect(file.profiles.map((kept) => kept.name)).toEqual(['Hardened', 'Relaxed']);
  });

  it('keeps the drift of two drift stores opened on the same folder', async () => {
    const dir = await folder();
    const first = await DriftStore.open(dir, silent(), clock);
    const second = await DriftStore.open(dir, silent(), clock);
    const kept: KeptServerDrift = { profileId: 'p-1', fields: [], history: [] };
    const keep = new Set(['s-1', 's-2']);

    await first.set('s-1', kept, keep);
    await second.set('s-2', kept, keep);
    const file = JSON.parse(await readFile(path.join(dir, DRIFT_FILE), 'utf8')) as {
      servers: Record<string, unknown>;
    };

    expect(Object.keys(file.servers)).toEqual(['s-1', 's-2']);
  });
});

describe('the lock of a data file', () => {
  it('makes a writer wait while another running process holds it, then proceed', async () => {
    const dir = await folder();
    const registry = await ServerRegistry.open(dir, silent(), clock);
    await registry.add(draft('Box A'));
    const lock = await holdLock(path.join(dir, REGISTRY_FILE), await liveProcess());

    let landed = false;
    const adding = registry.add(draft('Box B')).then(() => {
      landed = true;
    });
    await sleep(500);
    const whileHeld = { landed, names: await namesIn(dir) };
    // The holder writes its own change, then lets go: the waiting writer must see it.
    await writeFile(
      path.join(dir, REGISTRY_FILE),
      JSON.stringify({
        format: 1,
        servers: [{ ...draft('Box Other'), id: 'other', lastEventId: 0 }],
      }),
    );
    await unlink(lock);
    await adding;

    expect(whileHeld).toEqual({ landed: false, names: ['Box A'] });
    expect(await namesIn(dir)).toEqual(['Box Other', 'Box B']);
    expect(await readdir(dir)).not.toContain(`${REGISTRY_FILE}.lock`);
  });

  it('takes over a lock whose process is gone (same host), and removes it after the write', async () => {
    const dir = await folder();
    const registry = await ServerRegistry.open(dir, silent(), clock);
    const lock = await holdLock(path.join(dir, REGISTRY_FILE), await deadPid());

    await registry.add(draft('Box A'));

    expect(await namesIn(dir)).toEqual(['Box A']);
    await expect(readFile(lock)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('takes over a lock older than the bound, even one another computer holds', async () => {
    const dir = await folder();
    const registry = await ServerRegistry.open(dir, silent(), clock, { staleMs: 60_000 });
    const lock = await holdLock(path.join(dir, REGISTRY_FILE), 1, 'another-computer');
    const old = new Date(Date.now() - 120_000);
    await utimes(lock, old, old);

    await registry.add(draft('Box A'));

    expect(await namesIn(dir)).toEqual(['Box A']);
    await expect(readFile(lock)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('gives up after a bounded wait with a clear error, writing nothing', async () => {
    const dir = await folder();
    const registry = await ServerRegistry.open(dir, silent(), clock, { waitMs: 300 });
    const pid = await liveProcess();
    const lock = await holdLock(path.join(dir, REGISTRY_FILE), pid);

    const failed = await registry.add(draft('Box A')).catch((error: unknown) => error);

    expect(failed).toMatchObject({ appError: { code: 'registry_error' } });
    const message = (failed as { appError: { message: string } }).appError.message;
    expect(message).toContain(`process ${pid} on ${hostname()}`);
    expect(message).toContain(lock);
    expect(registry.list()).toEqual([]);
    await expect(readFile(path.join(dir, REGISTRY_FILE))).rejects.toMatchObject({
      code: 'ENOENT',
    });
    expect(await readFile(lock, 'utf8')).toContain(`"pid":${pid}`);
  });
});
