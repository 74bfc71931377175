/**
 * The fleet table's rows as pure functions: one row per listed server (in the sidebar's
 * order) from the last answer each gave, answers taken in as they arrive during a refresh,
 * and the settings the cells are compared with (the chosen server's or profile's).
 */

import { evaluateBaselines } from '../../src-shared/baselines';
import { exceptionsOf, profileDrift, type ServerDrift } from '../../src-shared/drift';
import {
  isReadRow,
  type FleetReference,
  type FleetRow,
  type Profile,
} from '../../src-shared/fleet';
import type { ServerView } from '../../src-shared/domain';
import type { WindowMessageId } from '../../src-shared/i18n/message-ids';
import type { Message } from '../../src-shared/i18n/translator';
import { isDrifted } from './drift';
import {
  pickSettings,
  type SessionSettings,
  type SessionSettingsDocument,
} from '../../src-shared/settings';
import type { FleetTableRow } from './fleet-table';

/** The last answer of each server, by server id. */
export type FleetRowsById = Readonly<Record<string, FleetRow>>;

/** The answers with one more taken in (a later answer replaces the server's earlier one). */
export function receiveRow(rows: FleetRowsById, row: FleetRow): FleetRowsById {
  return { ...rows, [row.serverId]: row };
}

/** The answers of a finished refresh, keeping only servers still listed. */
export function rowsOfSnapshot(rows: readonly FleetRow[]): FleetRowsById {
  return Object.fromEntries(rows.map((row) => [row.serverId, row]));
}

/**
 * The answers with one server's settings read again (its settings changed while the table
 * is open); a server without an answer yet is left for the next refresh.
 */
export function withFreshSettings(
  rows: FleetRowsById,
  serverId: string,
  read: { settings: SessionSettingsDocument; canUpdate: boolean },
  fetchedAt: string,
): FleetRowsById {
  const row = rows[serverId];
  if (!row) return rows;
  return receiveRow(rows, {
    serverId,
    name: row.name,
    environment: row.environment,
    profileId: row.profileId,
    fetchedAt,
    state: read.canUpdate ? 'ok' : 'read_only',
    settings: read.settings,
    canUpdate: read.canUpdate,
    baselines: evaluateBaselines(pickSettings(read.settings)),
    // The table compares with the assigned profile itself (tableRows).
    compliance: null,
  });
}

/** Each answer's settings as picked once (answers are never changed, only replaced). */
const picked = new WeakMap<FleetRow, SessionSettings>();

/** The settings of an answer, when the server could be read. */
export function settingsOf(row: FleetRow | undefined): SessionSettings | null {
  if (!row || !isReadRow(row)) return null;
  const known = picked.get(row);
  if (known) return known;
  const settings = pickSettings(row.settings);
  picked.set(row, settings);
  return settings;
}

/**
 * The table's rows: every listed server in the list's order (name and environment as the
 * list has them now), with its last answer; a server that has not answered yet is
 * 'reading', and one still owing the current refresh its answer is `pending`. Compliance
 * with the assigned profile is judged here by the drift rule (src-shared/drift.ts: the
 * exceptions accepted in the app are not drift), not taken from the answer, which
 * predates an assignment made since.
 */
export function tableRows(
  servers: readonly ServerView[],
  rows: FleetRowsById,
  pending: readonly string[],
  profiles: readonly Profile[],
  assignments: Readonly<Record<string, string>>,
  drifts: Readonly<Record<string, ServerDrift>> = {},
  /** The time exceptions are judged at (when drift was read). */
  driftReadAt = 0,
): FleetTableRow[] {
  // Each profile's settings are picked once, not once per server that follows it.
  const byId = new Map(
    profiles.map((profile) => [profile.id, { profile, settings: pickSettings(profile.settings) }]),
  );
  const waiting = new Set(pending);
  return servers.map((server) => {
    const row = rows[server.id];
    const profileId = assignments[server.id] ?? null;
    const assigned = profileId === null ? undefined : byId.get(profileId);
    const profile = assigned?.profile;
    const settings = settingsOf(row);
    const drift = profileId !== null ? (drifts[server.id] ?? null) : null;
    return {
      serverId: server.id,
      name: server.name,
      environment: server.environment,
      state: row?.state ?? 'reading',
      settings,
      profileId,
      profileName: profile?.name ?? null,
      differences:
        assigned && settings
          ? profileDrift(assigned.settings, settings, exceptionsOf(drift, profileId), driftReadAt)
              .differences
          : null,
      drift,
      drifted: isDrifted(drift, driftReadAt),
      fetchedAt: row?.fetchedAt ?? null,
      pending: waiting.has(server.id),
      source: row ?? null,
    };
  });
}

/** The reference's settings and name; null settings when it cannot be compared with. */
export interface ResolvedReference {
  name: string;
  settings: SessionSettings | null;
  /** Why there is nothing to compare with (the server could not be read), to be translated. */
  problem: Message<WindowMessageId> | null;
}

/** The reference as the table uses it, from what is known here (no request needed). */
export function resolveReference(
  reference: FleetReference | null,
  servers: readonly ServerView[],
  rows: FleetRowsById,
  profiles: readonly Profile[],
): ResolvedReference | null {
  if (!reference) return null;
  if (reference.kind === 'profile') {
    const profile = profiles.find((candidate) => candidate.id === reference.profileId);
    return profile
      ? { name: profile.name, settings: pickSettings(profile.settings), problem: null }
      : null;
  }
  const server = servers.find((candidate) => candidate.id === reference.serverId);
  if (!server) return null;
  const row = rows[server.id];
  const settings = settingsOf(row);
  const problem: Message<WindowMessageId> | null =
    settings !== null
      ? null
      : row && 'problem' in row
        ? {
            id: 'fleet.reference.unreadable',
            values: { server: server.name, message: row.problem.message },
          }
        : { id: 'fleet.reference.notRead', values: { server: server.name } };
  return { name: server.name, settings, problem };
}
