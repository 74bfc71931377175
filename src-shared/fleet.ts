/**
 * The fleet's domain types (profiles, the fleet snapshot, plans, apply outcomes, the import
 * preview) shared by main and the renderer. Plain TypeScript without zod, so the renderer
 * can import it; the request schemas of the fleet channels are in `fleet-contract.ts`, the
 * pure comparisons in `settings-diff.ts`.
 */

import type { BaselineResult } from './baselines';
import type { EnvironmentTag } from './domain';
import type { AppErrorCode } from './errors';
import type { FieldChange } from './settings-diff';
import type { SettingsSection } from './settings-sections';
import type {
  SessionSettings,
  SessionSettingsDocument,
  SettingsField,
  SettingsIssue,
} from './settings';

/** A named, complete set of session settings kept on this computer (`profiles.json`). */
export interface Profile {
  id: string;
  name: string;
  settings: SessionSettings;
  createdAt: string;
  updatedAt: string;
}

/** Why `profiles.json` could not be used as it was (same words as the server list's). */
export interface ProfilesProblem {
  code: 'profiles_corrupt' | 'profiles_unreadable';
  message: string;
  /** Where the unusable file was moved aside to (null when it could not be moved). */
  movedTo: string | null;
  /** Whether the profiles were recovered from the backup of the last good file. */
  restoredFromBackup: boolean;
}

/** Which profile each server follows: server id -> profile id (at most one per server). */
export type Assignments = Record<string, string>;

/** The states a server can be in when it cannot be read or written, by what the admin does. */
export const SERVER_PROBLEM_KINDS = [
  'unreachable',
  'forbidden',
  'not_signed_in',
  'certificate_blocked',
  'failed',
] as const;
export type ServerProblemKind = (typeof SERVER_PROBLEM_KINDS)[number];

/** Why one server could not be read or written: never an empty cell. */
export interface ServerProblem {
  kind: ServerProblemKind;
  /** The AppError code behind it. */
  code: AppErrorCode;
  /** A sentence for the admin. */
  message: string;
}

/** What a fleet table's reference is: a server or a profile. */
export type FleetReference =
  { kind: 'server'; serverId: string } | { kind: 'profile'; profileId: string };

/** Whether a server with an assigned profile matches it. */
export interface Compliance {
  profileId: string;
  profileName: string;
  /** From the profile's value to the server's; empty when the server matches. */
  differences: FieldChange[];
}

interface FleetRowCommon {
  serverId: string;
  name: string;
  environment: EnvironmentTag | null;
  /** The profile assigned to the server, if any. */
  profileId: string | null;
  /** When the answer (or the failure) arrived. */
  fetchedAt: string;
}

/** A server whose settings were read. */
export interface FleetReadRow extends FleetRowCommon {
  /** `read_only`: the credentials lack `admin.settings.update`. */
  state: 'ok' | 'read_only';
  settings: SessionSettingsDocument;
  canUpdate: boolean;
  baselines: BaselineResult[];
  /** Null without an assigned profile. */
  compliance: Compliance | null;
}

/** A server that could not be read, with why. */
export interface FleetProblemRow extends FleetRowCommon {
  state: ServerProblemKind;
  problem: ServerProblem;
}

/** One server of the fleet table. */
export type FleetRow = FleetReadRow | FleetProblemRow;
export type FleetRowState = FleetRow['state'];

/** The states of a row whose settings were read (the table's "Read" filter). */
export const READ_ROW_STATES = ['ok', 'read_only'] as const satisfies readonly FleetRowState[];

/** Whether this row was read: it has the server's settings, not a problem. */
export function isReadRow(row: FleetRow): row is FleetReadRow {
  return (READ_ROW_STATES as readonly FleetRowState[]).includes(row.state);
}

/** A fleet refresh: every server's row, and the cells that differ from the reference. */
export interface FleetSnapshot {
  runId: string;
  rows: FleetRow[];
  /** The reference asked for, with its settings; null when none was asked for. */
  reference: {
    reference: FleetReference;
    name: string;
    /** Null when the reference server could not be read (see `referenceProblem`). */
    settings: SessionSettings | null;
    referenceProblem: string | null;
  } | null;
  /** Server id -> the fields that differ from the reference (only servers that were read). */
  differing: Record<string, SettingsField[]>;
  startedAt: string;
  finishedAt: string;
}

/** Where a plan's values come from. */
export type PlanSource =
  { kind: 'server'; serverId: string } | { kind: 'profile'; profileId: string };

interface PlanTargetCommon {
  serverId: string;
  name: string;
  environment: EnvironmentTag | null;
}

/** One target of a plan. */
export type PlanTarget = PlanTargetCommon &
  (
    | {
        /** The target gets `changes` (old -> new), saved with If-Match on `version`. */
        status: 'change';
        version: number;
        changes: FieldChange[];
        /** False: the credentials lack `admin.settings.update`; the save will be refused. */
        canUpdate: boolean;
        advice: SettingsIssue[];
      }
    | { status: 'match'; version: number }
    | { status: 'unreadable'; problem: ServerProblem }
    | { status: 'invalid'; version: number; errors: SettingsIssue[] }
  );
export type PlanTargetStatus = PlanTarget['status'];

/** A plan: what applying `source`'s chosen sections to each target would change. */
export interface Plan {
  id: string;
  createdAt: string;
  source: PlanSource & { name: string };
  /** The source's values as the plan read them. */
  sourceSettings: SessionSettings;
  sections: SettingsSection[];
  /** The fields it applies: every field of the sections, or those the request chose. */
  fields: SettingsField[];
  targets: PlanTarget[];
  counts: Record<PlanTargetStatus, number>;
}

/** Optional waves: a canary first, then the rest, stopping after too many failures. */
export interface ApplyWaves {
  canaryServerId: string;
  /** The apply stops starting saves once more than this many servers have failed. */
  maxFailures: number;
  /** After the canary, saves start in batches of this size (default: all the rest at once). */
  batchSize?: number;
}

interface OutcomeCommon {
  serverId: string;
  name: string;
  environment: EnvironmentTag | null;
}

/** What happened to one target of an apply. */
export type ApplyOutcome = OutcomeCommon &
  /** `answerLost`: the save's answer never came; the values read back are the ones sent. */
  (
    | { kind: 'applied'; version: number; changed: SettingsField[]; answerLost?: true }
    | { kind: 'skipped'; reason: string }
    /** Someone changed the server since the plan read it: nothing was written. */
    | { kind: 'conflict'; message: string; current: SessionSettingsDocument }
    | { kind: 'invalid'; message: string; errors: SettingsIssue[] }
    /** Saved, but the values read back are not the ones sent. */
    | { kind: 'verify_failed'; message: string; version: number | null; mismatched: FieldChange[] }
    /**
     * The save may or may not have been saved: its answer was lost and the read-back found
     * neither the values sent nor the planned version, or no answer came before the apply's
     * deadline.
     */
    | { kind: 'unknown'; message: string }
    /** Waves stopped (or the apply's deadline passed) before this server's turn: nothing was sent. */
    | { kind: 'not_attempted'; reason: string }
    | ({ kind: ServerProblemKind } & Omit<ServerProblem, 'kind'>)
  );
export type ApplyOutcomeKind = ApplyOutcome['kind'];

/** The outcomes that count as failures (waves count them; retry-failed plans them again). */
export const FAILED_OUTCOME_KINDS: readonly ApplyOutcomeKind[] = [
  'conflict',
  'invalid',
  'verify_failed',
  'unknown',
  ...SERVER_PROBLEM_KINDS,
];

/** Whether an outcome is a failure (see FAILED_OUTCOME_KINDS). */
export function isFailedOutcome(outcome: ApplyOutcome): boolean {
  return FAILED_OUTCOME_KINDS.includes(outcome.kind);
}

/** The result of an apply: every target's outcome. */
export interface ApplyReport {
  applyId: string;
  planId: string;
  startedAt: string;
  finishedAt: string;
  outcomes: ApplyOutcome[];
  counts: Partial<Record<ApplyOutcomeKind, number>>;
  /** Why waves stopped early; null when every target had its turn. */
  stopped: string | null;
}

/** What one answer of a fleet operation was. */
export type FleetProgressItem =
  | { operation: 'snapshot'; row: FleetRow }
  | { operation: 'plan'; target: PlanTarget }
  | { operation: 'apply'; outcome: ApplyOutcome };

/** Progress of a fleet operation, one event per answer (n of N). */
export type FleetProgress = { runId: string; done: number; total: number } & FleetProgressItem;

/** What an import would do (preview), or did (apply). */
export interface FleetImportPreview {
  servers: {
    add: { name: string; baseUrl: string; environment: EnvironmentTag | null }[];
    /** Already in the list (same address and user): kept as they are. */
    existing: { name: string; baseUrl: string }[];
    refused: { name: string; reason: string }[];
  };
  profiles: {
    add: { name: string }[];
    /** A profile of the same name whose settings the file's replace. */
    replace: { name: string; changes: FieldChange[] }[];
    refused: { name: string; reason: string }[];
  };
  assignments: {
    /** `previous`: the profile the server followed until now (null: none). */
    set: { server: string; profile: string; previous: string | null }[];
    refused: { server: string; profile: string; reason: string }[];
  };
}
