/**
 * Export and import of the server list: a versioned JSON file that holds no secret. An
 * import takes each entry on its own (invalid ones and duplicates are skipped with the
 * reason), never pins a certificate (nobody has looked at it on this computer yet), and
 * leaves the imported servers without credentials until the admin sets them.
 */

import { z } from 'zod';
import {
  fingerprintSchema,
  serverDraftSchema,
  type ResponseOf,
} from '../../src-shared/ipc-contract';
import { fail } from './core-error';
import { sameAddress } from './server-management';
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
type ExportedServer = z.infer<typeof exportedServerSchema>;

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
    // The field keeps its name so that every exported file imports anywhere; an import takes
    // it as the expected fingerprint only (an unreviewed expectation is passed on as it is).
    // Typed by the import's schema, so that an export always imports.
    const servers = this.deps.registry.list().map((server): ExportedServer => ({
      ...describeServer(server),
      pinnedFingerprint: server.pinnedFingerprint ?? server.expectedFingerprint,
    }));
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
    const { accepted, skipped } = this.sort(file.data.servers);
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
    return { added: added.map((server) => this.deps.statuses.view(server)), skipped };
  }

  /** The entries to add, and the ones skipped with the reason. */
  private sort(entries: unknown[]): {
    accepted: ExportedServer[];
    skipped: { name: string; reason: string }[];
  } {
    const existing = this.deps.registry.list();
    const skipped: { name: string; reason: string }[] = [];
    const accepted: ExportedServer[] = [];
    entries.forEach((entry, index) => {
      const parsed = exportedServerSchema.safeParse(entry);
      const rawName = (entry as { name?: unknown } | null)?.name;
      const name = typeof rawName === 'string' ? rawName.slice(0, 100) : `entry ${index + 1}`;
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        skipped.push({
          name,
          reason: `not valid: ${issue ? `${issue.path.join('.') || 'entry'} ${issue.message}` : 'unknown'}`,
        });
        return;
      }
      const server = parsed.data;
      if (server.authKind === 'account' && server.username === null) {
        skipped.push({ name, reason: 'not valid: an account server needs a username' });
        return;
      }
      const duplicate = [...existing, ...accepted].some(
        (other) => sameAddress(other.baseUrl, server.baseUrl) && other.username === server.username,
      );
      if (duplicate) {
        skipped.push({ name, reason: 'already in the list (same address and user)' });
        return;
      }
      accepted.push(server);
    });
    return { accepted, skipped };
  }
}
