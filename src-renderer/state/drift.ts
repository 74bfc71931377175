/**
 * Drift in the renderer as pure functions: what drift knows of each server by id, which of
 * a server's drifted fields are still open (not accepted as an exception), the exception's
 * date as the admin picks it (a day, 30 days ahead by default), the plan that reverts some
 * fields, and main's pushes of what changed taken in.
 */

import {
  exceptionHolds,
  type DriftNotice,
  type DriftedField,
  type ServerDrift,
} from '../../src-shared/drift';
import { SETTINGS_SECTIONS, sectionOf } from '../../src-shared/settings-sections';
import { FIELD_RULES, type SettingsField } from '../../src-shared/settings';
import type { PlanRequest } from './apply-flow';

/** What drift knows of each server that follows a profile, by server id. */
export type DriftsById = Readonly<Record<string, ServerDrift>>;

/** How many days an exception lasts unless the admin picks another date. */
export const DEFAULT_EXCEPTION_DAYS = 30;

/** The drift list by server id. */
export function driftsById(servers: readonly ServerDrift[]): DriftsById {
  return Object.fromEntries(servers.map((server) => [server.serverId, server]));
}

/** The known drifts with some servers' newer state (an adopt compares several again). */
export function withDrifts(known: DriftsById, servers: readonly ServerDrift[]): DriftsById {
  return { ...known, ...driftsById(servers) };
}

/**
 * The known drifts after main's push: the servers whose drift changed replace theirs, and
 * the servers that follow no profile any more are dropped.
 */
export function withPushedDrifts(
  known: DriftsById,
  pushed: { servers: readonly ServerDrift[]; gone: readonly string[] },
): DriftsById {
  const gone = new Set(pushed.gone);
  return Object.fromEntries(
    Object.entries(withDrifts(known, pushed.servers)).filter(([serverId]) => !gone.has(serverId)),
  );
}

/** Whether a drifted field is accepted as an exception at `now`. */
export function isAccepted(field: DriftedField, now: number): boolean {
  return exceptionHolds(field.acceptedUntil, now);
}

/** The drifted fields that still need a verdict (not accepted at `now`). */
export function openFields(drift: ServerDrift | null | undefined, now: number): DriftedField[] {
  return drift ? drift.fields.filter((field) => !isAccepted(field, now)) : [];
}

/** Whether a server shows as drifted: a field differs from its profile and is not accepted. */
export function isDrifted(drift: ServerDrift | null | undefined, now: number): boolean {
  return openFields(drift, now).length > 0;
}

function dayText(date: Date): string {
  const pad = (value: number): string => String(value).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** The date picker's day `days` from `now` (local time, YYYY-MM-DD). */
export function dayFromNow(now: number, days: number): string {
  const date = new Date(now);
  date.setDate(date.getDate() + days);
  return dayText(date);
}

/**
 * The end of a picked day (local time) as the exception's ISO date: the exception holds
 * through that whole day. Refuses a day that is not a date, or one already over.
 */
export function exceptionUntil(
  day: string,
  now: number,
): { ok: true; until: string } | { ok: false; message: string } {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!match) return { ok: false, message: 'Pick the last day of the exception.' };
  const [year, month, date] = [Number(match[1]), Number(match[2]) - 1, Number(match[3])];
  const end = new Date(year, month, date, 23, 59, 59, 999);
  if (end.getFullYear() !== year || end.getMonth() !== month || end.getDate() !== date)
    return { ok: false, message: `${day} is not a date.` };
  if (end.getTime() <= now) return { ok: false, message: 'The exception must end in the future.' };
  return { ok: true, until: end.toISOString() };
}

/**
 * The plan that puts the profile's values back on the server for these fields only (the
 * same plan and confirmation as any apply, with the profile as the source).
 */
export function revertRequest(drift: ServerDrift, fields: readonly SettingsField[]): PlanRequest {
  const sections = SETTINGS_SECTIONS.filter((section) =>
    fields.some((field) => sectionOf(field) === section),
  );
  return {
    source: { kind: 'profile', profileId: drift.profileId },
    sections,
    fields: [...fields],
    targets: [drift.serverId],
  };
}

/** A drift notice in one sentence, for the window's live region (the tray shows its own). */
export function driftAnnouncement(notice: DriftNotice): string {
  const fields = notice.fields.map((change) => FIELD_RULES[change.field].label).join(', ');
  return `${notice.serverName} drifted from ${notice.profileName}: ${notice.actor} changed ${fields}.`;
}
