/**
 * The ONE composition root of core: it wires the registry, the profiles, the keychain, the
 * services (live statuses, the client pool, server management, transfer, settings, sessions,
 * profiles) and the event
 * watcher's target to the handler table and the watcher. The Electron shell and the e2e harness both call
 * `createCore`, so what the harness tests is what ships.
 */

import type { EventChannel, EventMap } from '../../src-shared/ipc-contract';
import { ActivityService } from './activity/activity-service';
import { ClientPool } from './registry/client-pool';
import type { ProxyResolver } from './client/client-proxy';
import { createKeytarStore, SecretVault, type CredentialStore } from './registry/credential-store';
import { DriftService } from './drift/drift-service';
import { DriftStore } from './drift/drift-store';
import { EventBus } from './support/event-bus';
import { LanguageService } from './language/language-service';
import { DEFAULT_WATCHER_OPTIONS, EventWatcher, type WatcherOptions } from './watch/event-watcher';
import { createHandlerTable, type HandlerServices, type HandlerTable } from './handlers';
import { createConsoleLogger, type Logger } from './support/logger';
import { DEFAULT_FLEET_CONCURRENCY } from '../../src-shared/fleet-contract';
import { FleetApplier } from './fleet/fleet-apply';
import { FleetPlanner } from './fleet/fleet-plans';
import { FleetSnapshots } from './fleet/fleet-snapshot';
import { FleetTransfer } from './fleet/fleet-transfer';
import { ProfileService } from './profiles/profile-service';
import { ProfileStore } from './profiles/profile-store';
import {
  clientUserAgent,
  DEFAULT_CLIENT_LIMITS,
  type ClientLimits,
} from './client/quickbox-client';
import { MemoryWatchTarget } from './watch/memory-watch-target';
import { MuteService } from './registry/mute-service';
import { ServerManagement } from './registry/server-management';
import { ServerRegistry } from './registry/server-registry';
import { ServerStatuses } from './registry/server-statuses';
import { ServerTransfer } from './registry/server-transfer';
import { SessionService } from './sessions/session-service';
import { SettingsGateway } from './settings/settings-gateway';
import { SettingsService } from './settings/settings-service';
import { ServerWatchTarget } from './watch/watch-target';

export type { HandlerTable } from './handlers';
export type { CredentialStore } from './registry/credential-store';
export type { Logger } from './support/logger';

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
  /** Timeouts, size cap and retries of every HTTP call (tests shorten them). */
  clientLimits?: Partial<ClientLimits>;
  /**
   * The proxy of a server's origin (the app: Electron's resolveProxy; qbsc: HTTPS_PROXY,
   * HTTP_PROXY, NO_PROXY). Default: none, every server straight.
   */
  proxyFor?: ProxyResolver;
  /** The app's version (package.json's), named in the User-Agent of every request. */
  appVersion?: string;
  /** Reconnect, polling and mode of the event watcher (tests shorten them). */
  watcher?: Partial<WatcherOptions>;
  /** How many servers a fleet refresh, plan or apply reaches at once (default 250). */
  fleetConcurrency?: number;
  /** How long one fleet apply may take in all (default 5 min; tests shorten it). */
  fleetDeadlineMs?: number;
  /**
   * Keep the watcher's place in each feed in memory only (qbsc's `events --follow`): the
   * registry's last event ids stay the app's (memory-watch-target.ts).
   */
  watchPlaceInMemory?: boolean;
  /**
   * The system's preferred languages as it names them (the shell:
   * `app.getPreferredSystemLanguages()`); the language choice follows them unless the admin
   * chose one. Default: none (English).
   */
  systemLanguages?: readonly string[];
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
  /**
   * The computer woke from sleep or its network changed: every feed drops its connection
   * (maybe dead without a word), forgets its backoff and reconnects now, resuming after the
   * last event seen.
   */
  reconnectAll(): void;
  /**
   * Signs out of every server the core signed in to (best effort). The app keeps its
   * sessions for its lifetime; the command line calls this before `dispose`.
   */
  signOut(): Promise<void>;
  dispose(): Promise<void>;
}

/** What the services are made of (the registry opened, the keychain behind its vault). */
export interface ServiceDependencies {
  registry: ServerRegistry;
  profiles: ProfileStore;
  /** What drift knows of each server (`drift.json`). */
  driftStore: DriftStore;
  vault: SecretVault;
  bus: EventBus;
  logger: Logger;
  clock: () => number;
  limits: ClientLimits;
  /** How many servers fleet work reaches at once (default 250). */
  fleetConcurrency?: number;
  /** How long one fleet apply may take in all (default 5 min). */
  fleetDeadlineMs?: number;
  /**
   * The language choice (language.json); default: following no system language, kept in
   * memory only (the services' own tests, programs without a window).
   */
  language?: LanguageService;
}

/** Every service of core, wired to each other. */
export interface Services extends HandlerServices {
  statuses: ServerStatuses;
  pool: ClientPool;
  watchTarget: ServerWatchTarget;
}

/** Wires the services (the unit tests of each service start from here too). */
export function createServices(deps: ServiceDependencies): Services {
  const { registry, profiles, driftStore, vault, bus, logger, clock, limits } = deps;
  const statuses = new ServerStatuses({ registry, bus, clock });
  const pool = new ClientPool({ registry, vault, statuses, logger, limits });
  const transfer = new ServerTransfer({ registry, statuses, clock });
  // Every read and save of a server's settings goes through the one gateway.
  const gateway = new SettingsGateway(pool, logger);
  registry.onChange(() => gateway.keepOnly(new Set(registry.list().map((server) => server.id))));
  // The window is pushed every document read, so it never reads one again itself.
  gateway.onDocument((serverId, document) =>
    bus.emit('events:settings', { serverId, settings: document }),
  );
  const settings = new SettingsService(gateway, pool, logger);
  const concurrency = deps.fleetConcurrency ?? DEFAULT_FLEET_CONCURRENCY;
  const fleet = {
    registry,
    gateway,
    profiles,
    bus,
    clock,
    concurrency,
    ...(deps.fleetDeadlineMs ? { deadlineMs: deps.fleetDeadlineMs } : {}),
  };
  const planner = new FleetPlanner(fleet);
  const profileService = new ProfileService({ profiles, registry, gateway, logger, clock });
  // The window is pushed the profiles and assignments after every saved change of them.
  profiles.onChange(() => bus.emit('profiles:changed', profileService.list()));
  const mutes = new MuteService({ registry, statuses, clock, logger });
  // Mutes kept from the last run end by themselves too.
  mutes.schedule();
  return {
    statuses,
    pool,
    management: new ServerManagement({ registry, vault, pool, statuses, logger, limits }),
    transfer,
    settings,
    sessions: new SessionService({ registry, pool, logger }),
    watchTarget: new ServerWatchTarget({ registry, pool, statuses, logger, clock }),
    profiles: profileService,
    drift: new DriftService({
      profiles,
      store: driftStore,
      profileService,
      registry,
      pool,
      gateway,
      bus,
      logger,
      clock,
    }),
    snapshots: new FleetSnapshots(fleet),
    planner,
    applier: new FleetApplier({
      gateway,
      planner,
      bus,
      clock,
      concurrency,
      ...(deps.fleetDeadlineMs ? { deadlineMs: deps.fleetDeadlineMs } : {}),
    }),
    fleetTransfer: new FleetTransfer({ registry, transfer, profiles, clock }),
    activity: new ActivityService({ registry, pool, concurrency }),
    mutes,
    language:
      deps.language ??
      new LanguageService({ file: null, choice: 'system', systemLanguages: [], bus, logger }),
  };
}

/** Opens the registry of the data folder and wires everything together. */
export async function createCore(options: CoreOptions): Promise<Core> {
  const logger = options.logger ?? createConsoleLogger();
  const clock = options.clock ?? Date.now;
  const limits: ClientLimits = {
    ...DEFAULT_CLIENT_LIMITS,
    userAgent: clientUserAgent(options.appVersion ?? null),
    ...(options.proxyFor ? { proxyFor: options.proxyFor } : {}),
    ...options.clientLimits,
  };
  const registry = await ServerRegistry.open(options.dataDir, logger, clock);
  const profiles = await ProfileStore.open(options.dataDir, logger, clock);
  const driftStore = await DriftStore.open(options.dataDir, logger, clock);
  const bus = new EventBus(logger);
  const language = await LanguageService.open(
    options.dataDir,
    options.systemLanguages ?? [],
    bus,
    logger,
  );
  const vault = new SecretVault(options.credentialStore ?? createKeytarStore());
  const services = createServices({
    registry,
    profiles,
    driftStore,
    vault,
    bus,
    logger,
    clock,
    limits,
    language,
    ...(options.fleetConcurrency ? { fleetConcurrency: options.fleetConcurrency } : {}),
    ...(options.fleetDeadlineMs ? { fleetDeadlineMs: options.fleetDeadlineMs } : {}),
  });
  const handlers = createHandlerTable(services, logger);
  const watchTarget = options.watchPlaceInMemory
    ? new MemoryWatchTarget(services.watchTarget)
    : services.watchTarget;
  const watcher = new EventWatcher(watchTarget, bus, logger, {
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
    reconnectAll: () => {
      if (disposed) return;
      // Idle connections kept alive across the sleep are as dead as the streams: the feeds'
      // new requests (and the panels') must not be written into them.
      services.pool.resetConnections();
      watcher.reconnectAll();
    },
    signOut: () => services.pool.signOutAll(),
    async dispose() {
      if (disposed) return;
      disposed = true;
      await watcher.stop();
      await services.drift.settled();
      services.mutes.stop();
      await services.watchTarget.flush();
      await services.pool.close();
      await registry.flush();
      await profiles.flush();
      await driftStore.flush();
      services.statuses.close();
      bus.clear();
    },
  };
}
