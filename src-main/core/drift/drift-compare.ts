/**
 * One comparison of a server with its profile, after the `settings.updated` events that
 * came in since the last one (none: a comparison after an assignment, a profile edit or an
 * adopt). Who gets the credit: each drifted field goes to the newest of those events whose
 * `changed` names it; a field none of them names keeps who it had while its value stays the
 * same, and is otherwise credited to nobody (found by the app). Each crediting event gets
 * one history record, announced unless every field of it is an accepted exception or the
 * app itself saved that version. Pure: the service reads, saves and announces.
 */

import {
  profileDrift,
  withVerdict,
  type DriftedField,
  type DriftRecord,
} from '../../../src-shared/drift';
import type { QuickBoxEvent } from '../../../src-shared/quickbox';
import type { FieldChange } from '../../../src-shared/settings-diff';
import {
  SETTINGS_FIELDS,
  getField,
  type SessionSettings,
  type SettingsField,
} from '../../../src-shared/settings';
import type { KeptServerDrift } from './drift-store';

/** How many drift records each server keeps (newest first). */
export const DRIFT_HISTORY_LIMIT = 100;

/** A `settings.updated` event of the server's feed. */
export type SettingsUpdated = Extract<QuickBoxEvent, { type: 'settings.updated' }>;

/** What a comparison works from. */
export interface DriftComparison {
  profileId: string;
  profileSettings: SessionSettings;
  /** The server's settings as read now. */
  serverSettings: SessionSettings;
  /** What was kept of the server before. */
  before: KeptServerDrift | undefined;
  /** The events since the last comparison, oldest first (not checked before). */
  events: readonly SettingsUpdated[];
  /** The settings versions this app saved itself. */
  ownVersions: ReadonlySet<number>;
  /** The server's exceptions whose date has not passed. */
  exceptions: Partial<Record<SettingsField, string>>;
  /** Now (ISO): when a field found without an event is said to differ since. */
  now: string;
}

/** A change by someone else that left fields differing, to announce. */
export interface DriftAnnouncement {
  event: SettingsUpdated;
  /** The fields it made differ that are not accepted exceptions. */
  fields: FieldChange[];
}

/** What a comparison found: the drifted fields, what to keep, and what to announce. */
export interface DriftOutcome {
  drifted: DriftedField[];
  kept: KeptServerDrift;
  announcements: DriftAnnouncement[];
}

/** Compares a server with its profile and credits each drifted field (see the file comment). */
export function compareDrift(input: DriftComparison): DriftOutcome {
  const { before, events, exceptions, now } = input;
  const known = before?.profileId === input.profileId ? before.fields : [];
  const newestNaming = (field: SettingsField): SettingsUpdated | undefined =>
    events.findLast((event) => (event.data.changed as readonly string[]).includes(field));
  // The drift rule: accepted exceptions are kept (with their date) but never announced.
  const rule = profileDrift(
    input.profileSettings,
    input.serverSettings,
    exceptions,
    Date.parse(now),
  );
  const differing = [...rule.differences, ...rule.accepted].sort(
    (a, b) => SETTINGS_FIELDS.indexOf(a.field) - SETTINGS_FIELDS.indexOf(b.field),
  );
  const accepted = new Set(rule.accepted.map((change) => change.field));
  const drifted = differing.map((change) => {
    const credited = newestNaming(change.field);
    const previous = known.find((entry) => entry.field === change.field);
    const same = previous !== undefined && previous.serverValue === change.to;
    const credit = credited
      ? { since: credited.at, by: credited.actor }
      : same
        ? { since: previous.since, by: previous.by }
        : { since: now, by: null };
    return {
      field: change.field,
      profileValue: change.from,
      serverValue: change.to,
      ...credit,
      acceptedUntil: accepted.has(change.field) ? (exceptions[change.field] ?? null) : null,
    };
  });

  // A field that drifted and matches again: the server was set back (`reverted`, by the
  // event that named it, or by nobody known), or the profile took its value (`adopted`).
  let history = known
    .filter((entry) => !drifted.some((now) => now.field === entry.field))
    .reduce((records, entry) => {
      const credited = newestNaming(entry.field);
      const profileMoved = getField(input.serverSettings, entry.field) === entry.serverValue;
      return withVerdict(records, {
        field: entry.field,
        kind: profileMoved && !credited ? 'adopted' : 'reverted',
        at: credited?.at ?? now,
        by: credited?.actor ?? null,
        until: null,
      });
    }, before?.history ?? []);

  const announcements: DriftAnnouncement[] = [];
  for (const event of events) {
    const made = drifted.filter((entry) => newestNaming(entry.field) === event);
    if (made.length === 0) continue;
    const own = input.ownVersions.has(event.data.version);
    const fields = made.map((entry) => ({
      field: entry.field,
      from: entry.profileValue,
      to: entry.serverValue,
    }));
    const announced = own ? [] : fields.filter((change) => !accepted.has(change.field));
    const record: DriftRecord = {
      eventId: event.id,
      at: event.at,
      actor: event.actor,
      fields,
      notified: announced.length > 0,
      ...(own ? { ownSave: true } : {}),
      verdicts: [],
    };
    history = [record, ...history];
    if (announced.length > 0) announcements.push({ event, fields: announced });
  }

  const newest = events.at(-1);
  const checked = newest ? { eventId: newest.id, at: newest.at } : before?.checked;
  const kept: KeptServerDrift = {
    profileId: input.profileId,
    fields: drifted.map(({ acceptedUntil: _accepted, ...entry }) => entry),
    history: history.slice(0, DRIFT_HISTORY_LIMIT),
    ...(checked ? { checked } : {}),
  };
  return { drifted, kept, announcements };
}
