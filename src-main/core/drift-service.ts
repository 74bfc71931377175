/**
 * Drift from the assigned profile: each `settings.updated` event the watcher delivers for a
 * server that follows a profile is checked against that profile (the server's settings read
 * again through the pool), the server's drifted fields are kept with since when and by whom,
 * and a change that leaves the server differing is announced once on `events:drift` (not a
 * change that keeps it matching, nor fields accepted as exceptions until their date). The
 * watcher delivers each event once, across restarts too (its last event id is persisted), so
 * a drift is never announced twice. Verdicts: adopt a field into the profile, or accept it.
 * What is known of each server is kept in `drift.json` (drift-store.ts), so a drifted server
 * still shows as drifted after a restart.
 */

import {
  withVerdict,
  type DriftedField,
  type DriftRecord,
  type DriftVerdict,
  type ServerDrift,
} from '../../src-shared/drift';
import type { ParsedRequestOf, ResponseOf } from '../../src-shared/ipc-contract';
import type { QuickBoxEvent } from '../../src-shared/quickbox';
import { driftOf } from '../../src-shared/settings-diff';
import { getField, pickSettings, setField, type SettingsField } from '../../src-shared/settings';
import type { ClientPool } from './client-pool';
import { fail } from './core-error';
import type { DriftStore, KeptDriftField, KeptServerDrift } from './drift-store';
import type { EventBus } from './event-bus';
import type { Logger } from './logger';
import { failProfileGone, type ProfileService } from './profile-service';
import type { ProfileStore } from './profile-store';
import type { ServerRegistry } from './server-registry';

/** How many drift records each server keeps (newest first). */
export const DRIFT_HISTORY_LIMIT = 100;

type SettingsUpdated = Extract<QuickBoxEvent, { type: 'settings.updated' }>;

/** The collaborators of drift. */
export interface DriftDependencies {
  profiles: ProfileStore;
  /** What is known of each server's drift, kept across restarts. */
  store: DriftStore;
  profileService: ProfileService;
  registry: ServerRegistry;
  pool: ClientPool;
  bus: EventBus;
  logger: Logger;
  clock: () => number;
}

/** `drift:*`, and the drift check of every settings change the watcher sees. */
export class DriftService {
  /** One check at a time per server, in event order. */
  private readonly queues = new Map<string, Promise<void>>();

  constructor(private readonly deps: DriftDependencies) {
    deps.bus.subscribe('events:server-event', ({ serverId, event }) => {
      if (event.type === 'settings.updated')
        this.enqueue(serverId, () => this.check(serverId, event));
    });
  }

  /** Resolves when every check queued so far has finished. */
  async settled(): Promise<void> {
    await Promise.all([...this.queues.values()]);
  }

  /**
   * `drift:list`: every listed server that follows a profile, once the checks already
   * queued have finished (a renderer that saw a server's `settings.updated` gets its result).
   */
  async list(): Promise<ResponseOf<'drift:list'>> {
    await this.settled();
    const { assignments } = this.deps.profiles.read();
    return {
      servers: Object.keys(assignments)
        .filter((serverId) => this.deps.registry.get(serverId))
        .map((serverId) => this.view(serverId)),
    };
  }

  /** `drift:adopt`: the server's value into its profile; its other servers compared again. */
  async adopt({
    serverId,
    field,
  }: ParsedRequestOf<'drift:adopt'>): Promise<ResponseOf<'drift:adopt'>> {
    const profileId = this.assignedProfile(serverId);
    const profile = this.deps.profiles.get(profileId) ?? failProfileGone();
    const document = await this.deps.pool.withServer(serverId, (client) => client.getSettings());
    const settings = setField(profile.settings, field, getField(pickSettings(document), field));
    const { profile: updated } = await this.deps.profileService.update({ id: profileId, settings });
    await this.enqueue(serverId, () => this.judge(serverId, field, 'adopted', null));
    const { assignments } = this.deps.profiles.read();
    const followers = Object.keys(assignments).filter(
      (id) => assignments[id] === profileId && this.deps.registry.get(id),
    );
    // A server that cannot be read now keeps what was known of it; the others are compared
    // with the new profile (one may now differ where it matched before).
    await Promise.all(
      followers.map((id) =>
        this.enqueue(id, () => this.recompute(id)).catch((error: unknown) => {
          this.deps.logger.warn('drift: could not compare a server after adopt', {
            serverId: id,
            error: error instanceof Error ? error.message : String(error),
          });
        }),
      ),
    );
    return { profile: updated, servers: followers.map((id) => this.view(id)) };
  }

  /**
   * `drift:accept`: the server may differ in `field` until `until`, unannounced; `until:
   * null` removes the exception (the field is announced again at its next change).
   */
  async accept({
    serverId,
    field,
    until,
  }: ParsedRequestOf<'drift:accept'>): Promise<ResponseOf<'drift:accept'>> {
    if (until !== null && Date.parse(until) <= this.deps.clock()) {
      fail({
        code: 'invalid_request',
        message: 'An exception needs a date in the future.',
        issues: [{ path: 'until', message: 'must be in the future' }],
      });
    }
    await this.deps.profiles.mutate((state) => {
      if (!state.assignments[serverId]) this.failUnassigned();
      const exceptions = { ...state.exceptions };
      const fields = { ...exceptions[serverId] };
      if (until === null) delete fields[field];
      else fields[field] = until;
      exceptions[serverId] = fields;
      return { state: { ...state, exceptions }, result: undefined };
    });
    if (until !== null)
      await this.enqueue(serverId, () => this.judge(serverId, field, 'accepted', until));
    return { server: this.view(serverId) };
  }

  /** Writes the admin's verdict on a field into the server's history. */
  private async judge(
    serverId: string,
    field: SettingsField,
    kind: DriftVerdict['kind'],
    until: string | null,
  ): Promise<void> {
    const kept = this.deps.store.get(serverId);
    if (!kept) return;
    const at = new Date(this.deps.clock()).toISOString();
    const history = withVerdict(kept.history, { field, kind, at, by: null, until });
    await this.keep(serverId, { ...kept, history });
  }

  private enqueue(serverId: string, job: () => Promise<void>): Promise<void> {
    const previous = this.queues.get(serverId) ?? Promise.resolve();
    const next = previous.then(job, job);
    const kept = next.catch(() => undefined);
    this.queues.set(serverId, kept);
    void kept.finally(() => {
      if (this.queues.get(serverId) === kept) this.queues.delete(serverId);
    });
    return next;
  }

  private async check(serverId: string, event: SettingsUpdated): Promise<void> {
    try {
      const changes = await this.compare(serverId, { at: event.at, by: event.actor });
      if (!changes) return;
      const { profileName, drifted, kept } = changes;
      const changed = new Set<string>(event.data.changed);
      const made = drifted.filter((entry) => changed.has(entry.field));
      if (made.length === 0) {
        await this.keep(serverId, kept);
        return;
      }
      const announced = made.filter((entry) => entry.acceptedUntil === null);
      const fields = made.map((entry) => ({
        field: entry.field,
        from: entry.profileValue,
        to: entry.serverValue,
      }));
      const record: DriftRecord = {
        eventId: event.id,
        at: event.at,
        actor: event.actor,
        fields,
        notified: announced.length > 0,
        verdicts: [],
      };
      const history = [record, ...kept.history].slice(0, DRIFT_HISTORY_LIMIT);
      await this.keep(serverId, { ...kept, history });
      if (announced.length === 0) return;
      const server = this.deps.registry.get(serverId);
      if (!server) return;
      this.deps.bus.emit('events:drift', {
        serverId,
        serverName: server.name,
        environment: server.environment,
        profileId: changes.profileId,
        profileName,
        fields: fields.filter((change) => announced.some((entry) => entry.field === change.field)),
        actor: event.actor,
        at: event.at,
        eventId: event.id,
      });
    } catch (error) {
      // The server could not be read now: its drift is found at the next change or refresh.
      this.deps.logger.warn('drift: could not compare a changed server with its profile', {
        serverId,
        error: error instanceof Error ? error.message : String(error),
      });
    }
  }

  private async recompute(serverId: string): Promise<void> {
    const changes = await this.compare(serverId, {
      at: new Date(this.deps.clock()).toISOString(),
      by: null,
    });
    if (changes) await this.keep(serverId, changes.kept);
  }

  /** Saves what is known of a server, forgetting servers that follow no profile any more. */
  private keep(serverId: string, kept: KeptServerDrift | null): Promise<void> {
    const { assignments } = this.deps.profiles.read();
    return this.deps.store.set(serverId, kept, new Set(Object.keys(assignments)));
  }

  /**
   * Reads the server and compares it with its profile: its drifted fields, and what to keep
   * of it (not saved yet); null (and forgotten) when it follows no profile.
   */
  private async compare(
    serverId: string,
    cause: { at: string; by: string | null },
  ): Promise<{
    profileId: string;
    profileName: string;
    drifted: DriftedField[];
    kept: KeptServerDrift;
  } | null> {
    const { assignments } = this.deps.profiles.read();
    const profileId = assignments[serverId];
    const profile = profileId ? this.deps.profiles.get(profileId) : undefined;
    if (!profileId || !profile) {
      await this.keep(serverId, null);
      return null;
    }
    const document = await this.deps.pool.withServer(serverId, (client) => client.getSettings());
    const before = this.deps.store.get(serverId);
    const known = before?.profileId === profileId ? before.fields : [];
    const exceptions = this.activeExceptions(serverId);
    const drifted = driftOf(profile.settings, pickSettings(document)).map((change) => {
      const previous = known.find((entry) => entry.field === change.field);
      // The same value as before keeps its since and by; a new value is a new drift.
      const same = previous && previous.serverValue === change.to;
      return {
        field: change.field,
        profileValue: change.from,
        serverValue: change.to,
        since: same ? previous.since : cause.at,
        by: same ? previous.by : cause.by,
        acceptedUntil: exceptions[change.field] ?? null,
      };
    });
    const fields: KeptDriftField[] = drifted.map(({ acceptedUntil: _accepted, ...entry }) => entry);
    // A field that drifted and has the profile's value again was set back (by the plan of a
    // revert, or by anyone): its drift gets that verdict, unless one was given already.
    const history = known
      .filter((entry) => !drifted.some((now) => now.field === entry.field))
      .reduce(
        (records, entry) =>
          withVerdict(records, {
            field: entry.field,
            kind: 'reverted',
            at: cause.at,
            by: cause.by,
            until: null,
          }),
        before?.history ?? [],
      );
    const kept = { profileId, fields, history };
    return { profileId, profileName: profile.name, drifted, kept };
  }

  /** The exceptions of a server whose date has not passed. */
  private activeExceptions(serverId: string): Partial<Record<SettingsField, string>> {
    const now = this.deps.clock();
    const all = this.deps.profiles.read().exceptions?.[serverId] ?? {};
    return Object.fromEntries(
      Object.entries(all).filter(([, until]) => until !== undefined && Date.parse(until) > now),
    );
  }

  private view(serverId: string): ServerDrift {
    const profileId = this.assignedProfile(serverId);
    const profile = this.deps.profiles.get(profileId) ?? failProfileGone();
    const kept = this.deps.store.get(serverId);
    const exceptions = this.activeExceptions(serverId);
    const fields = kept?.profileId === profileId ? kept.fields : [];
    return {
      serverId,
      profileId,
      profileName: profile.name,
      fields: fields.map((entry) => ({ ...entry, acceptedUntil: exceptions[entry.field] ?? null })),
      history: kept?.history ?? [],
    };
  }

  private assignedProfile(serverId: string): string {
    return this.deps.profiles.read().assignments[serverId] ?? this.failUnassigned();
  }

  private failUnassigned(): never {
    return fail({
      code: 'not_found',
      message: 'That server follows no profile (assign one first).',
      what: 'profile',
    });
  }
}
