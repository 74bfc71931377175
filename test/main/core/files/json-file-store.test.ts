import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import {
  JsonFileStore,
  readJsonFile,
  writeJsonFile,
} from '../../../../src-main/core/files/json-file-store';
import { capturingLogger, removeAll, tempDir } from '../fixtures';

const schema = z.strictObject({ items: z.array(z.string()) });
const clock = (): number => Date.UTC(2026, 10, 28, 12, 0, 0);
const STAMP = '2026-11-28T12-00-00-000Z';

const folders: string[] = [];
async function store(): Promise<{ dir: string; store: JsonFileStore<z.infer<typeof schema>> }> {
  const dir = await tempDir('qb-json-store-');
  folders.push(dir);
  return {
    dir,
    store: new JsonFileStore(path.join(dir, 'list.json'), schema, capturingLogger().logger, clock),
  };
}

afterEach(async () => {
  await removeAll(folders.splice(0));
});

describe('JsonFileStore', () => {
  it('writes with mode 0600, keeps the previous file as the backup, and leaves nothing else', async () => {
    const { dir, store: list } = await store();

    await list.write({ items: ['a'] });
    await list.write({ items: ['a', 'b'] });

    expect(JSON.parse(await readFile(list.file, 'utf8'))).toEqual({ items: ['a', 'b'] });
    expect(JSON.parse(await readFile(list.backupFile, 'utf8'))).toEqual({ items: ['a'] });
    expect((await stat(list.file)).mode & 0o777).toBe(0o600);
    expect((await stat(list.backupFile)).mode & 0o777).toBe(0o600);
    expect((await readdir(dir)).sort()).toEqual(['list.json', 'list.json.bak']);
  });

  it('takes back its own write without checking it again, and still sees another writer and a corrupt file', async () => {
    const { store: list } = await store();
    // Counts the checks (the real schema still checks).
    const checks = vi.spyOn(schema, 'safeParse');
    const mine = { items: ['a'] };
    await list.write(mine);

    const own = await list.reread();
    const checksOfOwn = checks.mock.calls.length;
    // Another process (its own store) saves the same file.
    await writeFile(list.file, `${JSON.stringify({ items: ['a', 'other'] }, null, 2)}\n`);
    const other = await list.reread();
    await writeFile(list.file, '{"items": [1]}\n');
    const corrupt = await list.reread();
    checks.mockRestore();

    expect(own).toEqual({ kind: 'ok', value: mine });
    expect(own.kind === 'ok' && own.value).toBe(mine);
    expect(checksOfOwn).toBe(0);
    expect(other).toEqual({ kind: 'ok', value: { items: ['a', 'other'] } });
    expect(corrupt).toMatchObject({ kind: 'corrupt' });
  });

  it('opens a good file as it is, and a first start as empty and writable', async () => {
    const first = await store();
    const second = await store();
    await second.store.write({ items: ['x'] });

    expect(await first.store.open()).toEqual({
      value: null,
      file: 'missing',
      backup: 'missing',
      restoredFromBackup: false,
      writable: true,
    });
    expect(await second.store.open()).toMatchObject({
      value: { items: ['x'] },
      file: 'ok',
      backup: 'not_read',
      writable: true,
    });
  });

  it('sets a file of the wrong shape aside and restores the backup as the file', async () => {
    const { dir, store: list } = await store();
    await list.write({ items: ['good'] });
    await list.write({ items: ['good', 'newer'] });
    await writeFile(list.file, '{"items": [1]}');

    const opened = await list.open();

    expect(opened).toMatchObject({
      value: { items: ['good'] },
      file: { kind: 'corrupt', reason: 'the file does not have the expected shape at items.0' },
      backup: 'ok',
      restoredFromBackup: true,
      writable: true,
    });
    const movedTo = path.join(dir, `list.json.corrupt-${STAMP}`);
    expect(opened.file).toMatchObject({ movedTo });
    expect(await readFile(movedTo, 'utf8')).toBe('{"items": [1]}');
    expect(await readJsonFile(list.file, schema)).toEqual({
      kind: 'ok',
      value: { items: ['good'] },
    });
  });

  it('starts empty when the file is missing and its backup is corrupt, setting the backup aside', async () => {
    const { dir, store: list } = await store();
    await writeFile(list.backupFile, '');

    const opened = await list.open();

    expect(opened).toEqual({
      value: null,
      file: 'missing',
      backup: {
        kind: 'corrupt',
        reason: 'the file is empty',
        movedTo: path.join(dir, `list.json.bak.corrupt-${STAMP}`),
      },
      restoredFromBackup: false,
      writable: true,
    });
    expect(await readdir(dir)).toEqual([`list.json.bak.corrupt-${STAMP}`]);
  });
});

describe('readJsonFile and writeJsonFile', () => {
  it('read back what was written, and tell missing, empty, unparsable and unreadable apart', async () => {
    const dir = await tempDir('qb-json-file-');
    folders.push(dir);
    const file = path.join(dir, 'one.json');

    const missing = await readJsonFile(file, schema);
    await writeJsonFile(file, { items: ['a'] });
    const written = await readJsonFile(file, schema);
    await writeFile(file, '   ');
    const empty = await readJsonFile(file, schema);
    await writeFile(file, '{"items": [');
    const unparsable = await readJsonFile(file, schema);
    const unreadable = await readJsonFile(dir, schema);

    expect(missing).toEqual({ kind: 'missing' });
    expect(written).toEqual({ kind: 'ok', value: { items: ['a'] } });
    expect(empty).toEqual({ kind: 'corrupt', reason: 'the file is empty' });
    expect(unparsable).toEqual({ kind: 'corrupt', reason: 'the file is not valid JSON' });
    expect(unreadable).toEqual({ kind: 'unreadable', reason: 'EISDIR' });
  });
});
