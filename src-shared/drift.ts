/**
 * Drift: how a server with an assigned profile has moved away from it, field by field, who
 * moved it and when, and the exceptions the admin accepted. Plain types (no zod), so the
 * renderer can import them; the request schemas are in `drift-contract.ts`. The one drift
 * rule (`profileDrift`) is here too.
 */

import type { EnvironmentTag } from './domain';
import { diffSettings, type FieldChange, type SettingsValue } from './settings-diff';
import type { SessionSettings, SettingsField } from './settings';

/** Per server, the fields accepted as exceptions to its profile, each until a date (ISO). */
export type DriftExceptions = Record<string, FieldExceptions>;

/**
 * Whether an exception accepted until `until` (ISO) still holds at `now` (ms since the epoch):
 * the one rule the app's drift, its window and qbsc's `fleet drift` share.
 */
export function exceptionHolds(until: string | null | undefined, now: number): boolean {
  // Stryker disable next-line ConditionalExpression: equivalent, Date.parse(null) and Date.parse(undefined) are NaN, so the typeof check alone never decides; it narrows the type
  return typeof until === 'string' && Date.parse(until) > now;
}

/** A server's exceptions: each field accepted until a date (ISO). */
export type FieldExceptions = Partial<Record<SettingsField, string>>;

/** How a server differs from its profile: what counts as drift, and what is accepted. */
export interface ProfileDrift {
  /** From the profile's value to the server's, fields accepted at `now` left out. */
  differences: FieldChange[];
  /** The fields that differ but are accepted as exceptions at `now`. */
  accepted: FieldChange[];
}

/**
 * THE drift rule: a server's difference from its profile minus its active exceptions (those
 * whose date is still to come at `now`). The fleet snapshot, the window's fleet table, drift
 * in core and `qbsc fleet drift` all judge with it, so they agree. `exceptions` are the
 * server's exceptions to THIS profile (none when it is compared with another one).
 */
export function profileDrift(
  profile: SessionSettings,
  settings: SessionSettings,
  exceptions: FieldExceptions | undefined,
  now: number,
): ProfileDrift {
  const all = diffSettings(profile, settings);
  const holds = (change: FieldChange): boolean => exceptionHolds(exceptions?.[change.field], now);
  return {
    differences: all.filter((change) => !holds(change)),
    accepted: all.filter(holds),
  };
}

/**
 * The exceptions of a server's drift list, as the window knows them, to the profile it is
 * compared with (a server compared with another profile than the one it drifted from has
 * none).
 */
export function exceptionsOf(
  drift: Pick<ServerDrift, 'profileId' | 'fields'> | null | undefined,
  profileId: string | null,
): FieldExceptions {
  if (!drift || drift.profileId !== profileId) return {};
  return Object.fromEntries(
    drift.fields.flatMap((entry) =>
      entry.acceptedUntil === null ? [] : [[entry.field, entry.acceptedUntil]],
    ),
  );
}

/** One drifted field of a server. */
export interface DriftedField {
  field: SettingsField;
  /** The profile's value. */
  profileValue: SettingsValue;
  /** The server's value. */
  serverValue: SettingsValue;
  /** Since when it differs (the event that made it differ, or when the app first saw it). */
  since: string;
  /** Who changed it (the event's actor), or null when the app found it without an event. */
  by: string | null;
  /** Until when the admin accepted it as an exception (null: not accepted, or expired). */
  acceptedUntil: string | null;
}

/** What became of a drifted field: the admin's verdict, or someone set it back. */
export interface DriftVerdict {
  field: SettingsField;
  /**
   * `reverted`: the server has the profile's value again (a revert through a plan, or anyone
   * setting it back); `adopted`: the profile took the server's value; `accepted`: an
   * exception until `until`.
   */
  kind: 'reverted' | 'adopted' | 'accepted';
  at: string;
  /** The event's actor for `reverted`; null for what was done in this app (adopt, accept). */
  by: string | null;
  /** The exception's end (`accepted` only). */
  until: string | null;
}

/** One change of a server's settings that left it differing from its profile. */
export interface DriftRecord {
  eventId: number;
  at: string;
  actor: string;
  /** The fields this change made differ, from the profile's value to the server's. */
  fields: FieldChange[];
  /**
   * Whether it was notified (false: every field was an accepted exception, or the change
   * was saved by this app).
   */
  notified: boolean;
  /** True when this app saved the change (a panel's save, a fleet apply): never announced. */
  ownSave?: boolean;
  /** What became of its fields since, in order (none yet: still open). */
  verdicts: DriftVerdict[];
}

/** A server's drift from its profile, and its drift history (newest first). */
export interface ServerDrift {
  serverId: string;
  profileId: string;
  profileName: string;
  /** Empty when the server matches its profile. */
  fields: DriftedField[];
  history: DriftRecord[];
}

/** The `events:drift` payload: a change by someone left a server differing from its profile. */
export interface DriftNotice {
  serverId: string;
  serverName: string;
  environment: EnvironmentTag | null;
  profileId: string;
  profileName: string;
  /** The fields this change made differ (accepted exceptions left out). */
  fields: FieldChange[];
  actor: string;
  at: string;
  /** The server's event id (a notification is shown once per server and event). */
  eventId: number;
}

/**
 * The history with a verdict on `verdict.field`, written on the newest record that drifted
 * that field (older ones were superseded by it); unchanged when there is none, or when that
 * record has a verdict on the field already (the first verdict stands).
 */
export function withVerdict(history: readonly DriftRecord[], verdict: DriftVerdict): DriftRecord[] {
  const index = history.findIndex((record) =>
    record.fields.some((change) => change.field === verdict.field),
  );
  const record = history[index];
  if (!record || record.verdicts.some((known) => known.field === verdict.field))
    return [...history];
  return history.map((record, at) =>
    at === index ? { ...record, verdicts: [...record.verdicts, verdict] } : record,
  );
}
