/**
 * The fleet file: one versioned JSON file with the servers (as the server list exports them,
 * never a secret), the profiles and the assignments. Reading one checks, in order, its size,
 * that it is JSON, its format tag and version, then each entry on its own; a file refused at
 * any of the first steps changes nothing, and says why.
 */

import { z } from 'zod';
import { FLEET_FILE_MAX_BYTES } from '../../../src-shared/fleet-contract';
import { fail } from '../support/core-error';

/** The format tag of a fleet file. */
export const FLEET_FORMAT = 'quickbox-session-companion/fleet';
/** The version this app writes and reads. */
export const FLEET_VERSION = 1;

/** A profile as the fleet file holds it (no id: names identify profiles across computers). */
export const fleetProfileSchema = z.strictObject({
  name: z.string().trim().min(1).max(100),
  settings: z.unknown(),
});

/** An assignment: the server (by address and user) follows the profile (by name). */
export const fleetAssignmentSchema = z.strictObject({
  baseUrl: z.string().max(2048),
  username: z.string().max(200).nullable(),
  profile: z.string().trim().min(1).max(100),
});

const fleetFileSchema = z.object({
  format: z.literal(FLEET_FORMAT),
  version: z.literal(FLEET_VERSION),
  servers: z.array(z.unknown()).max(1000),
  profiles: z.array(z.unknown()).max(1000),
  assignments: z.array(z.unknown()).max(10_000),
});

/** The entries of a fleet file that passed the file-level checks (each still unchecked). */
export type FleetFileEntries = Pick<
  z.infer<typeof fleetFileSchema>,
  'servers' | 'profiles' | 'assignments'
>;

function refuse(message: string, detail: string): never {
  return fail({ code: 'invalid_request', message, issues: [{ path: 'json', message: detail }] });
}

/** Checks a fleet file's size, JSON, format and version; its entries, or a clear refusal. */
export function readFleetFile(json: string): FleetFileEntries {
  const bytes = new TextEncoder().encode(json).length;
  if (bytes > FLEET_FILE_MAX_BYTES) {
    refuse(
      `The file is ${(bytes / 1024 / 1024).toFixed(1)} MiB; a fleet file is at most 5 MiB. Nothing was imported.`,
      'over 5 MiB',
    );
  }
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    refuse('The file is not valid JSON. Nothing was imported.', 'not valid JSON');
  }
  const header = value as { format?: unknown; version?: unknown } | null;
  if (typeof header !== 'object' || header === null || header.format !== FLEET_FORMAT) {
    refuse(
      'The file is not a fleet file exported by this app (its format tag is missing or different). Nothing was imported.',
      `format must be "${FLEET_FORMAT}"`,
    );
  }
  if (typeof header.version === 'number' && header.version > FLEET_VERSION) {
    refuse(
      `The file was written by a newer version of the app (fleet file version ${header.version}); this version reads version ${FLEET_VERSION}. Nothing was imported.`,
      'newer version',
    );
  }
  const file = fleetFileSchema.safeParse(value);
  if (!file.success) {
    const issue = file.error.issues[0];
    const where = issue ? `${issue.path.join('.') || 'file'}: ${issue.message}` : 'unknown';
    refuse(
      `The fleet file does not have the expected shape (${where}). Nothing was imported.`,
      where,
    );
  }
  const { servers, profiles, assignments } = file.data;
  return { servers, profiles, assignments };
}

/** The fleet file's text: two-space JSON in a fixed key order. */
export function writeFleetFile(contents: {
  exportedAt: string;
  servers: unknown[];
  profiles: z.infer<typeof fleetProfileSchema>[];
  assignments: z.infer<typeof fleetAssignmentSchema>[];
}): string {
  return `${JSON.stringify(
    {
      format: FLEET_FORMAT,
      version: FLEET_VERSION,
      exportedAt: contents.exportedAt,
      servers: contents.servers,
      profiles: contents.profiles,
      assignments: contents.assignments,
    },
    null,
    2,
  )}\n`;
}
