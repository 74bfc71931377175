import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { openDataDocument, readJsonOrDefault } from '../../../src-main/core/json-document';
import { Signal } from '../../../src-main/core/signal';
import { capturingLogger, removeAll, tempDir } from './fixtures';

const schema = z.strictObject({ items: z.array(z.string()) });
const clock = (): number => Date.UTC(2026, 10, 28, 12, 0, 0);
const SPEC = {
  fileName: 'list.json',
  schema,
  words: {
    subject: 'The list',
    restored: 'The list was restored.',
    startsEmpty: 'The list starts empty.',
    log: 'list',
  },
};

const folders: string[] = [];
async function folder(): Promise<string> {
  const dir = await tempDir('qb-json-document-');
  folders.push(dir);
  return dir;
}

afterEach(async () => {
  await removeAll(folders.splice(0));
});

describe('readJsonOrDefault (a preference file)', () => {
  it('gives the value of a good file, and the fallback for a missing one without a word', async () => {
    const dir = await folder();
    const { logger, lines } = capturingLogger();
    const file = path.join(dir, 'prefs.json');

    expect(await readJsonOrDefault(file, schema, null, logger, 'bad prefs')).toBeNull();
    await writeFile(file, '{"items":["a"]}');
    expect(await readJsonOrDefault(file, schema, null, logger, 'bad prefs')).toEqual({
      items: ['a'],
    });
    expect(lines).toEqual([]);
  });

  it('gives the fallback for an unusable file, logs why, and leaves the file as it is', async () => {
    const dir = await folder();
    const { logger, lines } = capturingLogger();
    const file = path.join(dir, 'prefs.json');
    await writeFile(file, '{"items":');

    expect(await readJsonOrDefault(file, schema, { items: [] }, logger, 'bad prefs')).toEqual({
      items: [],
    });
    expect(lines.map((line) => JSON.parse(line) as unknown)).toEqual([
      {
        level: 'warn',
        message: 'bad prefs',
        fields: { file, reason: 'the file is not valid JSON' },
      },
    ]);
    expect(await readFile(file, 'utf8')).toBe('{"items":');
    expect(await readdir(dir)).toEqual(['prefs.json']);
  });
});

describe('openDataDocument (a data file)', () => {
  it('sets an unusable file aside, says so in words and in the log, and writes through its queue', async () => {
    const dir = await folder();
    const { logger, lines } = capturingLogger();
    await writeFile(path.join(dir, 'list.json'), 'not json');

    const document = await openDataDocument(dir, SPEC, logger, clock);

    expect(document.value).toBeNull();
    expect(document.problem).toMatchObject({
      kind: 'corrupt',
      movedTo: path.join(dir, 'list.json.corrupt-2026-11-28T12-00-00-000Z'),
      restoredFromBackup: false,
    });
    expect(document.problem?.message).toContain('The list could not be read');
    expect(lines.map((line) => (JSON.parse(line) as { message: string }).message)).toEqual([
      'list: unusable file',
    ]);
    let adopted = 0;
    const queue = document.writeQueue(new Signal(logger, 'list changed'), () => {
      adopted += 1;
    });
    await queue.run(() => ({
      result: undefined,
      save: () => document.store.write({ items: ['b'] }),
      undo: () => undefined,
    }));
    expect(JSON.parse(await readFile(path.join(dir, 'list.json'), 'utf8'))).toEqual({
      items: ['b'],
    });
    expect(adopted).toBe(0);
  });
});
