import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  DRIFT_FILE,
  DriftStore,
  type KeptServerDrift,
} from '../../../../src-main/core/drift/drift-store';
import { capturingLogger, removeAll, tempDir } from '../fixtures';

const clock = (): number => Date.UTC(2026, 10, 28, 12, 0, 0);
const folders: string[] = [];

async function folder(): Promise<string> {
  const dir = await tempDir('qb-drift-');
  folders.push(dir);
  return dir;
}

afterEach(async () => {
  await removeAll(folders.splice(0));
});

const KEPT: KeptServerDrift = {
  profileId: 'p-1',
  fields: [
    {
      field: 'timeouts.idleMinutes',
      profileValue: 30,
      serverValue: 20,
      since: '2026-11-28T11:00:00.000Z',
      by: 'automation',
    },
  ],
  history: [
    {
      eventId: 7,
      at: '2026-11-28T11:00:00.000Z',
      actor: 'automation',
      fields: [{ field: 'timeouts.idleMinutes', from: 30, to: 20 }],
      notified: true,
      verdicts: [
        {
          field: 'timeouts.idleMinutes',
          kind: 'accepted',
          at: '2026-11-28T11:30:00.000Z',
          by: null,
          until: '2026-12-28T11:30:00.000Z',
        },
      ],
    },
  ],
};

describe('DriftStore', () => {
  it('keeps what it was given across a reopen, and only for the servers that follow a profile', async () => {
    const dir = await folder();
    const store = await DriftStore.open(dir, capturingLogger().logger, clock);
    await store.set('srv-a', KEPT, new Set(['srv-a', 'srv-b']));
    await store.set('srv-b', { ...KEPT, fields: [] }, new Set(['srv-a', 'srv-b']));
    // srv-b no longer follows a profile: the next write forgets it.
    await store.set('srv-a', KEPT, new Set(['srv-a']));

    const reopened = await DriftStore.open(dir, capturingLogger().logger, clock);
    expect(reopened.get('srv-a')).toEqual(KEPT);
    expect(reopened.get('srv-b')).toBeUndefined();
    const file = JSON.parse(await readFile(path.join(dir, DRIFT_FILE), 'utf8')) as {
      servers: Record<string, unknown>;
    };
    expect(Object.keys(file.servers)).toEqual(['srv-a']);
  });

  it("keeps the last event checked, the app's own versions and which records it saved itself", async () => {
    const dir = await folder();
    const store = await DriftStore.open(dir, capturingLogger().logger, clock);
    const record = KEPT.history[0] as KeptServerDrift['history'][number];
    const kept: KeptServerDrift = {
      ...KEPT,
      history: [{ ...record, eventId: 9, notified: false, ownSave: true }, record],
      checked: { eventId: 9, at: '2026-11-28T11:40:00.000Z' },
      ownVersions: [12, 14],
    };
    await store.set('srv-a', kept, new Set(['srv-a']));

    const reopened = await DriftStore.open(dir, capturingLogger().logger, clock);
    expect(reopened.get('srv-a')).toEqual(kept);
    // A record not saved by the app has no ownSave key: files stay as they were.
    const text = await readFile(path.join(dir, DRIFT_FILE), 'utf8');
    expect(text.match(/ownSave/g)).toHaveLength(1);
  });

  it('sets a corrupt or future-version file aside, says so in the log, and starts without history', async () => {
    for (const text of ['{"format": 1, "servers": ', JSON.stringify({ format: 2, servers: {} })]) {
      const dir = await folder();
      await writeFile(path.join(dir, DRIFT_FILE), text);
      const { logger, lines } = capturingLogger();

      const store = await DriftStore.open(dir, logger, clock);

      expect(store.get('srv-a')).toBeUndefined();
      expect(lines.join('\n')).toContain('drift: unusable file');
      const names = await readdir(dir);
      expect(names.some((name) => name.startsWith(`${DRIFT_FILE}.corrupt-`))).toBe(true);
      await store.set('srv-a', KEPT, new Set(['srv-a']));
      expect((await DriftStore.open(dir, logger, clock)).get('srv-a')).toEqual(KEPT);
    }
  });
});
