/**
 * The fleet table's data: every server's settings read in parallel (bounded), a row per
 * server pushed as its answer arrives (`events:fleet-progress`), each with its baselines and
 * its compliance with an assigned profile (the drift rule, src-shared/drift.ts: accepted
 * exceptions are not drift), or with the reason it could not be read; then the
 * cells that differ from the reference the admin chose. A refresh (and a plan's reads) has a
 * deadline: a server that has not answered by then gets the row "no answer in time".
 */

import { randomUUID } from 'node:crypto';
import { evaluateBaselines } from '../../../src-shared/baselines';
import type {
  FleetProgressItem,
  FleetReference,
  FleetRow,
  FleetSnapshot,
  Profile,
} from '../../../src-shared/fleet';
import { isReadRow } from '../../../src-shared/fleet';
import type { ParsedRequestOf } from '../../../src-shared/ipc-contract';
import { profileDrift, type FieldExceptions } from '../../../src-shared/drift';
import { diffSettings } from '../../../src-shared/settings-diff';
import {
  pickSettings,
  type SessionSettings,
  type SettingsField,
} from '../../../src-shared/settings';
import { mapBounded } from '../support/bounded';
import { DEFAULT_FLEET_DEADLINE_MS } from '../../../src-shared/fleet-contract';
import { toAppError } from '../support/core-error';
import { Deadline } from './deadline';
import type { EventBus } from '../support/event-bus';
import type { ProfileStore } from '../profiles/profile-store';
import type { ServerRegistry, StoredServer } from '../registry/server-registry';
import { serverProblem } from './server-problem';
import type { SettingsGateway } from '../settings/settings-gateway';

/** The collaborators of the fleet's reads (snapshot and plan). */
export interface FleetDependencies {
  registry: ServerRegistry;
  /** Every read of a server's settings goes through it. */
  gateway: SettingsGateway;
  profiles: ProfileStore;
  bus: EventBus;
  clock: () => number;
  /** How many servers are read or written at once unless a request says otherwise. */
  concurrency: number;
  /** How long one refresh or plan may take in all (default DEFAULT_FLEET_DEADLINE_MS). */
  deadlineMs?: number;
}

/** The deadline of one fleet read (a refresh or a plan), started now. */
export function readDeadline(deps: Pick<FleetDependencies, 'deadlineMs'>): Deadline {
  return new Deadline(deps.deadlineMs ?? DEFAULT_FLEET_DEADLINE_MS);
}

/** Counts the answers of a run and pushes each as `events:fleet-progress` (n of `total`). */
export function progressOf(
  bus: EventBus,
  runId: string,
  total: number,
): (item: FleetProgressItem) => void {
  let done = 0;
  return (item) => {
    done += 1;
    bus.emit('events:fleet-progress', { runId, done, total, ...item });
  };
}

/** The profile a server follows and the drift accepted on it, as a run read them once. */
export interface Followed {
  profile: Profile;
  exceptions: FieldExceptions | undefined;
}

/**
 * Reads one server's settings into its fleet row (never throws), compared with the profile it
 * follows if any; once `deadline` passes, the row says "no answer in time".
 */
export async function readRow(
  deps: Pick<FleetDependencies, 'gateway' | 'clock'>,
  server: StoredServer,
  followed: Followed | undefined,
  deadline: Deadline,
): Promise<FleetRow> {
  const profile = followed?.profile;
  const common = {
    serverId: server.id,
    name: server.name,
    environment: server.environment,
    profileId: profile?.id ?? null,
  };
  return deadline.race(readRowNow(deps, server, followed, common), () => ({
    ...common,
    fetchedAt: new Date(deps.clock()).toISOString(),
    state: 'unreachable',
    problem: {
      kind: 'unreachable',
      code: 'timeout',
      message: `No answer in time (the deadline of ${deadline.text} passed).`,
    },
  }));
}

async function readRowNow(
  deps: Pick<FleetDependencies, 'gateway' | 'clock'>,
  server: StoredServer,
  followed: Followed | undefined,
  common: Pick<FleetRow, 'serverId' | 'name' | 'environment' | 'profileId'>,
): Promise<FleetRow> {
  try {
    const { settings, canUpdate } = await deps.gateway.read(server.id);
    return {
      ...common,
      fetchedAt: new Date(deps.clock()).toISOString(),
      state: canUpdate ? 'ok' : 'read_only',
      settings,
      canUpdate,
      baselines: evaluateBaselines(settings),
      compliance: followed
        ? {
            profileId: followed.profile.id,
            profileName: followed.profile.name,
            ...profileDrift(followed.profile.settings, settings, followed.exceptions, deps.clock()),
          }
        : null,
    };
  } catch (error) {
    const problem = serverProblem(toAppError(error));
    return {
      ...common,
      fetchedAt: new Date(deps.clock()).toISOString(),
      state: problem.kind,
      problem,
    };
  }
}

/** `fleet:snapshot`. */
export class FleetSnapshots {
  constructor(private readonly deps: FleetDependencies) {}

  /** Reads every server (at most `concurrency` at once), a progress event per answer. */
  async snapshot(request: ParsedRequestOf<'fleet:snapshot'>): Promise<FleetSnapshot> {
    const runId = request?.runId ?? randomUUID();
    const startedAt = new Date(this.deps.clock()).toISOString();
    const servers = this.deps.registry.list();
    // The profiles are read once for the run (each read copies and sorts them all).
    const { assignments, exceptions } = this.deps.profiles.read();
    const profiles = new Map<string, Profile | undefined>();
    const followedBy = (serverId: string): Followed | undefined => {
      const profileId = assignments[serverId];
      if (!profileId) return undefined;
      if (!profiles.has(profileId)) profiles.set(profileId, this.deps.profiles.get(profileId));
      const profile = profiles.get(profileId);
      return profile && { profile, exceptions: exceptions?.[serverId] };
    };
    const progress = progressOf(this.deps.bus, runId, servers.length);
    const deadline = readDeadline(this.deps);
    const rows = await mapBounded(
      servers,
      request?.concurrency ?? this.deps.concurrency,
      async (server) => {
        const row = await readRow(this.deps, server, followedBy(server.id), deadline);
        progress({ operation: 'snapshot', row });
        return row;
      },
    ).finally(() => deadline.end());
    const reference = request?.reference ? this.reference(request.reference, rows) : null;
    const differing: Record<string, SettingsField[]> = {};
    if (reference?.settings) {
      for (const row of rows) {
        if (isReadRow(row))
          differing[row.serverId] = diffSettings(reference.settings, row.settings).map(
            (change) => change.field,
          );
      }
    }
    return {
      runId,
      rows,
      reference,
      differing,
      startedAt,
      finishedAt: new Date(this.deps.clock()).toISOString(),
    };
  }

  private reference(reference: FleetReference, rows: FleetRow[]): FleetSnapshot['reference'] {
    const found = (name: string, settings: SessionSettings) => ({
      reference,
      name,
      settings: pickSettings(settings),
      referenceProblem: null,
    });
    const missing = (name: string, problem: string) => ({
      reference,
      name,
      settings: null,
      referenceProblem: problem,
    });
    if (reference.kind === 'profile') {
      const profile = this.deps.profiles.get(reference.profileId);
      return profile
        ? found(profile.name, profile.settings)
        : missing('', 'That profile does not exist any more.');
    }
    const row = rows.find((candidate) => candidate.serverId === reference.serverId);
    if (!row) return missing('', 'That server is not in the list any more.');
    return isReadRow(row)
      ? found(row.name, row.settings)
      : missing(row.name, `${row.name} could not be read: ${row.problem.message}`);
  }
}
