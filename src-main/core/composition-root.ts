/**
 * The ONE composition root of core: it wires the registry, the keychain, the clients and
 * the event watcher to the handler table. The Electron shell and the e2e harness both call
 * `createCore`, so what the harness tests is what ships.
 */

import type { EventChannel, EventMap } from '../../src-shared/ipc-contract';
import { createKeytarStore, SecretVault, type CredentialStore } from './credential-store';
import { EventBus } from './event-bus';
import { DEFAULT_WATCHER_OPTIONS, EventWatcher, type WatcherOptions } from './event-watcher';
import { createHandlerTable, type HandlerTable } from './handlers';
import { createConsoleLogger, type Logger } from './logger';
import { DEFAULT_CLIENT_LIMITS, type ClientLimits } from './quickbox-client';
import { ServerRegistry } from './server-registry';
import { ServerService } from './server-service';

export type { HandlerTable } from './handlers';
export type { CredentialStore } from './credential-store';
export type { Logger } from './logger';

/** What core needs from its host. */
export interface CoreOptions {
  /** The app's data folder (the server registry lives there). */
  dataDir: string;
  /** The keychain; defaults to keytar under the app's service name. */
  credentialStore?: CredentialStore;
  /** Defaults to the console, redacted. */
  logger?: Logger;
  /** Milliseconds since the epoch; injected so tests control time stamps. */
  clock?: () => number;
  /** Timeouts, answer size cap and retries of every HTTP call (tests shorten them). */
  clientLimits?: Partial<ClientLimits>;
  /** Reconnect, polling and mode of the event watcher (tests shorten them). */
  watcher?: Partial<WatcherOptions>;
}

/** The running core: handlers for every request channel and the event source. */
export interface Core {
  handlers: HandlerTable;
  subscribe<E extends EventChannel>(
    channel: E,
    listener: (payload: EventMap[E]) => void,
  ): () => void;
  /**
   * Starts watching every server's event feed (mass-logout and server events). Off until
   * called: the shell starts it; tests start it only where they test it.
   */
  startWatching(): void;
  /** Stops every event feed. */
  stopWatching(): Promise<void>;
  dispose(): Promise<void>;
}

/** Opens the registry of the data folder and wires everything together. */
export async function createCore(options: CoreOptions): Promise<Core> {
  const logger = options.logger ?? createConsoleLogger();
  const clock = options.clock ?? Date.now;
  const limits: ClientLimits = { ...DEFAULT_CLIENT_LIMITS, ...options.clientLimits };
  const registry = await ServerRegistry.open(options.dataDir, logger, clock);
  const bus = new EventBus(logger);
  const vault = new SecretVault(options.credentialStore ?? createKeytarStore());
  const service = new ServerService({ registry, vault, bus, logger, clock, limits });
  const handlers = createHandlerTable(service, logger);
  const watcher = new EventWatcher(service, bus, logger, {
    ...DEFAULT_WATCHER_OPTIONS,
    ...options.watcher,
  });
  let disposed = false;
  return {
    handlers,
    subscribe: (channel, listener) => bus.subscribe(channel, listener),
    startWatching: () => {
      if (!disposed) watcher.start();
    },
    stopWatching: () => watcher.stop(),
    async dispose() {
      if (disposed) return;
      disposed = true;
      await watcher.stop();
      await service.close();
      await registry.flush();
      bus.clear();
    },
  };
}
