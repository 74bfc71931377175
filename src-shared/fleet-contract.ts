/**
 * The fleet's part of the IPC contract: the request schemas and responses of the profile and
 * fleet channels. `ipc-contract.ts` merges them into its one map, so every channel is still
 * declared once and typed from there; they live here to keep that file readable.
 */

import { z } from 'zod';
import type { ServerView } from './domain';
import type {
  ApplyReport,
  Assignments,
  FleetImportPreview,
  FleetSnapshot,
  Plan,
  Profile,
  ProfilesProblem,
} from './fleet';
import { SETTINGS_SECTIONS } from './settings-sections';
import { SETTINGS_FIELDS, type SettingsField, type SettingsIssue } from './settings';

/**
 * The most servers one fleet operation reads or writes at once, unless asked otherwise
 * (docs/adr/0176-fleet-reaches-250-servers-at-once.md).
 */
export const DEFAULT_FLEET_CONCURRENCY = 250;

/**
 * How long one fleet refresh, plan or apply may take in all (a server that trickles its
 * answers cannot hold it longer); a target not done by then gets its own outcome.
 */
export const DEFAULT_FLEET_DEADLINE_MS = 5 * 60_000;

/** The largest fleet file an import reads (bytes of UTF-8). */
export const FLEET_FILE_MAX_BYTES = 5 * 1024 * 1024;

const id = z.string().min(1).max(100);
const profileName = z.string().trim().min(1).max(100);
/** Chosen by the renderer so that it knows the progress events of its own run. */
const runId = z.string().min(1).max(100).optional();
const concurrency = z.number().int().min(1).max(500).optional();
const empty = z.strictObject({}).optional();
// Characters, not bytes: the service measures bytes and refuses an oversized file with a
// clear message, so this only keeps absurd payloads off the IPC parser.
const fileText = z.string().max(2 * FLEET_FILE_MAX_BYTES);

const serverOrProfile = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('server'), serverId: id }),
  z.strictObject({ kind: z.literal('profile'), profileId: id }),
]);

/** The request schemas of the profile channels (merged into `requestSchemas`). */
export const profileRequestSchemas = {
  /** The profiles, the assignments, and a problem with profiles.json if there was one. */
  'profiles:list': empty,
  /** A new profile from a server's current settings or from settings typed in the editor. */
  'profiles:create': z.strictObject({
    name: profileName,
    from: z.discriminatedUnion('kind', [
      z.strictObject({ kind: z.literal('server'), serverId: id }),
      z.strictObject({ kind: z.literal('settings'), settings: z.unknown() }),
    ]),
  }),
  /** Replaces a profile's settings (checked by validateSettings: errors refuse). */
  'profiles:update': z.strictObject({ id, settings: z.unknown() }),
  'profiles:rename': z.strictObject({ id, name: profileName }),
  /** A copy under a new name (default "<name> copy"). */
  'profiles:duplicate': z.strictObject({ id, name: profileName.optional() }),
  /** Deletes a profile and unassigns it from its servers. */
  'profiles:delete': z.strictObject({ id }),
  /** Assigns a profile to a server, or none (null); at most one per server. */
  'profiles:assign': z.strictObject({ serverId: id, profileId: id.nullable() }),
  /**
   * Assigns a profile (or none) to several servers at once: one request, one write of
   * profiles.json; refused as a whole when a server or the profile is not there.
   */
  'profiles:assign-many': z.strictObject({
    serverIds: z.array(id).min(1).max(1000),
    profileId: id.nullable(),
  }),
} as const satisfies { [C in keyof ProfileResponseMap]: z.ZodType };

/** The request schemas of the fleet channels (merged into `requestSchemas`). */
export const fleetRequestSchemas = {
  /**
   * Reads every server's settings in parallel (at most `concurrency` at once), one
   * `events:fleet-progress` per answer, and marks the cells that differ from `reference`.
   */
  'fleet:snapshot': z
    .strictObject({ reference: serverOrProfile.nullable().optional(), concurrency, runId })
    .optional(),
  /**
   * Reads the source and every target, and diffs the chosen sections per target. The plan
   * is kept in main (by id) with the version each target was read at.
   */
  'fleet:plan': z.strictObject({
    source: serverOrProfile,
    sections: z.array(z.enum(SETTINGS_SECTIONS)).min(1).max(3),
    /** Only these fields of the chosen sections (a drift's revert); default every one. */
    fields: z
      .array(z.enum(SETTINGS_FIELDS as [SettingsField, ...SettingsField[]]))
      .min(1)
      .max(SETTINGS_FIELDS.length)
      .optional(),
    targets: z.array(id).min(1).max(1000),
    concurrency,
    runId,
  }),
  /** Saves a plan's changes on every target in parallel, each with If-Match on its version. */
  'fleet:apply': z.strictObject({
    planId: id,
    waves: z
      .strictObject({
        canaryServerId: id,
        maxFailures: z.number().int().min(0).max(1000),
        batchSize: z.number().int().min(1).max(1000).optional(),
      })
      .optional(),
    /** The apply's deadline in seconds (default DEFAULT_FLEET_DEADLINE_MS). */
    deadlineSeconds: z.number().int().min(1).max(86_400).optional(),
    concurrency,
    runId,
  }),
  /** A new plan, from the same source and sections, for the failed targets of an apply. */
  'fleet:retry-failed': z.strictObject({ applyId: id, concurrency, runId }),
  /** Servers (no secret), profiles and assignments as one versioned JSON file. */
  'fleet:export': empty,
  /** What importing the file would add, replace and refuse; nothing changes. */
  'fleet:import-preview': z.strictObject({ json: fileText }),
  /** Imports the file (what the preview showed, worked out again now). */
  'fleet:import-apply': z.strictObject({ json: fileText }),
} as const satisfies { [C in keyof FleetResponseMap]: z.ZodType };

/** The responses of the profile channels (merged into `ResponseMap`). */
export interface ProfileResponseMap {
  'profiles:list': {
    profiles: Profile[];
    assignments: Assignments;
    problem: ProfilesProblem | null;
  };
  'profiles:create': { profile: Profile; advice: SettingsIssue[] };
  'profiles:update': { profile: Profile; advice: SettingsIssue[] };
  'profiles:rename': { profile: Profile };
  'profiles:duplicate': { profile: Profile };
  'profiles:delete': { deleted: true; unassigned: string[] };
  'profiles:assign': { assignments: Assignments };
  'profiles:assign-many': { assignments: Assignments };
}

/** The responses of the fleet channels (merged into `ResponseMap`). */
export interface FleetResponseMap {
  'fleet:snapshot': FleetSnapshot;
  'fleet:plan': Plan;
  'fleet:apply': ApplyReport;
  'fleet:retry-failed': Plan;
  'fleet:export': { json: string; servers: number; profiles: number; assignments: number };
  'fleet:import-preview': FleetImportPreview;
  'fleet:import-apply': FleetImportPreview & { added: ServerView[]; savedProfiles: Profile[] };
}
