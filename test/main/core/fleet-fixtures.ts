/**
 * Arrangements of the fleet tests: several seeded reference servers at once, each with its
 * own settings, and "another admin" who changes one of them behind the app's back (over
 * plain HTTP with the server's write key, as a script or a dashboard would).
 */

import { afterAll, beforeAll } from 'vitest';
import type { RunningReferenceServer } from '../../../server/index';
import type { SessionSettings, SessionSettingsDocument } from '../../../src-shared/settings';
import { removeAll, startSeededServer, type Secrets } from './fixtures';

/** One running reference server of a fleet test. */
export interface FleetMember {
  server: RunningReferenceServer;
  secrets: Secrets;
}

/** Starts one seeded server per entry (in parallel), closed and removed after the file. */
export function useFleet(settings: Record<string, SessionSettings>): {
  member(name: string): FleetMember;
  /** Puts every server back to its initial settings (a test's changes go). */
  reset(): Promise<void>;
  folders: string[];
} {
  const members = new Map<string, FleetMember>();
  const folders: string[] = [];
  beforeAll(async () => {
    await Promise.all(
      Object.entries(settings).map(async ([name, values]) => {
        const started = await startSeededServer({ name, settings: values });
        folders.push(started.dataDir);
        members.set(name, { server: started.server, secrets: started.secrets });
      }),
    );
  });
  afterAll(async () => {
    await Promise.all([...members.values()].map((member) => member.server.close()));
    await removeAll(folders);
  });
  return {
    member(name) {
      const member = members.get(name);
      if (!member) throw new Error(`no fleet member ${name}`);
      return member;
    },
    async reset() {
      await Promise.all(
        Object.entries(settings).map(async ([name, values]) => {
          const member = members.get(name);
          if (member) await changeBehindTheAppsBack(member, () => values);
        }),
      );
    },
    folders,
  };
}

/** A server's settings as its write key reads them (not through the app). */
export async function readDirectly(member: FleetMember): Promise<SessionSettingsDocument> {
  const reply = await fetch(`${member.server.url}/api/settings/sessions`, {
    headers: { 'x-api-key': member.secrets.readKey },
  });
  if (!reply.ok) throw new Error(`GET settings answered ${reply.status}`);
  return (await reply.json()) as SessionSettingsDocument;
}

/** Another admin changes a server's settings (with its write key): the new document. */
export async function changeBehindTheAppsBack(
  member: FleetMember,
  edit: (settings: SessionSettings) => SessionSettings,
): Promise<SessionSettingsDocument> {
  const current = await readDirectly(member);
  const { version: _version, updatedAt: _updatedAt, updatedBy: _updatedBy, ...settings } = current;
  const reply = await fetch(`${member.server.url}/api/settings/sessions`, {
    method: 'PUT',
    headers: {
      'x-api-key': member.secrets.writeKey,
      'content-type': 'application/json',
      'if-match': `"${current.version}"`,
    },
    body: JSON.stringify(edit(settings)),
  });
  if (!reply.ok) throw new Error(`PUT settings answered ${reply.status}`);
  return (await reply.json()) as SessionSettingsDocument;
}
