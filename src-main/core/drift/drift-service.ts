/**
 * Drift from the assigned profile: the `settings.updated` events the watcher delivers for a
 * server that follows a profile are checked against that profile (the server's settings as
 * the settings gateway last saw them when that is the changed version, e.g. this app's own
 * save read back, else read again), by the one drift rule (src-shared/drift.ts). The events that came in while a check ran are checked together,
 * with one read; each drifted field is credited to the newest of them that names it
 * (drift-compare.ts), kept with since when and by whom, and a change that leaves the server
 * differing is announced once on `events:drift` (not a change that keeps it matching, nor
 * fields accepted as exceptions until their date, nor a version this app saved itself: the
 * pool hands on every version its saves produce). The last event checked and the app's own
 * versions not seen yet are kept per server, so events that come again after a restart are
 * not announced again. An assignment or a profile edit compares the profile's servers again
 * at once, without announcing. Verdicts: adopt a field into the profile, or accept it. What
 * is known of each server is kept in `drift.json` (drift-store.ts).
 */

import {
  exceptionHolds,
  withVerdict,
  type DriftVerdict,
  type ServerDrift,
} from '../../../src-shared/drift';
import type { ParsedRequestOf, ResponseOf } from '../../../src-shared/ipc-contract';
import { getField, pickSettings, setField, type SettingsField } from '../../../src-shared/settings';
import type { ClientPool } from '../registry/client-pool';
import { fail } from '../support/core-error';
import { compareDrift, type DriftOutcome, type SettingsUpdated } from './drift-compare';
import { OWN_VERSIONS_LIMIT, type DriftStore, type KeptServerDrift } from './drift-store';
import type { EventBus } from '../support/event-bus';
import type { Logger } from '../support/logger';
import { failProfileGone, type ProfileService } from '../profiles/profile-service';
import type { ProfileStore } from '../profiles/profile-store';
import type { ServerRegistry } from '../registry/server-registry';
import type { SettingsGateway } from '../settings/settings-gateway';

export { DRIFT_HISTORY_LIMIT } from './drift-compare';

/** The collaborators of drift. */
export interface DriftDependencies {
  profiles: ProfileStore;
  /** What is known of each server's drift, kept across restarts. */
  store: DriftStore;
  profileService: ProfileService;
  registry: ServerRegistry;
  pool: ClientPool;
  /** Every read of a server's settings goes through it. */
  gateway: SettingsGateway;
  bus: EventBus;
  logger: Logger;
  clock: () => number;
}

/** `drift:*`, and the drift check of every settings change the watcher sees. */
export class DriftService {
  /** One check at a time per server, in event order. */
  private readonly queues = new Map<string, Promise<void>>();
  /** The events of each server not checked yet (the next check takes them all). */
  private readonly pending = new Map<string, SettingsUpdated[]>();
  /** The settings versions this app saved, per server, whose event was not checked yet. */
  private readonly own = new Map<string, Set<number>>();
  /** Each profile's name when profiles.json last changed (to see a rename). */
  private profileNames = new Map<string, string>();

  constructor(private readonly deps: DriftDependencies) {
    deps.bus.subscribe('events:server-event', ({ serverId, event }) => {
      if (event.type !== 'settings.updated') return;
      const waiting = this.pending.get(serverId);
      if (waiting) {
        waiting.push(event);
        return;
      }
      this.pending.set(serverId, [event]);
      this.enqueue(serverId, () => this.check(serverId));
    });
    // An assignment or a profile edit: its servers are compared again at once (unannounced).
    deps.profileService.onFollowersChanged((serverIds) => {
      for (const serverId of serverIds) {
        void this.enqueue(serverId, () => this.recompute(serverId)).catch((error: unknown) => {
          deps.logger.warn('drift: could not compare a server after its profile changed', {
            serverId,
            error: error instanceof Error ? error.message : String(error),
          });
        });
      }
    });
    // A renamed profile: its servers' drift names it anew.
    this.followersOfRenamed();
    deps.profiles.onChange(() => this.publish(this.followersOfRenamed()));
    deps.pool.onSettingsSaved((serverId, version) => {
      const versions = this.ownVersions(serverId);
      versions.add(version);
      if (versions.size > OWN_VERSIONS_LIMIT) versions.delete(Math.min(...versions));
      // Kept at once: the app may close before the feed brings the event.
      if (this.deps.profiles.read().assignments[serverId])
        void this.enqueue(serverId, () => this.keepOwnVersions(serverId)).catch(() => undefined);
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
    const { settings: document } = await this.deps.gateway.read(serverId);
    const settings = setField(profile.settings, field, getField(pickSettings(document), field));
    // The verdict is written before the comparisons the update queues (else the field would
    // read as set back): the update runs in the server's own turn.
    const updated = await this.enqueue(serverId, async () => {
      const { profile: changed } = await this.deps.profileService.update({
        id: profileId,
        settings,
      });
      await this.judge(serverId, field, 'adopted', null);
      return changed;
    });
    const { assignments } = this.deps.profiles.read();
    const followers = Object.keys(assignments).filter(
      (id) => assignments[id] === profileId && this.deps.registry.get(id),
    );
    // The update compared every server of the profile again (one may now differ where it
    // matched before); a server that could not be read keeps what was known of it.
    await Promise.all(followers.map((id) => this.queues.get(id)));
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
    else this.publish([serverId]);
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

  private enqueue<T>(serverId: string, job: () => Promise<T>): Promise<T> {
    const previous = this.queues.get(serverId) ?? Promise.resolve();
    const next = previous.then(job, job);
    const kept = next.then(
      () => undefined,
      () => undefined,
    );
    this.queues.set(serverId, kept);
    void kept.finally(() => {
      if (this.queues.get(serverId) === kept) this.queues.delete(serverId);
    });
    return next;
  }

  /** Checks the server's events that came in (once each), with one read of its settings. */
  private async check(serverId: string): Promise<void> {
    const events = this.pending.get(serverId) ?? [];
    this.pending.delete(serverId);
    const fresh = events.filter((event) => isNews(event, this.deps.store.get(serverId)?.checked));
    if (fresh.length === 0) return;
    try {
      // A save of this app still in flight: its version is known once it has answered.
      await this.deps.pool.savesSettled(serverId);
      // ...and read back, so the document it saved is known without reading it again.
      await this.deps.gateway.settled(serverId);
      const outcome = await this.compare(serverId, fresh);
      if (!outcome) return;
      const seen = Math.max(...fresh.map((event) => event.data.version));
      const versions = this.ownVersions(serverId);
      for (const version of versions) if (version <= seen) versions.delete(version);
      await this.keep(serverId, outcome.kept);
      const server = this.deps.registry.get(serverId);
      if (!server) return;
      for (const { event, fields } of outcome.announcements) {
        this.deps.bus.emit('events:drift', {
          serverId,
          serverName: server.name,
          environment: server.environment,
          profileId: outcome.profileId,
          profileName: outcome.profileName,
          fields,
          actor: event.actor,
          at: event.at,
          eventId: event.id,
        });
      }
    } catch (error) {
      // The server could not be read now: its drift is found at the next change or refresh.
      this.deps.logger.warn('drift: could not compare a changed server with its profile', {
        serverId,
        error: error instanceof Error ? error.message : String(error),
      });
    }
  }

  private async recompute(serverId: string): Promise<void> {
    const outcome = await this.compare(serverId, []);
    if (outcome) await this.keep(serverId, outcome.kept);
  }

  /** The app's own versions of a server (those kept from the last run at first). */
  private ownVersions(serverId: string): Set<number> {
    let versions = this.own.get(serverId);
    if (!versions) {
      versions = new Set(this.deps.store.get(serverId)?.ownVersions ?? []);
      this.own.set(serverId, versions);
    }
    return versions;
  }

  /** Saves the app's own versions of a server that follows a profile. */
  private async keepOwnVersions(serverId: string): Promise<void> {
    const profileId = this.deps.profiles.read().assignments[serverId];
    if (!profileId) return;
    await this.keep(
      serverId,
      this.deps.store.get(serverId) ?? { profileId, fields: [], history: [] },
      false,
    );
  }

  /**
   * Saves what is known of a server with the app's own versions not seen yet, forgetting
   * servers that follow no profile any more, and pushes its drift (unless `publish` is
   * false: only the app's own versions changed, which the window does not see).
   */
  private async keep(
    serverId: string,
    kept: KeptServerDrift | null,
    publish = true,
  ): Promise<void> {
    const { assignments } = this.deps.profiles.read();
    const ownVersions = [...this.ownVersions(serverId)].sort((a, b) => a - b);
    await this.deps.store.set(
      serverId,
      kept && { ...kept, ownVersions },
      new Set(Object.keys(assignments)),
    );
    if (publish) this.publish([serverId]);
  }

  /**
   * Pushes the drift of these servers on `drift:changed`: the view of each that follows a
   * profile (as `drift:list` gives it), the others as gone.
   */
  private publish(serverIds: readonly string[]): void {
    if (serverIds.length === 0) return;
    const { assignments } = this.deps.profiles.read();
    const follows = (serverId: string): boolean => {
      const profileId = assignments[serverId];
      return (
        profileId !== undefined &&
        this.deps.profiles.get(profileId) !== undefined &&
        this.deps.registry.get(serverId) !== undefined
      );
    };
    this.deps.bus.emit('drift:changed', {
      servers: serverIds.filter(follows).map((serverId) => this.view(serverId)),
      gone: serverIds.filter((serverId) => !follows(serverId)),
    });
  }

  /** The servers of the profiles renamed since profiles.json last changed. */
  private followersOfRenamed(): string[] {
    const { profiles, assignments } = this.deps.profiles.read();
    const before = this.profileNames;
    this.profileNames = new Map(profiles.map((profile) => [profile.id, profile.name]));
    const renamed = new Set(
      profiles
        .filter((profile) => (before.get(profile.id) ?? profile.name) !== profile.name)
        .map((profile) => profile.id),
    );
    return Object.keys(assignments).filter((serverId) => renamed.has(assignments[serverId] ?? ''));
  }

  /**
   * Reads the server and compares it with its profile after `events` (none: a comparison
   * without a change on the server); null (and forgotten) when it follows no profile.
   */
  private async compare(
    serverId: string,
    events: readonly SettingsUpdated[],
  ): Promise<(DriftOutcome & { profileId: string; profileName: string }) | null> {
    const { assignments } = this.deps.profiles.read();
    const profileId = assignments[serverId];
    const profile = profileId ? this.deps.profiles.get(profileId) : undefined;
    if (!profileId || !profile) {
      await this.keep(serverId, null);
      return null;
    }
    // After this app's own save (a panel's, an apply's): the document it read back, when the
    // newest change is that save; else, and without a change, read now.
    const newest = events.at(-1);
    const document =
      (newest && this.deps.gateway.savedAs(serverId, newest.data.version, newest.actor)) ??
      (await this.deps.gateway.read(serverId)).settings;
    const outcome = compareDrift({
      profileId,
      profileSettings: profile.settings,
      serverSettings: pickSettings(document),
      before: this.deps.store.get(serverId),
      events,
      ownVersions: this.ownVersions(serverId),
      exceptions: this.activeExceptions(serverId),
      now: new Date(this.deps.clock()).toISOString(),
    });
    return { ...outcome, profileId, profileName: profile.name };
  }

  /** The exceptions of a server whose date has not passed. */
  private activeExceptions(serverId: string): Partial<Record<SettingsField, string>> {
    const now = this.deps.clock();
    const all = this.deps.profiles.read().exceptions?.[serverId] ?? {};
    return Object.fromEntries(
      Object.entries(all).filter(([, until]) => exceptionHolds(until, now)),
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

/**
 * Whether an event was not checked yet: one of the last id checked or older and no later
 * comes again (a replay after a restart); a later one with an old id is of a feed that
 * started again (a rebuilt database).
 */
function isNews(event: SettingsUpdated, checked: KeptServerDrift['checked']): boolean {
  if (!checked || event.id > checked.eventId) return true;
  return Date.parse(event.at) > Date.parse(checked.at);
}
