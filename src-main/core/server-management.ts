/**
 * The saved servers themselves: list, add and edit (tested before anything is saved),
 * remove, reorder, test, and pin a certificate. Each keeps the registry, the keychain, the
 * client pool and the live status in step, and pushes the list when it changed.
 */

import { randomUUID } from 'node:crypto';
import type { ConnectionReport, Credentials, StoredSecret } from '../../src-shared/domain';
import {
  originBoundChangesSchema,
  type ParsedRequestOf,
  type ResponseOf,
  type ServerDraft,
} from '../../src-shared/ipc-contract';
import { sameAddress, sameOrigin } from '../../src-shared/origin';
import { nameKey } from '../../src-shared/server-name';
import { failServerGone, requireServer, type ClientPool } from './client-pool';
import { testConnection, testOrClose } from './connection-test';
import { CoreError, fail } from './core-error';
import type { SecretVault } from './credential-store';
import type { Logger } from './logger';
import type { ClientLimits, QuickBoxClient } from './quickbox-client';
import type { ServerRegistry } from './server-registry';
import type { ServerStatuses } from './server-statuses';
import { fetchCertificate, normalizeFingerprint } from './tls-trust';

/** The collaborators of server management. */
export interface ManagementDependencies {
  registry: ServerRegistry;
  vault: SecretVault;
  pool: ClientPool;
  statuses: ServerStatuses;
  logger: Logger;
  limits: ClientLimits;
}

/** The changes of `servers:update` if they keep credentials bound to their origin. */
function checkOriginBinding(
  currentBaseUrl: string,
  changes: ParsedRequestOf<'servers:update'>['changes'],
): ParsedRequestOf<'servers:update'>['changes'] {
  const checked = originBoundChangesSchema(currentBaseUrl).safeParse(changes);
  if (checked.success) return checked.data;
  const issues = checked.error.issues.map((issue) => ({
    path: ['changes', ...issue.path.map(String)].join('.'),
    message: issue.message,
  }));
  return fail({
    code: 'invalid_request',
    message: issues[0]?.message ?? 'The changes are not valid.',
    issues,
  });
}

function checkPinScheme(baseUrl: string, pin: string | null | undefined): void {
  if (pin && new URL(baseUrl).protocol !== 'https:') {
    fail({
      code: 'invalid_request',
      message: 'A certificate can only be pinned for an https:// address.',
      issues: [{ path: 'pinnedFingerprint', message: 'only for https:// addresses' }],
    });
  }
}

function storedSecret(credentials: Credentials): StoredSecret {
  return credentials.kind === 'account'
    ? { kind: 'account', password: credentials.password }
    : { kind: 'api_key', apiKey: credentials.apiKey };
}

/** The request channels that manage the saved servers. */
export class ServerManagement {
  constructor(private readonly deps: ManagementDependencies) {}

  /** `servers:list`. */
  list(): ResponseOf<'servers:list'> {
    return { servers: this.deps.statuses.views(), registryProblem: this.deps.registry.problem };
  }

  /** `servers:test-draft`: tests credentials that are not saved. */
  async testDraft(draft: ServerDraft): Promise<ConnectionReport> {
    const client = this.draftClient(draft);
    try {
      return await testConnection(client);
    } finally {
      await client.logout().catch(() => undefined);
      await client.close();
    }
  }

  /**
   * `servers:add`: tests, then saves the secret and the server. The secret is stored under
   * the server list's lock just before the list is written, so a listed server always has
   * its secret (another qbsc run may read the list at once), and it is removed again when
   * the list's write does not land, so no secret is left that no server names.
   */
  async add(draft: ServerDraft): Promise<ResponseOf<'servers:add'>> {
    const { registry, pool, statuses, vault } = this.deps;
    // Checked before anything is sent (and again when the server is listed).
    registry.requireFreeName(draft.name);
    const client = this.draftClient(draft);
    const report = await testOrClose(client);
    // The tested client keeps its session (an account with a one-time code stays logged in),
    // and is pooled before the server is listed: the watcher, told by the registry, then uses
    // it instead of signing in again.
    const id = randomUUID();
    await pool.adopt(id, client);
    let server;
    try {
      server = await registry.add(
        {
          name: draft.name,
          baseUrl: draft.baseUrl,
          environment: draft.environment,
          authKind: draft.credentials.kind,
          username: draft.credentials.kind === 'account' ? draft.credentials.username : null,
          pinnedFingerprint: draft.pinnedFingerprint
            ? normalizeFingerprint(draft.pinnedFingerprint)
            : null,
          expectedFingerprint: null,
        },
        id,
        {
          save: () => vault.save(id, storedSecret(draft.credentials)),
          undo: () => this.forgetSecret(id),
        },
      );
    } catch (error) {
      await pool.drop(id);
      throw error;
    }
    statuses.fromReport(id, report);
    this.deps.logger.info('servers: added', { id, authKind: server.authKind });
    statuses.publish();
    return { server: statuses.view(server), connection: report };
  }

  /**
   * `servers:update`: new credentials or a new address are tested before anything is saved.
   * Credentials are bound to their origin: a new scheme, host or port needs credentials typed
   * for it (the stored ones are never sent there) and drops the pin of the old address.
   */
  async update(request: ParsedRequestOf<'servers:update'>): Promise<ResponseOf<'servers:update'>> {
    const { registry, pool, statuses } = this.deps;
    const server = requireServer(registry, request.id);
    const changes = checkOriginBinding(server.baseUrl, request.changes);
    if (changes.name !== undefined && nameKey(changes.name) !== nameKey(server.name)) {
      registry.requireFreeName(changes.name, 'changes.name', server.id);
    }
    const newOrigin = changes.baseUrl !== undefined && !sameOrigin(changes.baseUrl, server.baseUrl);
    const pin = newOrigin
      ? changes.pinnedFingerprint
        ? normalizeFingerprint(changes.pinnedFingerprint)
        : null
      : server.pinnedFingerprint;
    let connection: ConnectionReport | null = null;
    let client: QuickBoxClient | null = null;
    const baseUrl = changes.baseUrl ?? server.baseUrl;
    if (changes.credentials || (changes.baseUrl && !sameAddress(changes.baseUrl, server.baseUrl))) {
      // Stored credentials only ever go back to their own origin (checked above).
      const credentials = changes.credentials ?? (await pool.credentialsOf(server));
      checkPinScheme(baseUrl, pin);
      client = pool.newClient({ baseUrl, pinnedFingerprint: pin }, credentials);
      connection = await testOrClose(client);
      if (changes.credentials) {
        try {
          await this.deps.vault.save(server.id, storedSecret(changes.credentials));
        } catch (error) {
          await client.close();
          throw error;
        }
      }
    }
    const updated = await registry.update(server.id, {
      ...(changes.name !== undefined ? { name: changes.name } : {}),
      ...(changes.environment !== undefined ? { environment: changes.environment } : {}),
      baseUrl,
      ...(newOrigin ? { pinnedFingerprint: pin, expectedFingerprint: null } : {}),
      ...(changes.credentials
        ? {
            authKind: changes.credentials.kind,
            username: changes.credentials.kind === 'account' ? changes.credentials.username : null,
          }
        : {}),
    });
    if (!updated) {
      // Removed while the new credentials were being tested: what this edit made goes too.
      await client?.close();
      if (changes.credentials) await this.deps.vault.remove(server.id);
      failServerGone();
    }
    if (client) await pool.adopt(server.id, client);
    else if (changes.baseUrl) await pool.drop(server.id);
    if (connection) statuses.fromReport(server.id, connection);
    statuses.publish();
    return { server: statuses.view(updated), connection };
  }

  /** `servers:remove`: the secret first, so a keychain failure leaves nothing orphaned. */
  async remove(id: string): Promise<ResponseOf<'servers:remove'>> {
    const { registry, pool, statuses } = this.deps;
    requireServer(registry, id);
    await pool.whileRemoving(id, async () => {
      await this.deps.vault.remove(id);
      await pool.retire(id);
      await registry.remove(id);
    });
    statuses.forget(id);
    this.deps.logger.info('servers: removed', { id });
    statuses.publish();
    return { removed: true };
  }

  /** `servers:reorder`. */
  async reorder(ids: string[]): Promise<ResponseOf<'servers:reorder'>> {
    if (!(await this.deps.registry.reorder(ids))) {
      fail({
        code: 'invalid_request',
        message: 'The new order must name every server exactly once.',
        issues: [{ path: 'ids', message: 'must name every server exactly once' }],
      });
    }
    this.deps.statuses.publish();
    return { servers: this.deps.statuses.views() };
  }

  /** `servers:test`: the admin's own request, so one sign-in is tried even after a refusal. */
  async test(id: string): Promise<ResponseOf<'servers:test'>> {
    const { registry, pool, statuses } = this.deps;
    pool.allowSignIn(id);
    const connection = await pool.withServer(id, (client) => testConnection(client));
    statuses.fromReport(id, connection);
    return { server: statuses.view(requireServer(registry, id)), connection };
  }

  /** `servers:pin-certificate`: pins only what the server presents now. */
  /**
   * `servers:mark-read`: the admin has seen the server's mass logouts. The only way an unread
   * count goes down (listing sessions or any other call leaves it as it is).
   */
  markRead(id: string): ResponseOf<'servers:mark-read'> {
    requireServer(this.deps.registry, id);
    this.deps.statuses.markRead(id);
    return { read: true };
  }

  async pinCertificate(
    id: string,
    fingerprint: string,
  ): Promise<ResponseOf<'servers:pin-certificate'>> {
    const server = requireServer(this.deps.registry, id);
    checkPinScheme(server.baseUrl, fingerprint);
    const certificate = await fetchCertificate(
      server.baseUrl,
      this.deps.limits.connectMs,
      this.deps.limits.proxyFor,
    );
    if (!certificate) {
      fail({
        code: 'unreachable',
        message: "The server's certificate could not be fetched to check it.",
      });
    }
    const wanted = normalizeFingerprint(fingerprint);
    if (certificate.fingerprint256 !== wanted) {
      fail({
        code: 'tls_pin_mismatch',
        message:
          'The server now presents a different certificate from the one you looked at. Look at the new one before you pin it.',
        expectedFingerprint: wanted,
        certificate,
      });
    }
    // The admin's confirmation is the only way a pin is made; an imported expectation ends here.
    const updated = await this.deps.registry.update(id, {
      pinnedFingerprint: wanted,
      expectedFingerprint: null,
    });
    if (!updated) failServerGone();
    await this.deps.pool.drop(id);
    this.deps.statuses.set(id, 'unknown', null);
    this.deps.logger.info('servers: certificate pinned', { id, fingerprint: wanted });
    return { server: this.deps.statuses.view(updated) };
  }

  /** Removes the secret of a server that was not added; a keychain failure is logged. */
  private async forgetSecret(id: string): Promise<void> {
    try {
      await this.deps.vault.remove(id);
    } catch (error) {
      this.deps.logger.error('servers: the secret of a server that was not added is left', {
        id,
        code: error instanceof CoreError ? error.appError.code : null,
      });
    }
  }

  /** A client for a draft's address, pin (checked against the scheme) and credentials. */
  private draftClient(draft: ServerDraft): QuickBoxClient {
    checkPinScheme(draft.baseUrl, draft.pinnedFingerprint);
    return this.deps.pool.newClient(
      { baseUrl: draft.baseUrl, pinnedFingerprint: draft.pinnedFingerprint ?? null },
      draft.credentials,
    );
  }
}
