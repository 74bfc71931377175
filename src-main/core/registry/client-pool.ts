/**
 * One QuickBox client per saved server, shared by the panels and the event watcher (one
 * session per server, not one per caller), made on first use from the keychain's secret and
 * closed when the server goes. Calls against a saved server run through `withServer`, which
 * keeps the server's live status in step with their outcome.
 */

import type { Credentials } from '../../../src-shared/domain';
import { CoreError, fail } from '../support/core-error';
import type { SecretVault } from './credential-store';
import type { Logger } from '../support/logger';
import { QuickBoxClient, type ClientTarget, type ClientLimits } from '../client/quickbox-client';
import type { ServerRegistry, StoredServer } from './server-registry';
import type { ServerStatuses } from './server-statuses';
import { Signal } from '../support/signal';

/** Fails with not_found for a server that is not (or no longer) in the registry. */
export function failServerGone(): never {
  return fail({
    code: 'not_found',
    message: 'That server is not in the list any more.',
    what: 'server',
  });
}

/** A saved server, or not_found. */
export function requireServer(registry: ServerRegistry, id: string): StoredServer {
  return registry.get(id) ?? failServerGone();
}

/** The collaborators of the pool. */
export interface PoolDependencies {
  registry: ServerRegistry;
  vault: SecretVault;
  statuses: ServerStatuses;
  logger: Logger;
  limits: ClientLimits;
}

/**
 * How many sign-outs `signOutAll` sends at once: enough to end thousands within a stop's
 * deadline, few enough not to open thousands of connections and requests in one go.
 */
export const SIGN_OUT_CONCURRENCY = 64;

/** The clients of the saved servers. */
export class ClientPool {
  private readonly clients = new Map<string, QuickBoxClient>();
  /** Servers being removed: a call that read their secret meanwhile must not make a client. */
  private readonly removing = new Set<string>();
  private readonly changed: Signal;
  /** The settings saves in flight per server, each done once its version is handed on. */
  private readonly saving = new Map<string, Set<Promise<void>>>();
  private readonly savedListeners = new Set<(serverId: string, version: number) => void>();

  constructor(private readonly deps: PoolDependencies) {
    this.changed = new Signal(deps.logger, 'clients changed');
  }

  /**
   * Calls `listener` when a server may sign in again: its client was replaced or dropped, or
   * allowed to sign in after a refusal. Returns the function that stops it.
   */
  onChange(listener: () => void): () => void {
    return this.changed.subscribe(listener);
  }

  /**
   * Calls `listener` with the version each settings save of a pooled client produced (the
   * app's own writes: a panel's save, a fleet apply). Returns the function that stops it.
   */
  onSettingsSaved(listener: (serverId: string, version: number) => void): () => void {
    this.savedListeners.add(listener);
    return () => {
      this.savedListeners.delete(listener);
    };
  }

  /** Resolves when the server's settings saves in flight have finished (and been handed on). */
  async savesSettled(id: string): Promise<void> {
    await Promise.all([...(this.saving.get(id) ?? [])]);
  }

  /** A new client (not pooled: see `adopt`). */
  newClient(target: ClientTarget, credentials: Credentials): QuickBoxClient {
    return new QuickBoxClient(target, credentials, this.deps.limits, this.deps.logger);
  }

  /** The client of a saved server, made from its stored secret on first use. */
  async clientOf(id: string): Promise<QuickBoxClient> {
    return this.clientFor(requireServer(this.deps.registry, id));
  }

  /** The pooled client of a server, if it has one (none is made). */
  existing(id: string): QuickBoxClient | undefined {
    return this.clients.get(id);
  }

  /** Makes `client` the server's client, closing the one it replaces. */
  async adopt(id: string, client: QuickBoxClient): Promise<void> {
    const previous = this.clients.get(id);
    this.observe(id, client);
    this.clients.set(id, client);
    if (previous && previous !== client) await previous.close();
    this.changed.emit();
  }

  /** Closes and forgets the server's client; the next call makes a new one. */
  async drop(id: string): Promise<void> {
    const client = this.clients.get(id);
    this.clients.delete(id);
    await client?.close();
    if (client && !this.removing.has(id)) this.changed.emit();
  }

  /** Opens new connections for every client's next requests (the network changed). */
  resetConnections(): void {
    for (const client of this.clients.values()) client.resetConnections();
  }

  /** Lets the server's client sign in once more after a refusal (the admin asked). */
  allowSignIn(id: string): void {
    const client = this.clients.get(id);
    if (!client) return;
    client.allowSignIn();
    this.changed.emit();
  }

  /** Whether the app makes no sign-in attempt for this server until the admin acts. */
  signInRefused(id: string): boolean {
    return this.clients.get(id)?.signInRefused != null;
  }

  /** Runs the removal of a server: meanwhile no client is made for it. */
  async whileRemoving<T>(id: string, removal: () => Promise<T>): Promise<T> {
    this.removing.add(id);
    try {
      return await removal();
    } finally {
      this.removing.delete(id);
    }
  }

  /** Signs the server's client out (best effort) and closes it. */
  async retire(id: string): Promise<void> {
    await this.clients
      .get(id)
      ?.logout()
      .catch(() => undefined);
    await this.drop(id);
  }

  /** Runs a call against a saved server, keeping its status in step with the outcome. */
  async withServer<T>(
    id: string,
    action: (client: QuickBoxClient, server: StoredServer) => Promise<T>,
  ): Promise<T> {
    const server = requireServer(this.deps.registry, id);
    try {
      const client = await this.clientFor(server);
      const result = await action(client, server);
      this.deps.statuses.markReachable(id, client);
      return result;
    } catch (error) {
      if (error instanceof CoreError) this.deps.statuses.fromError(id, error.appError);
      throw error;
    }
  }

  /**
   * Signs every client out (best effort): a short-lived host (the command line) gives back
   * the sessions it opened, so they do not count against the account's session limit.
   */
  async signOutAll(): Promise<void> {
    const clients = [...this.clients.values()];
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < clients.length) {
        const client = clients[next] as QuickBoxClient;
        next += 1;
        await client.logout().catch(() => undefined);
      }
    };
    await Promise.all(
      Array.from({ length: Math.min(SIGN_OUT_CONCURRENCY, clients.length) }, worker),
    );
  }

  /** Closes every client. */
  async close(): Promise<void> {
    const clients = [...this.clients.values()];
    this.clients.clear();
    await Promise.all(clients.map((client) => client.close()));
  }

  /** The credentials of a saved server, from its stored secret (no_credentials without one). */
  async credentialsOf(server: StoredServer): Promise<Credentials> {
    const secret = await this.deps.vault.load(server.id);
    if (
      !secret ||
      secret.kind !== server.authKind ||
      (secret.kind === 'account' && !server.username)
    ) {
      fail({
        code: 'no_credentials',
        message: 'No password or API key is stored for this server.',
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
    this.observe(server.id, client);
    this.clients.set(server.id, client);
    return client;
  }

  /** Notes the client's settings saves: in flight until each has handed its version on. */
  private observe(id: string, client: QuickBoxClient): void {
    client.observeSaves((saving) => {
      const noted = saving.then(
        (saved) => {
          for (const listener of [...this.savedListeners]) {
            try {
              listener(id, saved.version);
            } catch (error) {
              this.deps.logger.error('pool: a settings-saved listener threw', {
                error: error instanceof Error ? error.message : String(error),
              });
            }
          }
        },
        () => undefined,
      );
      const set = this.saving.get(id) ?? new Set();
      this.saving.set(id, set);
      set.add(noted);
      void noted.finally(() => {
        set.delete(noted);
        if (set.size === 0 && this.saving.get(id) === set) this.saving.delete(id);
      });
    });
  }
}
