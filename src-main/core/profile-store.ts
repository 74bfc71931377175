/**
 * `profiles.json`: the profiles and which server follows which, kept by the JSON file store
 * with the server list's care (schema check, atomic write, backup, an unusable file moved
 * aside and reported). It is written in one canonical form (fixed key order, profiles by
 * name, assignments by server id, two-space indent) so a copy kept in git diffs cleanly.
 */

import { z } from 'zod';
import type { DriftExceptions } from '../../src-shared/drift';
import type { Assignments, Profile, ProfilesProblem } from '../../src-shared/fleet';
import {
  SETTINGS_FIELDS,
  pickSettings,
  validateSettings,
  type SessionSettings,
  type SettingsField,
} from '../../src-shared/settings';
import type { LockTimings } from './file-lock';
import { openDataDocument, type DataDocument } from './json-document';
import type { JsonFileStore } from './json-file-store';
import { fileFormatSchema } from './json-file-store';
import type { Logger } from './logger';
import { Signal } from './signal';
import type { WriteQueue } from './write-queue';

/** The file name of the profiles in the data folder. */
export const PROFILES_FILE = 'profiles.json';

const FORMAT = 1;

const settingsSchema = z.unknown().transform((value, context): SessionSettings => {
  const { errors } = validateSettings(value);
  if (errors.length > 0) {
    context.addIssue({ code: 'custom', message: errors[0]?.message ?? 'invalid settings' });
    return z.NEVER;
  }
  return pickSettings(value as SessionSettings);
});

const storedProfileSchema = z.strictObject({
  id: z.string().min(1).max(100),
  name: z.string().trim().min(1).max(100),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
  settings: settingsSchema,
});

const profilesFileSchema = z
  .strictObject({
    format: fileFormatSchema(FORMAT),
    profiles: z.array(storedProfileSchema).max(10_000),
    assignments: z.record(z.string().min(1).max(100), z.string().min(1).max(100)),
    /** Drift accepted per server and field until a date; absent when there is none. */
    exceptions: z
      .record(
        z.string().min(1).max(100),
        z.partialRecord(
          z.enum(SETTINGS_FIELDS as [SettingsField, ...SettingsField[]]),
          z.iso.datetime(),
        ),
      )
      .optional(),
  })
  .superRefine((file, context) => {
    const ids = new Set(file.profiles.map((profile) => profile.id));
    if (ids.size !== file.profiles.length) {
      context.addIssue({
        code: 'custom',
        path: ['profiles'],
        message: 'profile ids must be unique',
      });
    }
    const names = new Set(file.profiles.map((profile) => nameKey(profile.name)));
    if (names.size !== file.profiles.length) {
      context.addIssue({
        code: 'custom',
        path: ['profiles'],
        message: 'profile names must be unique',
      });
    }
    for (const [serverId, profileId] of Object.entries(file.assignments)) {
      if (!ids.has(profileId)) {
        context.addIssue({
          code: 'custom',
          path: ['assignments', serverId],
          message: 'assigned to a profile that is not in the file',
        });
      }
    }
  });

type ProfilesFile = z.infer<typeof profilesFileSchema>;

const PROFILES_DOCUMENT = {
  fileName: PROFILES_FILE,
  schema: profilesFileSchema,
  words: {
    subject: 'The profiles',
    restored: 'The profiles were restored from the backup of the last good file.',
    startsEmpty: 'The profiles start empty.',
    log: 'profiles',
  },
};

/** The profiles and assignments, as the store holds them. */
export interface ProfilesState {
  profiles: Profile[];
  assignments: Assignments;
  /** Drift accepted per server (only servers with an assignment keep theirs). */
  exceptions?: DriftExceptions;
}

/** Names compare without case and surrounding space ("Prod" and "prod " are one name). */
export function nameKey(name: string): string {
  return name.trim().toLocaleLowerCase('en');
}

/** The canonical file: fixed key order, profiles by name then id, assignments by server. */
export function canonicalProfilesFile(state: ProfilesState): ProfilesFile {
  const profiles = [...state.profiles]
    .sort((a, b) => nameKey(a.name).localeCompare(nameKey(b.name), 'en') || (a.id < b.id ? -1 : 1))
    .map((profile) => ({
      id: profile.id,
      name: profile.name,
      createdAt: profile.createdAt,
      updatedAt: profile.updatedAt,
      settings: pickSettings(profile.settings),
    }));
  const assignments = Object.fromEntries(
    Object.entries(state.assignments).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
  );
  // An exception belongs to an assignment: one for a server that follows no profile any
  // more is dropped, so unassigning or deleting the profile needs no cleanup of its own.
  const exceptions = Object.fromEntries(
    Object.entries(state.exceptions ?? {})
      .filter(([serverId, fields]) => assignments[serverId] && Object.keys(fields).length > 0)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([serverId, fields]) => [
        serverId,
        Object.fromEntries(SETTINGS_FIELDS.filter((f) => fields[f]).map((f) => [f, fields[f]])),
      ]),
  );
  return Object.keys(exceptions).length > 0
    ? { format: FORMAT, profiles, assignments, exceptions }
    : { format: FORMAT, profiles, assignments };
}

/** The state a file holds. */
function stateOf(file: ProfilesFile): ProfilesState {
  return {
    profiles: file.profiles,
    assignments: file.assignments,
    ...(file.exceptions && { exceptions: file.exceptions }),
  };
}

function copy(state: ProfilesState): ProfilesState {
  return {
    profiles: state.profiles.map((profile) => ({
      ...profile,
      settings: pickSettings(profile.settings),
    })),
    assignments: { ...state.assignments },
    ...(state.exceptions && {
      exceptions: Object.fromEntries(
        Object.entries(state.exceptions).map(([serverId, fields]) => [serverId, { ...fields }]),
      ),
    }),
  };
}

/** The profiles over their file; every change is saved before it resolves. */
export class ProfileStore {
  private state: ProfilesState;
  private readonly changed: Signal;
  private readonly writes: WriteQueue<ProfilesFile>;
  private readonly store: JsonFileStore<ProfilesFile>;
  /** What went wrong with the file at load, if anything. */
  readonly problem: ProfilesProblem | null;

  private constructor(document: DataDocument<ProfilesFile>, logger: Logger) {
    this.store = document.store;
    this.state = document.value ? stateOf(document.value) : { profiles: [], assignments: {} };
    const described = document.problem;
    this.problem = described && {
      code: described.kind === 'corrupt' ? 'profiles_corrupt' : 'profiles_unreadable',
      message: described.message,
      movedTo: described.movedTo,
      restoredFromBackup: described.restoredFromBackup,
    };
    this.changed = new Signal(logger, 'profiles changed');
    this.writes = document.writeQueue(this.changed, (file) => {
      this.state = stateOf(file);
    });
  }

  /**
   * Loads the profiles of a data folder (none when missing), recovering what it can; `lock`
   * shortens the lock's bounds (tests).
   */
  static async open(
    dataDir: string,
    logger: Logger,
    clock: () => number,
    lock: Partial<LockTimings> = {},
  ): Promise<ProfileStore> {
    const document = await openDataDocument(dataDir, PROFILES_DOCUMENT, logger, clock, lock);
    return new ProfileStore(document, logger);
  }

  /** Calls `listener` after every saved change; returns the function that stops it. */
  onChange(listener: () => void): () => void {
    return this.changed.subscribe(listener);
  }

  /** The profiles (by name) and assignments, as copies. */
  read(): ProfilesState {
    const canonical = canonicalProfilesFile(this.state);
    return copy({
      profiles: canonical.profiles,
      assignments: canonical.assignments,
      ...(canonical.exceptions && { exceptions: canonical.exceptions }),
    });
  }

  /** One profile (a copy), or undefined. */
  get(id: string): Profile | undefined {
    const profile = this.state.profiles.find((candidate) => candidate.id === id);
    return profile && { ...profile, settings: pickSettings(profile.settings) };
  }

  /**
   * Runs a change on a copy of the state as the file holds it now (read again under its lock,
   * so another process's change is kept) and saves the result; changes run one at a time,
   * in call order, and one process at a time. The change returns the next state and its result, or throws (a
   * CoreError) to refuse with nothing written.
   */
  mutate<T>(change: (state: ProfilesState) => { state: ProfilesState; result: T }): Promise<T> {
    return this.writes.run(() => {
      const before = this.state;
      const { state, result } = change(copy(before));
      this.state = state;
      return {
        result,
        save: () => this.store.write(canonicalProfilesFile(state)),
        undo: () => {
          this.state = before;
        },
      };
    });
  }

  /** Resolves when every queued write has finished. */
  async flush(): Promise<void> {
    await this.writes.flush();
  }
}
