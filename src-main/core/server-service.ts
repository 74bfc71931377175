/**
 * What the handlers do, per channel: the registry, the keychain and one QuickBox client
 * per server wired together, with the live status of each server. Every method throws a
 * CoreError carrying its AppError; the handler table turns that into a Result.
 */

import { z } from 'zod';
import type { AppError } from '../../src-shared/errors';
import {
  fingerprintSchema,
  originBoundChangesSchema,
  serverDraftSchema,
  type ConnectionReport,
  type Credentials,
  type ParsedRequestOf,
  type ResponseOf,
  type ServerDraft,
  type ServerState,
  type ServerStatus,
  type ServerView,
} from '../../src-shared/ipc-contract';
import { sameOrigin } from '../../src-shared/origin';
import { PERMISSIONS } from '../../src-shared/quickbox';
import { changedFields, validateSettings, type SessionSettings } from '../../src-shared/settings';
import { CoreError, fail } from './core-error';
import type { SecretVault, StoredSecret } from './credential-store';
import type { EventBus } from './event-bus';
import type { Logger } from './logger';
import {
  QuickBoxClient,
  type ClientCredentials,
  type ClientTarget,
  type ClientLimits,
} from './quickbox-client';
import type { ServerRegistry, StoredServer } from './server-registry';
import { fetchCertificate, normalizeFingerprint } from './tls-trust';

/** The collaborators of the service. */
export interface ServiceDependencies {
  registry: ServerRegistry;
  vault: SecretVault;
  bus: EventBus;
  logger: Logger;
  clock: () => number;
  /** Timeouts, answer size cap and retries of the clients. */
  limits: ClientLimits;
}

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

const exportFileSchema = z.object({
  format: z.literal(EXPORT_FORMAT),
  version: z.literal(1),
  servers: z.array(z.unknown()).max(1000),
});

/**
 * What describes a stored server and holds no secret: what a view shows besides its id and
 * state, and all that an export writes (typed by the import's schema, so an export imports).
 */
function describeServer(server: StoredServer): z.infer<typeof exportedServerSchema> {
  return {
    name: server.name,
    baseUrl: server.baseUrl,
    environment: server.environment,
    authKind: server.authKind,
    username: server.username,
    pinnedFingerprint: server.pinnedFingerprint,
  };
}

/** Fails with not_found for a server that is not (or no longer) in the registry. */
function failServerGone(): never {
  return fail({
    code: 'not_found',
    message: 'That server is not in the list any more.',
    what: 'server',
  });
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

/** The server state an error puts a server in; null when it says nothing about the server. */
function stateForError(error: AppError): ServerState | null {
  switch (error.code) {
    case 'unreachable':
    case 'timeout':
    case 'protocol_error':
      return 'unreachable';
    case 'unauthorized':
      return error.reason === 'signed_out_elsewhere' ? 'signed_out_elsewhere' : 'auth_failed';
    case 'otp_required':
      return 'auth_failed';
    case 'tls_untrusted':
      return 'certificate_untrusted';
    case 'tls_pin_mismatch':
      return 'certificate_changed';
    case 'keychain_unavailable':
      return 'keychain_unavailable';
    case 'no_credentials':
      return 'no_credentials';
    default:
      return null;
  }
}

function clientCredentials(credentials: Credentials): ClientCredentials {
  return credentials.kind === 'account'
    ? {
        kind: 'account',
        username: credentials.username,
        password: credentials.password,
        ...(credentials.otp ? { otp: credentials.otp } : {}),
      }
    : { kind: 'api_key', apiKey: credentials.apiKey };
}

function storedSecret(credentials: Credentials): StoredSecret {
  return credentials.kind === 'account'
    ? { kind: 'account', password: credentials.password }
    : { kind: 'api_key', apiKey: credentials.apiKey };
}

/** The same address, path included (trailing slashes aside). */
function sameAddress(a: string, b: string): boolean {
  try {
    return new URL(a).href.replace(/\/+$/, '') === new URL(b).href.replace(/\/+$/, '');
  } catch {
    return false;
  }
}

/** The summary line of a connection report. */
export function connectionSummary(missing: string[], canRead: boolean): string {
  if (missing.length === 0) return 'Connected';
  if (canRead) return `Connected, read-only (missing ${missing.join(', ')})`;
  return `Connected, but cannot read session settings (missing ${missing.join(', ')})`;
}

/** The services behind every request channel. */
export class ServerService {
  private readonly clients = new Map<string, QuickBoxClient>();
  private readonly statuses = new Map<string, ServerStatus>();
  /** Servers being removed: a call that read their secret meanwhile must not make a client. */
  private readonly removing = new Set<string>();

  constructor(private readonly deps: ServiceDependencies) {}

  // Views and status ---------------------------------------------------------------------

  /** The server as the renderer sees it. */
  view(server: StoredServer): ServerView {
    return {
      id: server.id,
      ...describeServer(server),
      expectedFingerprint: server.expectedFingerprint,
      lastEventId: server.lastEventId,
      status: { ...this.status(server.id) },
    };
  }

  /** Every server, in order, as views. */
  views(): ServerView[] {
    return this.deps.registry.list().map((server) => this.view(server));
  }

  private status(id: string): ServerStatus {
    return (
      this.statuses.get(id) ?? {
        state: 'unknown',
        message: null,
        checkedAt: null,
        unreadMassLogouts: 0,
      }
    );
  }

  private emitChanged(): void {
    this.deps.bus.emit('servers:changed', { servers: this.views() });
  }

  private setStatus(id: string, state: ServerState, message: string | null): void {
    const previous = this.status(id);
    this.statuses.set(id, {
      state,
      message,
      checkedAt: new Date(this.deps.clock()).toISOString(),
      unreadMassLogouts: previous.unreadMassLogouts,
    });
    if (previous.state !== state || previous.message !== message) this.emitChanged();
  }

  /** Counts a mass logout the admin has not looked at yet (the tray shows it). */
  noteMassLogout(id: string): void {
    const previous = this.status(id);
    this.statuses.set(id, { ...previous, unreadMassLogouts: previous.unreadMassLogouts + 1 });
    this.emitChanged();
  }

  /** `servers:mark-read`: the admin has seen the server's mass logouts. */
  markRead(id: string): void {
    this.requireServer(id);
    const previous = this.status(id);
    if (previous.unreadMassLogouts === 0) return;
    this.statuses.set(id, { ...previous, unreadMassLogouts: 0 });
    this.emitChanged();
  }

  private statusFromReport(id: string, report: ConnectionReport): void {
    this.setStatus(
      id,
      report.canUpdate ? 'connected' : 'read_only',
      report.canUpdate ? null : report.summary,
    );
  }

  // Clients ------------------------------------------------------------------------------

  private newClient(target: ClientTarget, credentials: ClientCredentials): QuickBoxClient {
    return new QuickBoxClient(target, credentials, this.deps.limits, this.deps.logger);
  }

  private requireServer(id: string): StoredServer {
    return this.deps.registry.get(id) ?? failServerGone();
  }

  private async credentialsOf(server: StoredServer): Promise<ClientCredentials> {
    const secret = await this.deps.vault.load(server.id);
    if (
      !secret ||
      secret.kind !== server.authKind ||
      (secret.kind === 'account' && !server.username)
    ) {
      fail({
        code: 'no_credentials',
        message: 'No password or API key is stored for this server. Edit the server to set them.',
      });
    }
    return secret.kind === 'account'
      ? { kind: 'account', username: server.username ?? '', password: secret.password }
      : { kind: 'api_key', apiKey: secret.apiKey };
  }

  private async clientFor(server: StoredServer): Promise<QuickBoxClient> {
    const existing = this.clients.get(server.id);
    if (existing) return existing;
    const credentials = await this.credentialsOf(server);
    // Calls that arrived together all waited for the keychain: the first one to get here
    // makes the client, the others share it (each new client would log in and be leaked).
    const raced = this.clients.get(server.id);
    if (raced) return raced;
    // Removed while the keychain answered: a client now would outlive its server, unclosed.
    if (this.removing.has(server.id) || !this.deps.registry.get(server.id)) failServerGone();
    const client = this.newClient(
      { baseUrl: server.baseUrl, pinnedFingerprint: server.pinnedFingerprint },
      credentials,
    );
    this.clients.set(server.id, client);
    return client;
  }

  private async dropClient(id: string): Promise<void> {
    const client = this.clients.get(id);
    this.clients.delete(id);
    await client?.close();
  }

  /** Runs a call against a saved server, keeping its status in step with the outcome. */
  private async withServer<T>(
    id: string,
    action: (client: QuickBoxClient, server: StoredServer) => Promise<T>,
  ): Promise<T> {
    const server = this.requireServer(id);
    try {
      const client = await this.clientFor(server);
      const result = await action(client, server);
      this.markReachable(id, client);
      return result;
    } catch (error) {
      if (error instanceof CoreError) {
        const state = stateForError(error.appError);
        if (state) this.setStatus(id, state, error.appError.message);
      }
      throw error;
    }
  }

  /** After a call that worked: a server that was in trouble is connected again. */
  markReachable(id: string, client: QuickBoxClient): void {
    const state = this.status(id).state;
    if (state === 'connected' || state === 'read_only' || !this.deps.registry.get(id)) return;
    const canUpdate = client.permissions?.includes('admin.settings.update') ?? true;
    this.setStatus(id, canUpdate ? 'connected' : 'read_only', null);
  }

  /** Health, then identity, then permissions. */
  private async testConnection(client: QuickBoxClient): Promise<ConnectionReport> {
    const health = await client.health();
    const me = await client.me();
    const missing = PERMISSIONS.filter((permission) => !me.permissions.includes(permission));
    const canRead = me.permissions.includes('admin.sessions.read');
    const canUpdate = me.permissions.includes('admin.settings.update');
    return {
      server: { name: health.name, version: health.version },
      identity: {
        username: me.username,
        via: me.via,
        permissions: [...me.permissions],
        scopes: me.scopes ? [...me.scopes] : null,
      },
      canRead,
      canUpdate,
      missingPermissions: [...missing],
      summary: connectionSummary([...missing], canRead),
    };
  }

  /** Tests a client that is kept only if the test passes: a failed test closes it. */
  private async testOrClose(client: QuickBoxClient): Promise<ConnectionReport> {
    try {
      return await this.testConnection(client);
    } catch (error) {
      await client.close();
      throw error;
    }
  }

  /** A client for a draft's address, pin (checked against the scheme) and credentials. */
  private draftClient(draft: ServerDraft): QuickBoxClient {
    this.checkPinScheme(draft.baseUrl, draft.pinnedFingerprint);
    return this.newClient(
      { baseUrl: draft.baseUrl, pinnedFingerprint: draft.pinnedFingerprint ?? null },
      clientCredentials(draft.credentials),
    );
  }

  private checkPinScheme(baseUrl: string, pin: string | null | undefined): void {
    if (pin && new URL(baseUrl).protocol !== 'https:') {
      fail({
        code: 'invalid_request',
        message: 'A certificate can only be pinned for an https:// address.',
        issues: [{ path: 'pinnedFingerprint', message: 'only for https:// addresses' }],
      });
    }
  }

  // Servers ------------------------------------------------------------------------------

  /** `servers:list`. */
  list(): ResponseOf<'servers:list'> {
    return { servers: this.views(), registryProblem: this.deps.registry.problem };
  }

  /** `servers:test-draft`: tests credentials that are not saved. */
  async testDraft(draft: ServerDraft): Promise<ConnectionReport> {
    const client = this.draftClient(draft);
    try {
      return await this.testConnection(client);
    } finally {
      await client.logout().catch(() => undefined);
      await client.close();
    }
  }

  /** `servers:add`: tests, then saves the server and its secret. */
  async add(draft: ServerDraft): Promise<ResponseOf<'servers:add'>> {
    const client = this.draftClient(draft);
    const report = await this.testOrClose(client);
    const server = await this.deps.registry.add({
      name: draft.name,
      baseUrl: draft.baseUrl,
      environment: draft.environment,
      authKind: draft.credentials.kind,
      username: draft.credentials.kind === 'account' ? draft.credentials.username : null,
      pinnedFingerprint: draft.pinnedFingerprint
        ? normalizeFingerprint(draft.pinnedFingerprint)
        : null,
      expectedFingerprint: null,
    });
    try {
      await this.deps.vault.save(server.id, storedSecret(draft.credentials));
    } catch (error) {
      await this.deps.registry.remove(server.id);
      await client.close();
      throw error;
    }
    // The tested client keeps its session: an account with a one-time code stays logged in.
    this.clients.set(server.id, client);
    this.statusFromReport(server.id, report);
    this.deps.logger.info('servers: added', { id: server.id, authKind: server.authKind });
    this.emitChanged();
    return { server: this.view(server), connection: report };
  }

  /**
   * `servers:update`: new credentials or a new address are tested before anything is saved.
   * Credentials are bound to their origin: a new scheme, host or port needs credentials typed
   * for it (the stored ones are never sent there) and drops the pin of the old address.
   */
  async update(request: ParsedRequestOf<'servers:update'>): Promise<ResponseOf<'servers:update'>> {
    const server = this.requireServer(request.id);
    const changes = checkOriginBinding(server.baseUrl, request.changes);
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
      const credentials = changes.credentials
        ? clientCredentials(changes.credentials)
        : await this.credentialsOf(server);
      this.checkPinScheme(baseUrl, pin);
      client = this.newClient({ baseUrl, pinnedFingerprint: pin }, credentials);
      connection = await this.testOrClose(client);
      if (changes.credentials) {
        try {
          await this.deps.vault.save(server.id, storedSecret(changes.credentials));
        } catch (error) {
          await client.close();
          throw error;
        }
      }
    }
    const updated = await this.deps.registry.update(server.id, {
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
    if (client) {
      await this.dropClient(server.id);
      this.clients.set(server.id, client);
    } else if (changes.baseUrl) {
      await this.dropClient(server.id);
    }
    if (connection) this.statusFromReport(server.id, connection);
    this.emitChanged();
    return { server: this.view(updated), connection };
  }

  /** `servers:remove`: the secret first, so a keychain failure leaves nothing orphaned. */
  async remove(id: string): Promise<ResponseOf<'servers:remove'>> {
    this.requireServer(id);
    this.removing.add(id);
    try {
      await this.deps.vault.remove(id);
      const client = this.clients.get(id);
      await client?.logout().catch(() => undefined);
      await this.dropClient(id);
      await this.deps.registry.remove(id);
    } finally {
      this.removing.delete(id);
    }
    this.statuses.delete(id);
    this.deps.logger.info('servers: removed', { id });
    this.emitChanged();
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
    this.emitChanged();
    return { servers: this.views() };
  }

  /** `servers:test`: the admin's own request, so one sign-in is tried even after a refusal. */
  async test(id: string): Promise<ResponseOf<'servers:test'>> {
    this.clients.get(id)?.allowSignIn();
    const connection = await this.withServer(id, (client) => this.testConnection(client));
    this.statusFromReport(id, connection);
    return { server: this.view(this.requireServer(id)), connection };
  }

  /** `servers:pin-certificate`: pins only what the server presents now. */
  async pinCertificate(
    id: string,
    fingerprint: string,
  ): Promise<ResponseOf<'servers:pin-certificate'>> {
    const server = this.requireServer(id);
    this.checkPinScheme(server.baseUrl, fingerprint);
    const certificate = await fetchCertificate(server.baseUrl, this.deps.limits.connectMs);
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
    await this.dropClient(id);
    this.setStatus(id, 'unknown', null);
    this.deps.logger.info('servers: certificate pinned', { id, fingerprint: wanted });
    return { server: this.view(updated) };
  }

  /** `servers:export`: the list without any secret. */
  export(): ResponseOf<'servers:export'> {
    // The field keeps its name so that every exported file imports anywhere; an import takes
    // it as the expected fingerprint only (an unreviewed expectation is passed on as it is).
    const servers = this.deps.registry.list().map((server) => ({
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
    const existing = this.deps.registry.list();
    const skipped: { name: string; reason: string }[] = [];
    const accepted: z.infer<typeof exportedServerSchema>[] = [];
    file.data.servers.forEach((entry, index) => {
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
    for (const server of added) {
      this.statuses.set(server.id, {
        state: 'no_credentials',
        message: 'Imported without credentials: edit the server to set its password or API key.',
        checkedAt: null,
        unreadMassLogouts: 0,
      });
    }
    if (added.length > 0) this.emitChanged();
    return { added: added.map((server) => this.view(server)), skipped };
  }

  // Settings and sessions ----------------------------------------------------------------

  private async canUpdate(client: QuickBoxClient): Promise<boolean> {
    const permissions = client.permissions ?? (await client.me()).permissions;
    return permissions.includes('admin.settings.update');
  }

  /** `settings:get`. */
  async getSettings(serverId: string): Promise<ResponseOf<'settings:get'>> {
    return this.withServer(serverId, async (client) => {
      const settings = await client.getSettings();
      return { settings, canUpdate: await this.canUpdate(client) };
    });
  }

  /** `settings:save`: validated here first, so invalid settings never reach the server. */
  async saveSettings(
    request: ParsedRequestOf<'settings:save'>,
  ): Promise<ResponseOf<'settings:save'>> {
    const validation = validateSettings(request.settings);
    if (validation.errors.length > 0) {
      fail({
        code: 'invalid_settings',
        message: `The settings have ${validation.errors.length} error${validation.errors.length === 1 ? '' : 's'}; nothing was sent.`,
        errors: validation.errors,
      });
    }
    const settings = request.settings as SessionSettings;
    return this.withServer(request.serverId, async (client) => {
      const before = await client.getSettings();
      const saved = await client.saveSettings(settings, request.baseVersion);
      const changed = saved.version === before.version ? [] : changedFields(before, saved);
      const summary = await client.summary();
      this.deps.logger.info('settings: saved', {
        serverId: request.serverId,
        version: saved.version,
        changed,
      });
      return { settings: saved, changed, activeSessions: summary.active };
    });
  }

  /** `sessions:list`. */
  async listSessions(
    request: ParsedRequestOf<'sessions:list'>,
  ): Promise<ResponseOf<'sessions:list'>> {
    const page = await this.withServer(request.serverId, (client) =>
      client.listSessions({
        username: request.username,
        cursor: request.cursor,
        limit: request.limit,
      }),
    );
    return { sessions: page.sessions, nextCursor: page.nextCursor ?? null };
  }

  /** `sessions:summary`. */
  async summary(serverId: string): Promise<ResponseOf<'sessions:summary'>> {
    return this.withServer(serverId, (client) => client.summary());
  }

  /** `sessions:revoke`. */
  async revoke(serverId: string, sessionId: string): Promise<ResponseOf<'sessions:revoke'>> {
    await this.withServer(serverId, (client) => client.revokeSession(sessionId));
    return { revoked: true };
  }

  /**
   * `sessions:invalidate-all`: the one guarded entry point. The typed name must equal the
   * server's display name exactly before the contract's phrase is sent; afterwards the app
   * logs itself back in with the stored account (its own session ended too).
   */
  async invalidateAll(
    serverId: string,
    typedName: string,
  ): Promise<ResponseOf<'sessions:invalidate-all'>> {
    const server = this.requireServer(serverId);
    if (typedName !== server.name) {
      fail({
        code: 'confirmation_mismatch',
        message: `Type the server's name exactly ("${server.name}") to invalidate all of its sessions. Nothing was changed.`,
      });
    }
    const result = await this.withServer(serverId, (client) => client.invalidateAllSessions());
    this.deps.logger.info('sessions: invalidated all', {
      serverId,
      invalidated: result.invalidated,
    });
    let reconnected = true;
    if (server.authKind === 'account') {
      try {
        await this.withServer(serverId, (client) => client.login());
      } catch {
        reconnected = false;
      }
    }
    return { invalidated: result.invalidated, at: result.at, reconnected };
  }

  // Event watcher support ----------------------------------------------------------------

  /** The client of a saved server, for the watcher (same session as the panels). */
  async clientOf(id: string): Promise<QuickBoxClient> {
    return this.clientFor(this.requireServer(id));
  }

  /** The name of a saved server, or null. */
  nameOf(id: string): string | null {
    return this.deps.registry.get(id)?.name ?? null;
  }

  /**
   * The servers to watch, with their persisted last event ids and whether they were ever
   * watched; a server that may not sign in (see `signInRefused`) is left out until it may.
   */
  watchList(): { id: string; lastEventId: number; watched: boolean }[] {
    return this.deps.registry
      .list()
      .filter((server) => !this.signInRefused(server.id))
      .map((server) => ({
        id: server.id,
        lastEventId: server.lastEventId,
        // A file from before `watchedFrom` existed: a server with events seen was watched.
        watched: server.watchedFrom !== undefined || server.lastEventId > 0,
      }));
  }

  /** Whether the app makes no sign-in attempt for this server until the admin acts. */
  signInRefused(id: string): boolean {
    return this.clients.get(id)?.signInRefused != null;
  }

  /** Persists the last event id seen on a server (only forwards). */
  async recordLastEventId(id: string, lastEventId: number): Promise<void> {
    const server = this.deps.registry.get(id);
    if (!server || lastEventId <= server.lastEventId) return;
    await this.deps.registry.update(id, { lastEventId });
  }

  /** Records the first watch of a server: from now on its feed's history is news. */
  async markWatched(id: string, lastEventId: number): Promise<void> {
    const server = this.deps.registry.get(id);
    if (!server || server.watchedFrom !== undefined) return;
    await this.deps.registry.update(id, {
      watchedFrom: new Date(this.deps.clock()).toISOString(),
      lastEventId: Math.max(server.lastEventId, lastEventId),
    });
  }

  /** The server's event ids started again (its database was rebuilt): follow the new ones. */
  async restartFeed(id: string): Promise<void> {
    if (!this.deps.registry.get(id)) return;
    await this.deps.registry.update(id, { lastEventId: 0 });
    this.deps.logger.warn('watcher: the event feed started again', { serverId: id });
    this.setStatus(
      id,
      this.status(id).state,
      "The server's event feed started again from the beginning (its database was probably rebuilt or restored); the app follows its new events.",
    );
  }

  /**
   * A session of the server was evicted. When it was the app's own (a sign-in elsewhere
   * took its place under a per-user session limit), signing in again would evict that
   * session in turn: the app stops signing in and waits to be asked.
   */
  async sessionEvicted(id: string, sessionId: string): Promise<void> {
    const client = this.clients.get(id);
    if (!client?.ownsSession(sessionId) || !this.deps.registry.get(id)) return;
    const message =
      "Your sign-in elsewhere took this app's place (the server allows a limited number of sessions per user). Sign in again to take it back, which ends the other session, or use an API key: keys are not sessions.";
    await client.refuseSignIn(
      { code: 'unauthorized', message, reason: 'signed_out_elsewhere' },
      sessionId,
    );
    this.deps.logger.info('watcher: signed out by a sign-in elsewhere', { serverId: id });
    this.setStatus(id, 'signed_out_elsewhere', message);
  }

  /** Reports a status found by the watcher. */
  reportError(id: string, error: AppError): void {
    const state = stateForError(error);
    if (state && this.deps.registry.get(id)) this.setStatus(id, state, error.message);
  }

  /** Closes every client. */
  async close(): Promise<void> {
    const clients = [...this.clients.values()];
    this.clients.clear();
    await Promise.all(clients.map((client) => client.close()));
  }
}
