/**
 * Export and import of the server list: a versioned JSON file that holds no secret. An
 * import takes each entry on its own (invalid ones and duplicates are skipped with the
 * reason), never pins a certificate (nobody has looked at it on this computer yet), and
 * leaves the imported servers without credentials until the admin sets them.
 */

import { z } from 'zod';
import type { ServerView } from '../../src-shared/domain';
import {
  fingerprintSchema,
  serverDraftSchema,
  type ResponseOf,
} from '../../src-shared/ipc-contract';
import { nameKey } from '../../src-shared/server-name';
import { fail } from './core-error';
import { sameAddress } from '../../src-shared/origin';
import type { ServerRegistry } from './server-registry';
import { describeServer, type ServerStatuses } from './server-statuses';
import { normalizeFingerprint } from './tls-trust';

/** The format tag of an exported server list. */
export const EXPORT_FORMAT = 'quickbox-session-companion/servers';

const exportedServerSchema = z.strictObject({
  name: serverDraftSchema.shape.name,
  baseUrl: serverDraftSchema.shape.baseUrl,
  environment: serverDraftSchema.shape.environment,
  authKind: z.enum(['account', 'api_key']),
  username: z.string().trim().min(1).max(200).nullable(),
  pinnedFingerprint: fingerprintSchema.nullable(),
});

/** A server as an export writes it and an import reads it. */
export type ExportedServer = z.infer<typeof exportedServerSchema>;

/** Exported entries sorted for an import (see `ServerTransfer.review`). */
export interface ReviewedServers {
  accepted: ExportedServer[];
  /** Already listed (same address and user), or earlier in the same file. */
  existing: ExportedServer[];
  refused: { name: string; reason: string }[];
}

const exportFileSchema = z.object({
  format: z.literal(EXPORT_FORMAT),
  version: z.literal(1),
  servers: z.array(z.unknown()).max(1000),
});

/** The collaborators of export and import. */
export interface TransferDependencies {
  registry: ServerRegistry;
  statuses: ServerStatuses;
  clock: () => number;
}

/** `servers:export` and `servers:import`. */
export class ServerTransfer {
  constructor(private readonly deps: TransferDependencies) {}

  /** `servers:export`: the list without any secret. */
  export(): ResponseOf<'servers:export'> {
    const servers = this.exportedServers();
    const json = JSON.stringify(
      {
        format: EXPORT_FORMAT,
        version: 1,
        exportedAt: new Date(this.deps.clock()).toISOString(),
        servers,
      },
      null,
      2,
    );
    return { json, count: servers.length };
  }

  /** Every server as an export writes it (no secret); the fleet file holds the same entries. */
  exportedServers(): ExportedServer[] {
    // The field keeps its name so that every exported file imports anywhere; an import takes
    // it as the expected fingerprint only (an unreviewed expectation is passed on as it is).
    // Typed by the import's schema, so that an export always imports.
    return this.deps.registry.list().map((server): ExportedServer => ({
      ...describeServer(server),
      pinnedFingerprint: server.pinnedFingerprint ?? server.expectedFingerprint,
    }));
  }

  /** `servers:import`: each entry validated on its own; imported servers have no secret yet. */
  async import(json: string): Promise<ResponseOf<'servers:import'>> {
    let parsedJson: unknown;
    try {
      parsedJson = JSON.parse(json);
    } catch {
      fail({
        code: 'invalid_request',
        message: 'The file is not valid JSON.',
        issues: [{ path: 'json', message: 'not valid JSON' }],
      });
    }
    const file = exportFileSchema.safeParse(parsedJson);
    if (!file.success) {
      fail({
        code: 'invalid_request',
        message: 'The file is not a server list exported by this app.',
        issues: file.error.issues.map((issue) => ({
          path: ['json', ...issue.path].join('.'),
          message: issue.message,
        })),
      });
    }
    const { accepted, existing, refused } = this.review(file.data.servers);
    const added = await this.addReviewed(accepted);
    return { added, skipped: [...refused, ...existing.map(alreadyListed)] };
  }

  /**
   * Adds reviewed entries without credentials (they say so until the admin sets them); a
   * fingerprint in the file is kept as the expected one, never pinned.
   */
  async addReviewed(accepted: ExportedServer[]): Promise<ServerView[]> {
    const added = await this.deps.registry.addMany(
      accepted.map((server) => ({
        ...server,
        username: server.authKind === 'account' ? server.username : null,
        // Import never pins: nobody has looked at this certificate on this computer yet.
        pinnedFingerprint: null,
        expectedFingerprint: server.pinnedFingerprint
          ? normalizeFingerprint(server.pinnedFingerprint)
          : null,
      })),
    );
    for (const server of added) this.deps.statuses.markImported(server.id);
    if (added.length > 0) this.deps.statuses.publish();
    return added.map((server) => this.deps.statuses.view(server));
  }

  /**
   * Sorts exported entries, each checked on its own: the ones to add, the ones already listed
   * (same address and user, in the list or earlier in the file), the invalid ones and why.
   */
  review(entries: unknown[]): ReviewedServers {
    const listed = this.deps.registry.list();
    const refused: { name: string; reason: string }[] = [];
    const existing: ExportedServer[] = [];
    const accepted: ExportedServer[] = [];
    entries.forEach((entry, index) => {
      const parsed = exportedServerSchema.safeParse(entry);
      const rawName = (entry as { name?: unknown } | null)?.name;
      const name = typeof rawName === 'string' ? rawName.slice(0, 100) : `entry ${index + 1}`;
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        refused.push({
          name,
          reason: `not valid: ${issue ? entryProblem(issue.path, issue.message) : 'unknown'}`,
        });
        return;
      }
      const server = parsed.data;
      if (server.authKind === 'account' && server.username === null) {
        refused.push({ name, reason: 'not valid: an account server needs a username' });
        return;
      }
      const duplicate = [...listed, ...accepted].some((other) => sameServer(other, server));
      if (duplicate) {
        existing.push(server);
        return;
      }
      const key = nameKey(server.name);
      if ([...listed, ...accepted].some((other) => nameKey(other.name) === key)) {
        refused.push({
          name,
          reason: `a server in the list or earlier in the file is already named "${server.name}" (names are compared without case)`,
        });
        return;
      }
      accepted.push(server);
    });
    return { accepted, existing, refused };
  }
}

/**
 * The fields of an entry by the labels the admin sees (the app's server form, qbsc's help),
 * not by the file's keys: the reason is shown by the app's import preview and by qbsc.
 */
const ENTRY_LABELS: Record<string, string> = {
  name: 'Display name',
  baseUrl: 'Address',
  environment: 'Environment',
  authKind: 'Sign-in kind',
  username: 'Username',
  pinnedFingerprint: 'Certificate fingerprint',
};

/** "Address must be ..." (a rule's words read on from the label); "The entry: ..." otherwise. */
function entryProblem(path: readonly PropertyKey[], message: string): string {
  const key = String(path[0] ?? '');
  const label = ENTRY_LABELS[key] ?? (key === '' ? 'The entry' : `Field ${path.join('.')}`);
  return /^[a-z]/.test(message) ? `${label} ${message}` : `${label}: ${message}`;
}

/** Whether two entries are one server: the same address and user. */
export function sameServer(
  a: { baseUrl: string; username: string | null },
  b: { baseUrl: string; username: string | null },
): boolean {
  return sameAddress(a.baseUrl, b.baseUrl) && a.username === b.username;
}

function alreadyListed(server: ExportedServer): { name: string; reason: string } {
  return { name: server.name, reason: 'already in the list (same address and user)' };
}
