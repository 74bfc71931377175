/**
 * Export and import of the whole fleet (servers, profiles, assignments) through the fleet
 * file. An import is previewed first: the servers it adds (existing ones are kept as they
 * are), the profiles it adds or replaces (by name) and the assignments it sets, and what it
 * refuses and why. Applying works the preview out again against the current lists, adds the
 * servers through the server list's own import (no credentials, no pin), then the profiles
 * and assignments in one write.
 */

import { randomUUID } from 'node:crypto';
import type { FleetImportPreview, Profile } from '../../../src-shared/fleet';
import type { ResponseOf } from '../../../src-shared/ipc-contract';
import { diffSettings } from '../../../src-shared/settings-diff';
import { pickSettings, validateSettings, type SessionSettings } from '../../../src-shared/settings';
import {
  fleetAssignmentSchema,
  fleetProfileSchema,
  readFleetFile,
  writeFleetFile,
} from './fleet-file';
import { nameKey, type ProfileStore } from '../profiles/profile-store';
import type { ServerRegistry } from '../registry/server-registry';
import { sameServer, type ExportedServer, type ServerTransfer } from '../registry/server-transfer';

/** The collaborators of the fleet file. */
export interface FleetTransferDependencies {
  registry: ServerRegistry;
  transfer: ServerTransfer;
  profiles: ProfileStore;
  clock: () => number;
}

/** What an import would do, with what applying it needs. */
interface WorkedOut {
  preview: FleetImportPreview;
  servers: ExportedServer[];
  /** Profiles to add (new) or replace (existing id), by name key. */
  profiles: Map<string, { name: string; settings: SessionSettings; existingId: string | null }>;
  /** Server (address and user) -> profile name key. */
  assignments: { server: { baseUrl: string; username: string | null }; profileKey: string }[];
}

function entryName(entry: unknown, fallback: string): string {
  const name = (entry as { name?: unknown } | null)?.name;
  return typeof name === 'string' ? name.slice(0, 100) : fallback;
}

/** `fleet:export`, `fleet:import-preview` and `fleet:import-apply`. */
export class FleetTransfer {
  constructor(private readonly deps: FleetTransferDependencies) {}

  /** `fleet:export`: no secret, profiles by name, assignments by server address and user. */
  export(): ResponseOf<'fleet:export'> {
    const { profiles, assignments } = this.deps.profiles.read();
    const byId = new Map(profiles.map((profile) => [profile.id, profile]));
    const servers = this.deps.transfer.exportedServers();
    const assigned = this.deps.registry.list().flatMap((server) => {
      const profile = byId.get(assignments[server.id] ?? '');
      return profile
        ? [{ baseUrl: server.baseUrl, username: server.username, profile: profile.name }]
        : [];
    });
    const json = writeFleetFile({
      exportedAt: new Date(this.deps.clock()).toISOString(),
      servers,
      profiles: profiles.map((profile) => ({
        name: profile.name,
        settings: pickSettings(profile.settings),
      })),
      assignments: assigned,
    });
    return {
      json,
      servers: servers.length,
      profiles: profiles.length,
      assignments: assigned.length,
    };
  }

  /** `fleet:import-preview`: nothing changes. */
  preview(json: string): FleetImportPreview {
    return this.workOut(json).preview;
  }

  /** `fleet:import-apply`: what the preview says, worked out again now. */
  async apply(json: string): Promise<ResponseOf<'fleet:import-apply'>> {
    const worked = this.workOut(json);
    const added = await this.deps.transfer.addReviewed(worked.servers);
    const now = new Date(this.deps.clock()).toISOString();
    const serverIds = [...added, ...this.deps.registry.list()];
    const profiles = await this.deps.profiles.mutate((state) => {
      const ids = new Map<string, string>();
      let next = [...state.profiles];
      const touched: Profile[] = [];
      for (const [key, incoming] of worked.profiles) {
        const current = next.find((profile) => profile.id === incoming.existingId);
        const profile: Profile = current
          ? { ...current, settings: incoming.settings, updatedAt: now }
          : {
              id: randomUUID(),
              name: incoming.name,
              settings: incoming.settings,
              createdAt: now,
              updatedAt: now,
            };
        next = current
          ? next.map((each) => (each.id === profile.id ? profile : each))
          : [...next, profile];
        ids.set(key, profile.id);
        touched.push(profile);
      }
      for (const profile of next) {
        if (!ids.has(nameKey(profile.name))) ids.set(nameKey(profile.name), profile.id);
      }
      const assignments = { ...state.assignments };
      for (const { server, profileKey } of worked.assignments) {
        const target = serverIds.find((candidate) => sameServer(candidate, server));
        const profileId = ids.get(profileKey);
        if (target && profileId) assignments[target.id] = profileId;
      }
      return { state: { ...state, profiles: next, assignments }, result: touched };
    });
    return { ...worked.preview, added, savedProfiles: profiles };
  }

  private workOut(json: string): WorkedOut {
    const file = readFleetFile(json);
    const reviewed = this.deps.transfer.review(file.servers);
    const current = this.deps.profiles.read();
    const preview: FleetImportPreview = {
      servers: {
        add: reviewed.accepted.map(({ name, baseUrl, environment }) => ({
          name,
          baseUrl,
          environment,
        })),
        existing: reviewed.existing.map(({ name, baseUrl }) => ({ name, baseUrl })),
        refused: reviewed.refused,
      },
      profiles: { add: [], replace: [], refused: [] },
      assignments: { set: [], refused: [] },
    };
    const profiles: WorkedOut['profiles'] = new Map();
    file.profiles.forEach((entry, index) => {
      const name = entryName(entry, `profile ${index + 1}`);
      const parsed = fleetProfileSchema.safeParse(entry);
      if (!parsed.success) {
        preview.profiles.refused.push({ name, reason: 'not valid: it needs a name and settings' });
        return;
      }
      const key = nameKey(parsed.data.name);
      const { errors } = validateSettings(parsed.data.settings);
      if (errors.length > 0) {
        preview.profiles.refused.push({ name, reason: `invalid settings: ${errors[0]?.message}` });
        return;
      }
      if (profiles.has(key)) {
        preview.profiles.refused.push({ name, reason: 'the file has two profiles of this name' });
        return;
      }
      const settings = pickSettings(parsed.data.settings as SessionSettings);
      const existing = current.profiles.find((profile) => nameKey(profile.name) === key);
      profiles.set(key, { name: parsed.data.name, settings, existingId: existing?.id ?? null });
      if (existing) {
        preview.profiles.replace.push({
          name: existing.name,
          changes: diffSettings(existing.settings, settings),
        });
      } else {
        preview.profiles.add.push({ name: parsed.data.name });
      }
    });
    const assignments = this.workOutAssignments(
      file.assignments,
      reviewed.accepted,
      profiles,
      preview,
    );
    return { preview, servers: reviewed.accepted, profiles, assignments };
  }

  private workOutAssignments(
    entries: unknown[],
    newServers: ExportedServer[],
    incoming: WorkedOut['profiles'],
    preview: FleetImportPreview,
  ): WorkedOut['assignments'] {
    const { profiles, assignments } = this.deps.profiles.read();
    const listed = this.deps.registry.list();
    const chosen: WorkedOut['assignments'] = [];
    entries.forEach((entry, index) => {
      const parsed = fleetAssignmentSchema.safeParse(entry);
      const refuse = (server: string, profile: string, reason: string): void => {
        preview.assignments.refused.push({ server, profile, reason });
      };
      if (!parsed.success) {
        refuse(`assignment ${index + 1}`, '', 'not valid: it needs baseUrl, username and profile');
        return;
      }
      const { profile } = parsed.data;
      const key = nameKey(profile);
      const existing = listed.find((server) => sameServer(server, parsed.data));
      const server = existing ?? newServers.find((each) => sameServer(each, parsed.data));
      if (!server) {
        refuse(parsed.data.baseUrl, profile, 'no such server in the list or in the file');
        return;
      }
      if (!incoming.has(key) && !profiles.some((each) => nameKey(each.name) === key)) {
        refuse(server.name, profile, 'no profile of this name in the file or on this computer');
        return;
      }
      if (chosen.some((each) => sameServer(each.server, parsed.data))) {
        refuse(server.name, profile, 'the file assigns this server twice');
        return;
      }
      const previousId = existing ? assignments[existing.id] : undefined;
      const previous = profiles.find((each) => each.id === previousId)?.name ?? null;
      chosen.push({ server: parsed.data, profileKey: key });
      preview.assignments.set.push({ server: server.name, profile, previous });
    });
    return chosen;
  }
}
