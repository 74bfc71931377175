// The registry file's rules, one at a time (a hand-edited file that breaks any of them is
// set aside, never used), and the answers of the list operations at their edges.
import { readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  REGISTRY_BACKUP_FILE,
  REGISTRY_FILE,
  ServerRegistry,
  type NewServer,
  type StoredServer,
} from '../../../../src-main/core/registry/server-registry';
import { capturingLogger, removeAll, tempDir } from '../fixtures';

const clock = (): number => Date.UTC(2026, 10, 28, 12, 0, 0);
const FINGERPRINT = Array.from({ length: 32 }, () => 'AB').join(':');

const folders: string[] = [];
afterEach(async () => {
  await removeAll(folders.splice(0));
});

async function openWith(contents: string): Promise<{ dir: string; registry: ServerRegistry }> {
  const dir = await tempDir('qb-registry-rules-');
  folders.push(dir);
  await writeFile(path.join(dir, REGISTRY_FILE), contents);
  return { dir, registry: await ServerRegistry.open(dir, capturingLogger().logger, clock) };
}

function stored(changes: Partial<StoredServer> = {}): StoredServer {
  return {
    id: 'a',
    name: 'Box A',
    baseUrl: 'https://box-a.example',
    environment: null,
    authKind: 'api_key',
    username: null,
    pinnedFingerprint: FINGERPRINT,
    expectedFingerprint: null,
    lastEventId: 0,
    ...changes,
  };
}

const fileOf = (servers: unknown[]): string => JSON.stringify({ format: 1, servers });

describe('ServerRegistry: the file rules', () => {
  it('loads a file that keeps every rule', async () => {
    const { registry } = await openWith(
      fileOf([stored(), stored({ id: 'b', authKind: 'account' })]),
    );
    expect(registry.problem).toBeNull();
    expect(registry.list().map((server) => server.id)).toEqual(['a', 'b']);
  });

  it.each([
    ['two servers with one id', [stored(), stored()], 'servers'],
    ['an unknown way to sign in', [stored({ authKind: 'token' as never })], 'servers.0.authKind'],
    [
      'a lowercase fingerprint',
      [stored({ pinnedFingerprint: FINGERPRINT.toLowerCase() })],
      'pinnedFingerprint',
    ],
    [
      'a fingerprint of 31 pairs',
      [stored({ pinnedFingerprint: FINGERPRINT.slice(3) })],
      'pinnedFingerprint',
    ],
    [
      'a fingerprint with text before it',
      [stored({ pinnedFingerprint: `x${FINGERPRINT}` })],
      'pinnedFingerprint',
    ],
    [
      'a fingerprint with text after it',
      [stored({ pinnedFingerprint: `${FINGERPRINT}x` })],
      'pinnedFingerprint',
    ],
    [
      'a fingerprint with a short pair',
      [stored({ pinnedFingerprint: `A:${FINGERPRINT.slice(3)}` })],
      'pinnedFingerprint',
    ],
    [
      'a fingerprint with a short last pair',
      [stored({ pinnedFingerprint: FINGERPRINT.slice(0, -1) })],
      'pinnedFingerprint',
    ],
    [
      'a fingerprint with a non-hex first pair',
      [stored({ pinnedFingerprint: `GG${FINGERPRINT.slice(2)}` })],
      'pinnedFingerprint',
    ],
    [
      'a fingerprint with a non-hex last pair',
      [stored({ pinnedFingerprint: `${FINGERPRINT.slice(0, -2)}GG` })],
      'pinnedFingerprint',
    ],
  ])('sets aside a file with %s, saying where the fault is', async (_what, servers, where) => {
    const { registry } = await openWith(fileOf(servers));
    expect(registry.problem?.code).toBe('registry_corrupt');
    expect(registry.problem?.message).toContain(where);
    expect(registry.list()).toEqual([]);
  });

  it('treats a file of white space as empty, not as broken JSON, and says where it went', async () => {
    const reason = async (contents: string): Promise<string> => {
      const { registry } = await openWith(contents);
      const problem = registry.problem;
      expect(problem?.code).toBe('registry_corrupt');
      expect(problem?.message).toContain(problem?.movedTo ?? 'nowhere');
      return (problem?.message ?? '').replace(problem?.movedTo ?? '', 'PATH');
    };
    const blank = await reason('  \n ');
    expect(blank).toBe(await reason(''));
    expect(blank).not.toBe(await reason('{"format":'));
  });

  it('recovers a missing file from the backup and writes it back', async () => {
    const dir = await tempDir('qb-registry-rules-');
    folders.push(dir);
    await writeFile(path.join(dir, REGISTRY_BACKUP_FILE), fileOf([stored()]));

    const registry = await ServerRegistry.open(dir, capturingLogger().logger, clock);

    expect(registry.problem).toBeNull();
    expect(registry.list().map((server) => server.id)).toEqual(['a']);
    expect(JSON.parse(await readFile(path.join(dir, REGISTRY_FILE), 'utf8'))).toMatchObject({
      servers: [{ id: 'a' }],
    });
  });

  it('writes nothing when there is no file and no backup', async () => {
    const dir = await tempDir('qb-registry-rules-');
    folders.push(dir);
    await ServerRegistry.open(dir, capturingLogger().logger, clock);
    await expect(stat(path.join(dir, REGISTRY_FILE))).rejects.toThrow();
  });
});

describe('ServerRegistry: operations at their edges', () => {
  const fresh = (name: string): NewServer => ({
    name,
    baseUrl: 'https://box.example',
    environment: 'test',
    authKind: 'api_key',
    username: null,
    pinnedFingerprint: null,
    expectedFingerprint: null,
  });

  async function two(): Promise<ServerRegistry> {
    const { registry } = await openWith(fileOf([stored(), stored({ id: 'b', name: 'Box B' })]));
    return registry;
  }

  it('gets one server as a copy, or nothing for an unknown id', async () => {
    const registry = await two();
    const got = registry.get('b');
    expect(got?.name).toBe('Box B');
    if (got) got.name = 'changed';
    expect(registry.get('b')?.name).toBe('Box B');
    expect(registry.get('zzz')).toBeUndefined();
  });

  it('adds several servers in one call, each with a fresh id and no event seen', async () => {
    const registry = await two();
    const added = await registry.addMany([fresh('C'), fresh('D')]);
    expect(added.map((server) => [server.name, server.lastEventId])).toEqual([
      ['C', 0],
      ['D', 0],
    ]);
    expect(new Set(added.map((server) => server.id)).size).toBe(2);
    expect(registry.list().map((server) => server.name)).toEqual(['Box A', 'Box B', 'C', 'D']);
  });

  it('updates a known server and answers undefined for an unknown one', async () => {
    const registry = await two();
    expect(await registry.update('zzz', { name: 'X' })).toBeUndefined();
    expect(registry.list().map((server) => server.name)).toEqual(['Box A', 'Box B']);
    const updated = await registry.update('b', { name: 'Box Z', id: 'hijack' } as never);
    expect(updated).toMatchObject({ id: 'b', name: 'Box Z' });
  });

  it('says whether a removed server existed', async () => {
    const registry = await two();
    expect(await registry.remove('zzz')).toBe(false);
    expect(await registry.remove('a')).toBe(true);
    expect(registry.list().map((server) => server.id)).toEqual(['b']);
  });

  it.each([
    ['too few ids', ['a']],
    ['a repeated id', ['a', 'a']],
    ['an unknown id', ['a', 'c']],
  ])('refuses an order with %s, keeping the old one', async (_what, ids) => {
    const registry = await two();
    expect(await registry.reorder(ids)).toBe(false);
    expect(registry.list().map((server) => server.id)).toEqual(['a', 'b']);
  });
});
