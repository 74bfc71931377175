/**
 * `drift.json`: what drift knows of each server that follows a profile (its drifted fields
 * with since when and by whom, and its drift history), kept so that a drifted server still
 * shows as drifted after the app restarts. It goes through the JSON file store like the
 * server list and the profiles (schema check, atomic write, backup, an unusable file moved
 * aside), but in a file of its own: `profiles.json` holds what the admin decided and may be
 * kept in git, while this changes whenever someone else changes a server.
 */

import { z } from 'zod';
import type { DriftRecord } from '../../src-shared/drift';
import { SETTINGS_FIELDS, type SettingsField } from '../../src-shared/settings';
import type { LockTimings } from './file-lock';
import { openDataDocument, type DataDocument } from './json-document';
import type { JsonFileStore } from './json-file-store';
import { fileFormatSchema } from './json-file-store';
import type { Logger } from './logger';
import { Signal } from './signal';
import type { WriteQueue } from './write-queue';

/** The file name of the drift state in the data folder. */
export const DRIFT_FILE = 'drift.json';

const FORMAT = 1;

/** How many versions saved by this app (not seen in the feed yet) are kept per server. */
export const OWN_VERSIONS_LIMIT = 100;

const field = z.enum(SETTINGS_FIELDS as [SettingsField, ...SettingsField[]]);
const value = z.union([z.number(), z.boolean(), z.string().max(1000)]);
const change = z.strictObject({ field, from: value, to: value });

const keptFieldSchema = z.strictObject({
  field,
  profileValue: value,
  serverValue: value,
  since: z.iso.datetime(),
  by: z.string().max(200).nullable(),
});

const verdictSchema = z.strictObject({
  field,
  kind: z.enum(['reverted', 'adopted', 'accepted']),
  at: z.iso.datetime(),
  by: z.string().max(200).nullable(),
  until: z.iso.datetime().nullable(),
});

const recordSchema = z.strictObject({
  eventId: z.number().int().min(0),
  at: z.iso.datetime(),
  actor: z.string().max(200),
  fields: z.array(change).max(SETTINGS_FIELDS.length),
  notified: z.boolean(),
  /** Written only when true: the change was saved by this app (never announced). */
  ownSave: z.boolean().optional(),
  verdicts: z.array(verdictSchema).max(100),
});

const serverSchema = z.strictObject({
  /** The profile the fields were compared with (another profile makes them stale). */
  profileId: z.string().min(1).max(100),
  fields: z.array(keptFieldSchema).max(SETTINGS_FIELDS.length),
  history: z.array(recordSchema).max(1000),
  /** The last `settings.updated` event checked (an event that comes again is not news). */
  checked: z.strictObject({ eventId: z.number().int().min(0), at: z.iso.datetime() }).optional(),
  /** The settings versions this app saved whose event has not been checked yet. */
  ownVersions: z.array(z.number().int().min(0)).max(OWN_VERSIONS_LIMIT).optional(),
});

const driftFileSchema = z.strictObject({
  format: fileFormatSchema(FORMAT),
  servers: z.record(z.string().min(1).max(100), serverSchema),
});

type DriftFile = z.infer<typeof driftFileSchema>;

const DRIFT_DOCUMENT = {
  fileName: DRIFT_FILE,
  schema: driftFileSchema,
  words: {
    subject: 'The drift state',
    restored: 'The drift state was restored from the backup of the last good file.',
    startsEmpty: 'The drift history starts empty.',
    log: 'drift',
  },
};

/** A drifted field as kept (whether it is accepted comes from the profiles' exceptions). */
export type KeptDriftField = z.infer<typeof keptFieldSchema>;

/** What drift keeps of one server. */
export interface KeptServerDrift {
  profileId: string;
  fields: KeptDriftField[];
  history: DriftRecord[];
  /**
   * The last `settings.updated` event checked (absent: none yet): an event of that id or
   * older, and no later, comes again; a later one with an old id is of a rebuilt feed.
   */
  checked?: { eventId: number; at: string };
  /** Settings versions this app saved whose event was not checked yet (absent: none). */
  ownVersions?: number[];
}

/** The drift state over its file; every change is saved before it resolves. */
export class DriftStore {
  private servers: Record<string, KeptServerDrift>;
  private readonly writes: WriteQueue<DriftFile>;
  private readonly store: JsonFileStore<DriftFile>;

  private constructor(document: DataDocument<DriftFile>, logger: Logger) {
    this.store = document.store;
    this.servers = document.value?.servers ?? {};
    this.writes = document.writeQueue(new Signal(logger, 'drift changed'), (file) => {
      this.servers = file.servers;
    });
  }

  /**
   * Loads the drift state of a data folder (none when missing). An unusable file is set
   * aside and logged: the state is what the app saw, not what the admin chose, so starting
   * without it loses only the history (the next change finds the drift again). `lock`
   * shortens the lock's bounds (tests).
   */
  static async open(
    dataDir: string,
    logger: Logger,
    clock: () => number,
    lock: Partial<LockTimings> = {},
  ): Promise<DriftStore> {
    return new DriftStore(
      await openDataDocument(dataDir, DRIFT_DOCUMENT, logger, clock, lock),
      logger,
    );
  }

  /** What is kept of a server (a copy), or undefined. */
  get(serverId: string): KeptServerDrift | undefined {
    const kept = this.servers[serverId];
    return kept && copyServer(kept);
  }

  /**
   * Replaces what is kept of a server (null forgets it) and keeps only the servers in
   * `keep` (those that still follow a profile), on the file as it is now (another process's
   * servers are kept), then saves; changes run in call order, one process at a time.
   */
  set(serverId: string, kept: KeptServerDrift | null, keep: ReadonlySet<string>): Promise<void> {
    return this.writes.run(() => {
      const before = this.servers;
      const next: Record<string, KeptServerDrift> = {};
      for (const id of Object.keys(before).sort()) {
        const entry = id === serverId ? kept : before[id];
        if (entry && keep.has(id)) next[id] = copyServer(entry);
      }
      if (kept && keep.has(serverId)) next[serverId] = copyServer(kept);
      this.servers = next;
      return {
        result: undefined,
        save: () => this.store.write({ format: FORMAT, servers: sortedServers(next) }),
        undo: () => {
          this.servers = before;
        },
      };
    });
  }

  /** Resolves when every queued write has finished. */
  async flush(): Promise<void> {
    await this.writes.flush();
  }
}

/** A deep copy, with the optional keys only when they say something (files stay lean). */
function copyServer(kept: KeptServerDrift): KeptServerDrift {
  return {
    profileId: kept.profileId,
    fields: kept.fields.map((entry) => ({ ...entry })),
    history: kept.history.map(({ ownSave, ...record }) => ({
      ...record,
      ...(ownSave ? { ownSave } : {}),
      fields: record.fields.map((entry) => ({ ...entry })),
      verdicts: record.verdicts.map((verdict) => ({ ...verdict })),
    })),
    ...(kept.checked ? { checked: { ...kept.checked } } : {}),
    ...(kept.ownVersions?.length
      ? { ownVersions: kept.ownVersions.slice(-OWN_VERSIONS_LIMIT) }
      : {}),
  };
}

function sortedServers(servers: Record<string, KeptServerDrift>): Record<string, KeptServerDrift> {
  return Object.fromEntries(
    Object.keys(servers)
      .sort()
      .map((id) => [id, servers[id] as KeptServerDrift]),
  );
}
