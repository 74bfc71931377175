/**
 * The profile channels: create a profile from a server's settings or from typed settings,
 * change, rename, duplicate and delete it, and assign it to servers (at most one each). A
 * profile is always complete, valid settings: errors refuse, advice comes back.
 */

import { randomUUID } from 'node:crypto';
import type { ParsedRequestOf, ResponseOf } from '../../src-shared/ipc-contract';
import type { Profile } from '../../src-shared/fleet';
import {
  pickSettings,
  validateSettings,
  type SessionSettings,
  type SettingsIssue,
} from '../../src-shared/settings';
import type { ClientPool } from './client-pool';
import { requireServer } from './client-pool';
import { fail } from './core-error';
import type { Logger } from './logger';
import { nameKey, type ProfilesState, type ProfileStore } from './profile-store';
import type { ServerRegistry } from './server-registry';
import { plural } from '../../src-shared/plural';

/** Fails with not_found for a profile that is not (or no longer) there. */
export function failProfileGone(): never {
  return fail({
    code: 'not_found',
    message: 'That profile does not exist any more.',
    what: 'profile',
  });
}

/** Valid settings, or invalid_settings naming every error (nothing is saved). */
export function requireValidSettings(input: unknown): {
  settings: SessionSettings;
  advice: SettingsIssue[];
} {
  const { errors, advice } = validateSettings(input);
  if (errors.length > 0) {
    fail({
      code: 'invalid_settings',
      message: `The settings have ${plural(errors.length, 'error')}; the profile was not saved.`,
      errors,
    });
  }
  return { settings: pickSettings(input as SessionSettings), advice };
}

function refuseTakenName(state: ProfilesState, name: string, exceptId?: string): void {
  const taken = state.profiles.some(
    (profile) => profile.id !== exceptId && nameKey(profile.name) === nameKey(name),
  );
  if (taken) {
    fail({
      code: 'invalid_request',
      message: `A profile named "${name.trim()}" already exists; choose another name.`,
      issues: [{ path: 'name', message: 'already taken' }],
    });
  }
}

function indexOf(state: ProfilesState, id: string): number {
  const index = state.profiles.findIndex((profile) => profile.id === id);
  return index === -1 ? failProfileGone() : index;
}

/** The collaborators of the profile channels. */
export interface ProfileDependencies {
  profiles: ProfileStore;
  registry: ServerRegistry;
  pool: ClientPool;
  logger: Logger;
  clock: () => number;
}

/** `profiles:*`. */
export class ProfileService {
  private readonly followersListeners = new Set<(serverIds: readonly string[]) => void>();

  constructor(private readonly deps: ProfileDependencies) {
    // A removed server's assignment goes with it.
    deps.registry.onChange(() => {
      void this.pruneAssignments().catch(() => undefined);
    });
  }

  /**
   * Calls `listener`, once the change is saved, with the servers whose profile changed: an
   * assignment (or its removal), an edit of the profile's settings, the profile's deletion.
   * Drift compares them again at once. Returns the function that stops it.
   */
  onFollowersChanged(listener: (serverIds: readonly string[]) => void): () => void {
    this.followersListeners.add(listener);
    return () => {
      this.followersListeners.delete(listener);
    };
  }

  /** `profiles:list`: assignments of servers that are still listed only. */
  list(): ResponseOf<'profiles:list'> {
    const { profiles, assignments } = this.deps.profiles.read();
    return { profiles, assignments: this.listed(assignments), problem: this.deps.profiles.problem };
  }

  /** `profiles:create`. */
  async create(
    request: ParsedRequestOf<'profiles:create'>,
  ): Promise<ResponseOf<'profiles:create'>> {
    const source =
      request.from.kind === 'server'
        ? await this.deps.pool.withServer(request.from.serverId, (client) => client.getSettings())
        : request.from.settings;
    const { settings, advice } = requireValidSettings(source);
    const now = this.now();
    const profile: Profile = {
      id: randomUUID(),
      name: request.name,
      settings,
      createdAt: now,
      updatedAt: now,
    };
    await this.deps.profiles.mutate((state) => {
      refuseTakenName(state, request.name);
      return { state: { ...state, profiles: [...state.profiles, profile] }, result: undefined };
    });
    this.deps.logger.info('profiles: created', { id: profile.id });
    return { profile, advice };
  }

  /** `profiles:update`: new settings, checked first. */
  async update(
    request: ParsedRequestOf<'profiles:update'>,
  ): Promise<ResponseOf<'profiles:update'>> {
    const { settings, advice } = requireValidSettings(request.settings);
    const profile = await this.change(request.id, (profile) => ({ ...profile, settings }));
    const { assignments } = this.deps.profiles.read();
    this.followersChanged(
      Object.keys(this.listed(assignments)).filter(
        (serverId) => assignments[serverId] === profile.id,
      ),
    );
    return { profile, advice };
  }

  /** `profiles:rename`. */
  async rename({
    id,
    name,
  }: ParsedRequestOf<'profiles:rename'>): Promise<ResponseOf<'profiles:rename'>> {
    return { profile: await this.change(id, (profile) => ({ ...profile, name }), name) };
  }

  /** `profiles:duplicate`: a copy named "<name> copy" (or "<name> copy 2", ...) unless named. */
  async duplicate({
    id,
    name,
  }: ParsedRequestOf<'profiles:duplicate'>): Promise<ResponseOf<'profiles:duplicate'>> {
    const now = this.now();
    const profile = await this.deps.profiles.mutate((state) => {
      const original = state.profiles[indexOf(state, id)] as Profile;
      const copyName = name ?? freeCopyName(state, original.name);
      refuseTakenName(state, copyName);
      const duplicate: Profile = {
        id: randomUUID(),
        name: copyName,
        settings: pickSettings(original.settings),
        createdAt: now,
        updatedAt: now,
      };
      return { state: { ...state, profiles: [...state.profiles, duplicate] }, result: duplicate };
    });
    return { profile };
  }

  /** `profiles:delete`: its servers follow no profile afterwards. */
  async delete({ id }: ParsedRequestOf<'profiles:delete'>): Promise<ResponseOf<'profiles:delete'>> {
    const unassigned = await this.deps.profiles.mutate((state) => {
      indexOf(state, id);
      const entries = Object.entries(state.assignments);
      const kept = entries.filter(([, profileId]) => profileId !== id);
      return {
        state: {
          ...state,
          profiles: state.profiles.filter((profile) => profile.id !== id),
          assignments: Object.fromEntries(kept),
        },
        result: entries.filter(([, profileId]) => profileId === id).map(([serverId]) => serverId),
      };
    });
    this.deps.logger.info('profiles: deleted', { id, unassigned: unassigned.length });
    this.followersChanged(unassigned);
    return { deleted: true, unassigned };
  }

  /** `profiles:assign`: a server follows one profile, or none. */
  async assign({
    serverId,
    profileId,
  }: ParsedRequestOf<'profiles:assign'>): Promise<ResponseOf<'profiles:assign'>> {
    requireServer(this.deps.registry, serverId);
    const assignments = await this.deps.profiles.mutate((state) => {
      const next = { ...state.assignments };
      if (profileId === null) {
        delete next[serverId];
      } else {
        indexOf(state, profileId);
        next[serverId] = profileId;
      }
      return { state: { ...state, assignments: next }, result: next };
    });
    this.followersChanged([serverId]);
    return { assignments: this.listed(assignments) };
  }

  private async change(
    id: string,
    edit: (profile: Profile) => Profile,
    newName?: string,
  ): Promise<Profile> {
    const updatedAt = this.now();
    return this.deps.profiles.mutate((state) => {
      const index = indexOf(state, id);
      if (newName !== undefined) refuseTakenName(state, newName, id);
      const changed = { ...edit(state.profiles[index] as Profile), updatedAt };
      const profiles = state.profiles.map((profile, at) => (at === index ? changed : profile));
      return { state: { ...state, profiles }, result: changed };
    });
  }

  private followersChanged(serverIds: readonly string[]): void {
    if (serverIds.length === 0) return;
    for (const listener of [...this.followersListeners]) {
      try {
        listener(serverIds);
      } catch (error) {
        this.deps.logger.error('profiles: a followers listener threw', {
          error: error instanceof Error ? error.message : String(error),
        });
      }
    }
  }

  private listed(assignments: Record<string, string>): Record<string, string> {
    return Object.fromEntries(
      Object.entries(assignments).filter(([serverId]) => this.deps.registry.get(serverId)),
    );
  }

  private async pruneAssignments(): Promise<void> {
    const { assignments } = this.deps.profiles.read();
    const stale = Object.keys(assignments).filter((serverId) => !this.deps.registry.get(serverId));
    if (stale.length === 0) return;
    await this.deps.profiles.mutate((state) => ({
      state: { ...state, assignments: this.listed(state.assignments) },
      result: undefined,
    }));
  }

  private now(): string {
    return new Date(this.deps.clock()).toISOString();
  }
}

/** "<name> copy", or "<name> copy 2", ... : the first that is free. */
function freeCopyName(state: ProfilesState, name: string): string {
  const base = `${name} copy`.slice(0, 100);
  const taken = new Set(state.profiles.map((profile) => nameKey(profile.name)));
  if (!taken.has(nameKey(base))) return base;
  for (let n = 2; ; n += 1) {
    const candidate = `${base.slice(0, 95)} ${n}`;
    if (!taken.has(nameKey(candidate))) return candidate;
  }
}
