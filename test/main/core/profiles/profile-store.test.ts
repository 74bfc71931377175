import { readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { PROFILES_FILE, ProfileStore } from '../../../../src-main/core/profiles/profile-store';
import type { Profile } from '../../../../src-shared/fleet';
import { DEFAULT_SETTINGS, setField } from '../../../../src-shared/settings';
import { capturingLogger, removeAll, tempDir } from '../fixtures';

const clock = (): number => Date.UTC(2026, 10, 28, 12, 0, 0);
const STAMP = '2026-11-28T12-00-00-000Z';
const folders: string[] = [];

async function folder(): Promise<string> {
  const dir = await tempDir('qb-profiles-');
  folders.push(dir);
  return dir;
}

afterEach(async () => {
  await removeAll(folders.splice(0));
});

function profile(id: string, name: string, idle = 30): Profile {
  return {
    id,
    name,
    settings: setField(DEFAULT_SETTINGS, 'timeouts.idleMinutes', idle),
    createdAt: '2026-11-01T10:00:00.000Z',
    updatedAt: '2026-11-02T10:00:00.000Z',
  };
}

async function add(store: ProfileStore, ...profiles: Profile[]): Promise<void> {
  await store.mutate((state) => ({
    state: { ...state, profiles: [...state.profiles, ...profiles] },
    result: undefined,
  }));
}

describe('ProfileStore', () => {
  it('writes one canonical form: profiles by name, assignments by server, keys in a fixed order, two spaces', async () => {
    const dir = await folder();
    const store = await ProfileStore.open(dir, capturingLogger().logger, clock);
    await add(store, profile('p-2', 'strict', 15), profile('p-1', 'Baseline'));
    await store.mutate((state) => ({
      state: { ...state, assignments: { 'srv-b': 'p-2', 'srv-a': 'p-1' } },
      result: undefined,
    }));

    const text = await readFile(path.join(dir, PROFILES_FILE), 'utf8');
    const expectedSettings = (idle: number) =>
      [
        '      "settings": {',
        '        "timeouts": {',
        '          "sessionMinutes": 480,',
        `          "idleMinutes": ${idle},`,
        '          "absoluteMinutes": 43200',
        '        },',
        '        "persistence": {',
        '          "rememberMeDays": 14,',
        '          "resetExpiryAtLogon": false,',
        '          "cookie": {',
        '            "secure": true,',
        '            "sameSite": "lax",',
        '            "path": "/"',
        '          }',
        '        },',
        '        "concurrency": {',
        '          "maxSessionsPerUser": 5',
        '        }',
        '      }',
      ].join('\n');
    expect(text).toBe(
      [
        '{',
        '  "format": 1,',
        '  "profiles": [',
        '    {',
        '      "id": "p-1",',
        '      "name": "Baseline",',
        '      "createdAt": "2026-11-01T10:00:00.000Z",',
        '      "updatedAt": "2026-11-02T10:00:00.000Z",',
        expectedSettings(30),
        '    },',
        '    {',
        '      "id": "p-2",',
        '      "name": "strict",',
        '      "createdAt": "2026-11-01T10:00:00.000Z",',
        '      "updatedAt": "2026-11-02T10:00:00.000Z",',
        expectedSettings(15),
        '    }',
        '  ],',
        '  "assignments": {',
        '    "srv-a": "p-1",',
        '    "srv-b": "p-2"',
        '  }',
        '}',
        '',
      ].join('\n'),
    );
    expect((await stat(path.join(dir, PROFILES_FILE))).mode & 0o777).toBe(0o600);
  });

  it('reads back what it wrote, and a refused change writes nothing', async () => {
    const dir = await folder();
    const store = await ProfileStore.open(dir, capturingLogger().logger, clock);
    await add(store, profile('p-1', 'Baseline'));
    const before = await readFile(path.join(dir, PROFILES_FILE), 'utf8');

    await expect(
      store.mutate(() => {
        throw new Error('refused');
      }),
    ).rejects.toThrow('refused');
    const reopened = await ProfileStore.open(dir, capturingLogger().logger, clock);

    expect(await readFile(path.join(dir, PROFILES_FILE), 'utf8')).toBe(before);
    expect(reopened.read()).toEqual({ profiles: [profile('p-1', 'Baseline')], assignments: {} });
    expect(reopened.problem).toBeNull();
  });
});

describe('ProfileStore with an unusable file', () => {
  const cases: [string, (good: string) => string, string][] = [
    ['truncated', (good) => good.slice(0, Math.floor(good.length / 2)), 'not valid JSON'],
    ['corrupt', () => '{"format":1,"profiles":[{"id":"x"}],"assignments":{}}', 'expected shape'],
    [
      'future-version',
      () => JSON.stringify({ format: 2, profiles: [], assignments: {}, tags: [] }),
      'written by a newer version of the app',
    ],
    [
      'invalid-settings',
      (good) => good.replace('"idleMinutes": 30', '"idleMinutes": 5000'),
      'Idle timeout must be from 1 to 1,440 minutes',
    ],
  ];

  for (const [label, corrupt, reason] of cases) {
    it(`sets a ${label} file aside, says why, and restores the last good profiles from the backup`, async () => {
      const dir = await folder();
      const store = await ProfileStore.open(dir, capturingLogger().logger, clock);
      await add(store, profile('p-1', 'Baseline'));
      await add(store, profile('p-2', 'Strict', 15));
      const file = path.join(dir, PROFILES_FILE);
      const broken = corrupt(await readFile(file, 'utf8'));
      await writeFile(file, broken);

      const reopened = await ProfileStore.open(dir, capturingLogger().logger, clock);

      expect(reopened.problem).toMatchObject({
        code: 'profiles_corrupt',
        restoredFromBackup: true,
        movedTo: path.join(dir, `${PROFILES_FILE}.corrupt-${STAMP}`),
      });
      expect(reopened.problem?.message).toContain(reason);
      expect(await readFile(reopened.problem?.movedTo ?? '', 'utf8')).toBe(broken);
      expect(reopened.read().profiles.map((each) => each.name)).toEqual(['Baseline']);
    });
  }

  it('starts without profiles when there is no backup, keeping the bad file aside', async () => {
    const dir = await folder();
    const file = path.join(dir, PROFILES_FILE);
    await writeFile(file, '{"format":1,"profiles":[');

    const store = await ProfileStore.open(dir, capturingLogger().logger, clock);
    await add(store, profile('p-9', 'New'));

    expect(store.problem?.message).toBe(
      `The profiles could not be read: the file is not valid JSON. It was moved aside to ${file}.corrupt-${STAMP}. No usable backup was found, so the profiles start empty.`,
    );
    expect(await readFile(store.problem?.movedTo ?? '', 'utf8')).toBe('{"format":1,"profiles":[');
    expect(store.read().profiles.map((each) => each.name)).toEqual(['New']);
  });

  it('refuses a file that assigns a profile it does not hold', async () => {
    const dir = await folder();
    const file = path.join(dir, PROFILES_FILE);
    await writeFile(file, JSON.stringify({ format: 1, profiles: [], assignments: { s: 'gone' } }));

    const store = await ProfileStore.open(dir, capturingLogger().logger, clock);

    expect(store.problem?.message).toContain('assigned to a profile that is not in the file');
    expect(store.read()).toEqual({ profiles: [], assignments: {} });
  });
});
