/**
 * The fleet table's rows as pure functions: one row per listed server (in the sidebar's
 * order) from the last answer each gave with the server's settings document as the settings
 * documents slice has it (the answers keep no copy of it), answers taken in as they arrive
 * during a refresh, and the settings the cells are compared with (the chosen server's or
 * profile's).
 */

import { evaluateBaselines } from '../../src-shared/baselines';
import { exceptionsOf, profileDrift, type ServerDrift } from '../../src-shared/drift';
import {
  isReadRow,
  type FleetProblemRow,
  type FleetReadRow,
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
import type { ServerSettings } from './editor-draft';
import type { FleetTableRow } from './fleet-table';

/**
 * A server's last answer to a refresh without its settings document, which the settings
 * documents slice owns (settings-docs-slice.ts): its state, when it answered, its profile,
 * or why it could not be read.
 */
export type FleetAnswer = FleetProblemRow | Omit<FleetReadRow, 'settings' | 'baselines'>;

/** The last answer of each server, by server id. */
export type FleetRowsById = Readonly<Record<string, FleetAnswer>>;

/** The documents of each server, by server id (the settings documents slice's). */
export type DocumentsById = Readonly<Record<string, ServerSettings>>;

/** An answer without its document (and the baselines worked out from it). */
export function answerOf(row: FleetRow): FleetAnswer {
  if (!isReadRow(row)) return row;
  const { settings: _settings, baselines: _baselines, ...answer } = row;
  return answer;
}

/** The documents of the answers that were read, for the owner of the documents. */
export function documentsOfRows(rows: readonly FleetRow[]): Record<string, ServerSettings> {
  return Object.fromEntries(
    rows
      .filter(isReadRow)
      .map((row) => [row.serverId, { settings: row.settings, canUpdate: row.canUpdate }]),
  );
}

/** The answers with one more taken in (a later answer replaces the server's earlier one). */
export function receiveRow(rows: FleetRowsById, row: FleetRow): FleetRowsById {
  return { ...rows, [row.serverId]: answerOf(row) };
}

/** The answers of a finished refresh, keeping only servers still listed. */
export function rowsOfSnapshot(rows: readonly FleetRow[]): FleetRowsById {
  return Object.fromEntries(rows.map((row) => [row.serverId, answerOf(row)]));
}

/**
 * The answers with one server read again (its settings changed while the table is open):
 * when, and whether it may be changed; its document goes to the owner. A server without an
 * answer yet, or one that could not be read, is left for the next refresh.
 */
export function withFreshRead(
  rows: FleetRowsById,
  serverId: string,
  canUpdate: boolean | null,
  fetchedAt: string,
): FleetRowsById {
  const row = rows[serverId];
  if (!row || 'problem' in row) return rows;
  const may = canUpdate ?? row.canUpdate;
  return {
    ...rows,
    [serverId]: {
      ...row,
      fetchedAt,
      state: may ? 'ok' : 'read_only',
      canUpdate: may,
      // The table compares with the assigned profile itself (tableRows).
      compliance: null,
    },
  };
}

const BASELINES = new WeakMap<SessionSettingsDocument, FleetReadRow['baselines']>();

/** The baselines of a document, worked out once per document. */
function baselinesOf(settings: SessionSettingsDocument): FleetReadRow['baselines'] {
  let baselines = BASELINES.get(settings);
  if (!baselines) {
    baselines = evaluateBaselines(pickSettings(settings));
    BASELINES.set(settings, baselines);
  }
  return baselines;
}

/**
 * A server's row as the table shows it: its answer with the owner's document (the newest
 * known, pushed or read) and that document's baselines; null without an answer, or for a
 * read answer whose document is not known.
 */
export function rowOf(answer: FleetAnswer | undefined, documents: DocumentsById): FleetRow | null {
  if (!answer) return null;
  if ('problem' in answer) return answer;
  const document = documents[answer.serverId];
  if (!document) return null;
  return { ...answer, settings: document.settings, baselines: baselinesOf(document.settings) };
}

/** Each document's settings as picked once (documents are never changed, only replaced). */
const picked = new WeakMap<SessionSettingsDocument, SessionSettings>();

/** The settings of an answer, when the server could be read. */
export function settingsOf(row: FleetRow | null | undefined): SessionSettings | null {
  if (!row || !isReadRow(row)) return null;
  const known = picked.get(row.settings);
  if (known) return known;
  const settings = pickSettings(row.settings);
  picked.set(row.settings, settings);
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
  documents: DocumentsById,
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
    const row = rowOf(rows[server.id], documents);
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
  documents: DocumentsById,
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
  const row = rowOf(rows[server.id], documents);
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
