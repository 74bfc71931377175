import { mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  REGISTRY_BACKUP_FILE,
  REGISTRY_FILE,
  ServerRegistry,
  type NewServer,
} from '../../../../src-main/core/registry/server-registry';
import { capturingLogger, removeAll, tempDir } from '../fixtures';

const clock = (): number => Date.UTC(2026, 10, 28, 12, 0, 0);

function draft(name: string): NewServer {
  return {
    name,
    baseUrl: `https://${name.toLowerCase().replace(/\s+/g, '-')}.example:8443`,
    environment: 'staging',
    authKind: 'account',
    username: 'admin',
    pinnedFingerprint: null,
    expectedFingerprint: null,
  };
}

const folders: string[] = [];
async function folder(): Promise<string> {
  const dir = await tempDir('qb-registry-');
  folders.push(dir);
  return dir;
}

afterEach(async () => {
  await removeAll(folders.splice(0));
});

describe('ServerRegistry persistence', () => {
  it('writes a versioned file with mode 0600 and reloads it', async () => {
    const dir = await folder();
    const registry = await ServerRegistry.open(dir, capturingLogger().logger, clock);

    const added = await registry.add(draft('Box A'));
    const reopened = await ServerRegistry.open(dir, capturingLogger().logger, clock);
    const file = JSON.parse(await readFile(path.join(dir, REGISTRY_FILE), 'utf8')) as {
      format: number;
      servers: unknown[];
    };

    expect(file.format).toBe(1);
    expect(file.servers).toHaveLength(1);
    expect((await stat(path.join(dir, REGISTRY_FILE))).mode & 0o777).toBe(0o600);
    expect(reopened.list()).toEqual([added]);
    expect(reopened.problem).toBeNull();
  });

  it('keeps the previous file as the backup, and leaves no temp files', async () => {
    const dir = await folder();
    const registry = await ServerRegistry.open(dir, capturingLogger().logger, clock);
    await registry.add(draft('Box A'));

    await registry.add(draft('Box B'));
    const backup = JSON.parse(await readFile(path.join(dir, REGISTRY_BACKUP_FILE), 'utf8')) as {
      servers: { name: string }[];
    };

    expect(backup.servers.map((server) => server.name)).toEqual(['Box A']);
    expect((await stat(path.join(dir, REGISTRY_BACKUP_FILE))).mode & 0o777).toBe(0o600);
    expect((await readdir(dir)).sort()).toEqual([REGISTRY_FILE, REGISTRY_BACKUP_FILE].sort());
  });

  it('signals each saved change, but not a change that could not be saved', async () => {
    const dir = path.join(await folder(), 'data');
    const registry = await ServerRegistry.open(dir, capturingLogger().logger, clock);
    let signals = 0;
    const stop = registry.onChange(() => {
      signals += 1;
    });

    const a = await registry.add(draft('Box A'));
    await registry.update(a.id, { name: 'Box A1' });
    await registry.reorder([a.id]);
    await registry.remove(a.id);
    const afterChanges = signals;
    // The data folder replaced by a file: the next write cannot happen.
    await rm(dir, { recursive: true });
    await writeFile(dir, '');
    const failed = await registry.add(draft('Box B')).catch((error: unknown) => error);
    const afterFailure = signals;
    stop();
    await rm(dir);
    await mkdir(dir);
    await registry.add(draft('Box C'));

    expect(afterChanges).toBe(4);
    expect(failed).toMatchObject({ appError: { code: 'registry_error' } });
    expect(afterFailure).toBe(4);
    expect(signals).toBe(4);
  });

  it('reorders, updates, removes and keeps the last event id per server', async () => {
    const dir = await folder();
    const registry = await ServerRegistry.open(dir, capturingLogger().logger, clock);
    const a = await registry.add(draft('Box A'));
    const b = await registry.add(draft('Box B'));
    const c = await registry.add(draft('Box C'));

    const reordered = await registry.reorder([c.id, a.id, b.id]);
    const partial = await registry.reorder([c.id, a.id]);
    await registry.update(a.id, { lastEventId: 42, name: 'Box A prime' });
    await registry.remove(b.id);
    const reopened = await ServerRegistry.open(dir, capturingLogger().logger, clock);

    expect(reordered).toBe(true);
    expect(partial).toBe(false);
    expect(reopened.list().map((server) => [server.name, server.lastEventId])).toEqual([
      ['Box C', 0],
      ['Box A prime', 42],
    ]);
  });

  it('serialises concurrent changes (none lost)', async () => {
    const dir = await folder();
    const registry = await ServerRegistry.open(dir, capturingLogger().logger, clock);

    await Promise.all(
      Array.from({ length: 20 }, (_, index) => registry.add(draft(`Box ${index}`))),
    );
    const reopened = await ServerRegistry.open(dir, capturingLogger().logger, clock);

    expect(reopened.list()).toHaveLength(20);
  });
});

describe('ServerRegistry with an unusable file', () => {
  const cases: [string, (good: string) => string][] = [
    ['truncated', (good) => good.slice(0, Math.floor(good.length / 2))],
    ['not JSON', () => 'servers:\n  - name: Box A\n'],
    ['of the wrong schema', () => JSON.stringify({ format: 1, servers: [{ name: 42 }] })],
    ['of an unknown format version', () => JSON.stringify({ format: 2, servers: [] })],
    ['empty', () => ''],
  ];

  for (const [label, corrupt] of cases) {
    it(`sets a ${label} file aside, reports it and restores the backup`, async () => {
      const dir = await folder();
      const registry = await ServerRegistry.open(dir, capturingLogger().logger, clock);
      await registry.add(draft('Box A'));
      await registry.add(draft('Box B'));
      const good = await readFile(path.join(dir, REGISTRY_FILE), 'utf8');
      const broken = corrupt(good);
      await writeFile(path.join(dir, REGISTRY_FILE), broken);
      await writeFile(path.join(dir, 'other-app-file.txt'), 'untouched');

      const reopened = await ServerRegistry.open(dir, capturingLogger().logger, clock);
      const movedTo = reopened.problem?.movedTo ?? '';

      expect(reopened.problem).toMatchObject({
        code: 'registry_corrupt',
        restoredFromBackup: true,
      });
      expect(movedTo).toContain('servers.json.corrupt-2026-11-28T12-00-00-000Z');
      expect(await readFile(movedTo, 'utf8')).toBe(broken);
      expect(reopened.list().map((server) => server.name)).toEqual(['Box A']);
      expect(await readFile(path.join(dir, 'other-app-file.txt'), 'utf8')).toBe('untouched');
    });
  }

  it('starts empty without a backup, still keeping the bad file aside', async () => {
    const dir = await folder();
    await writeFile(path.join(dir, REGISTRY_FILE), '{"format":1,"servers":[');

    const registry = await ServerRegistry.open(dir, capturingLogger().logger, clock);
    await registry.add(draft('Box New'));

    expect(registry.problem).toMatchObject({ code: 'registry_corrupt', restoredFromBackup: false });
    expect(await readFile(registry.problem?.movedTo ?? '', 'utf8')).toBe('{"format":1,"servers":[');
    expect(registry.list().map((server) => server.name)).toEqual(['Box New']);
  });

  it('sets a corrupt backup aside when the file is missing, reports it and never overwrites it', async () => {
    const dir = await folder();
    const broken = '{"format":1,"servers":[{"id":';
    await writeFile(path.join(dir, REGISTRY_BACKUP_FILE), broken);

    const registry = await ServerRegistry.open(dir, capturingLogger().logger, clock);
    await registry.add(draft('Box New'));
    await registry.add(draft('Box Newer'));
    const movedTo = registry.problem?.movedTo ?? '';

    expect(registry.problem).toMatchObject({ code: 'registry_corrupt', restoredFromBackup: false });
    expect(registry.problem?.message).toContain('backup');
    expect(movedTo).toBe(path.join(dir, 'servers.json.bak.corrupt-2026-11-28T12-00-00-000Z'));
    expect(await readFile(movedTo, 'utf8')).toBe(broken);
    expect(registry.list().map((server) => server.name)).toEqual(['Box New', 'Box Newer']);
  });

  it('sets a corrupt backup aside too when the file itself is corrupt', async () => {
    const dir = await folder();
    await writeFile(path.join(dir, REGISTRY_FILE), '{"format":1,"servers":[');
    await writeFile(path.join(dir, REGISTRY_BACKUP_FILE), 'not json either');

    const registry = await ServerRegistry.open(dir, capturingLogger().logger, clock);
    await registry.add(draft('Box New'));
    await registry.add(draft('Box Newer'));
    const asideBackup = path.join(dir, 'servers.json.bak.corrupt-2026-11-28T12-00-00-000Z');

    expect(registry.problem).toMatchObject({ code: 'registry_corrupt', restoredFromBackup: false });
    expect(registry.problem?.message).toContain(asideBackup);
    expect(await readFile(asideBackup, 'utf8')).toBe('not json either');
  });

  it('reports an unreadable file (a folder in its place) and moves it aside', async () => {
    const dir = await folder();
    await mkdir(path.join(dir, REGISTRY_FILE));

    const registry = await ServerRegistry.open(dir, capturingLogger().logger, clock);

    expect(registry.problem).toMatchObject({
      code: 'registry_unreadable',
      restoredFromBackup: false,
    });
    expect((await stat(registry.problem?.movedTo ?? '')).isDirectory()).toBe(true);
  });
});
