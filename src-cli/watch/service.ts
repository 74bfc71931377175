/**
 * `qbsc watch`, put together: the config read, the servers planned and written to the
 * watcher's own folder, every non-keychain secret read once (a refused one stops the start),
 * the core opened there with the watcher's credential store and its event watcher started,
 * the monitor feeding metrics and sinks, the endpoints up. It runs until SIGTERM or SIGINT,
 * then stops within the bound: feeds stopped, notices in flight flushed, sessions signed out.
 */

import path from 'node:path';
import { envProxyFor } from '../../src-main/core/client/client-proxy';
import { createCore, type Core } from '../../src-main/core/composition-root';
import {
  createKeytarStore,
  type CredentialStore,
} from '../../src-main/core/registry/credential-store';
import type { Logger } from '../../src-main/core/support/logger';
import { AlertmanagerSink } from './alertmanager';
import { ConfigError, loadWatchConfig, type WatchConfig } from './config';
import { startHttp } from './http';
import { WatchMetrics } from './metrics';
import { Monitor } from './monitor';
import type { NoticeSink } from './notice';
import { readSecret, watcherCredentialStore } from './secrets';
import {
  dataFolderServers,
  plannedServers,
  prepareStateFolder,
  type Shard,
  type WatchedServerPlan,
} from './servers';
import { webhookSinks } from './webhooks';

/** What `qbsc watch` was asked. */
export interface WatchOptions {
  dataDir: string;
  configFile?: string;
  shard: Shard | null;
  version: string;
  env: NodeJS.ProcessEnv;
  logger: Logger;
}

/** The state folder: the config's, systemd's StateDirectory, or one inside the data folder. */
export function stateDirOf(config: WatchConfig, options: WatchOptions): string {
  if (config.stateDir) return path.resolve(config.stateDir);
  const systemd = options.env['STATE_DIRECTORY']?.split(':')[0];
  if (systemd) return systemd;
  const suffix = options.shard ? `-${options.shard.index}-of-${options.shard.count}` : '';
  return path.join(options.dataDir, `watch${suffix}`);
}

/** Reads every non-keychain secret once, so that a refused one stops the start. */
async function checkSecrets(plans: readonly WatchedServerPlan[], env: NodeJS.ProcessEnv) {
  for (const { server, source } of plans) {
    if ('keychain' in source) continue;
    try {
      await readSecret(source, env);
    } catch (error) {
      throw new ConfigError(
        `The secret of ${server.name}: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }
}

/** A running watcher. */
export interface RunningWatch {
  url: string;
  core: Core;
  /** Stops everything within the config's bound; resolves with whether it finished in time. */
  stop(): Promise<boolean>;
}

/** Starts the watcher (the caller handles signals and the exit). */
export async function startWatch(options: WatchOptions): Promise<RunningWatch> {
  const { logger, env } = options;
  const config = await loadWatchConfig(options.configFile);
  const needsDataFolder = !config.servers || config.servers.some((entry) => entry.server);
  const known = needsDataFolder ? await dataFolderServers(options.dataDir, logger) : [];
  const plans = plannedServers(config, known, options.shard);
  await checkSecrets(plans, env);
  const stateDir = stateDirOf(config, options);
  await prepareStateFolder(stateDir, options.dataDir, plans, logger);
  const byId = new Map(plans.map((plan) => [plan.server.id, plan]));
  let keychain: CredentialStore | null = null;
  const credentialStore = watcherCredentialStore(
    {
      source: (id) => byId.get(id)?.source ?? { keychain: true },
      authKind: (id) => byId.get(id)?.server.authKind ?? null,
    },
    () => (keychain ??= createKeytarStore()),
    env,
  );
  const core = await createCore({
    dataDir: stateDir,
    credentialStore,
    logger,
    appVersion: `${options.version} (qbsc watch)`,
    proxyFor: envProxyFor(env),
  });
  const metrics = new WatchMetrics();
  const sinks: NoticeSink[] = [
    new AlertmanagerSink(config.alertmanagers, {
      logger,
      metrics,
      timeoutMs: config.requestTimeoutMs,
    }),
    ...(await webhookSinks(config, { stateDir, logger, metrics, env })),
  ];
  const monitor = new Monitor(core, sinks, metrics, logger, {
    unreachableAfterMs: config.unreachableAfterSeconds * 1000,
    massLogoutAlertMs: config.massLogoutAlertSeconds * 1000,
  });
  const listed = await core.handlers['servers:list'](undefined);
  if (listed.ok) monitor.statuses(listed.value.servers);
  let stopping = false;
  const ready = (): boolean => {
    const now = !stopping && monitor.triedAll();
    metrics.ready.set(now ? 1 : 0);
    return now;
  };
  const http = await startHttp(config.listen.host, config.listen.port, { ready, metrics });
  core.startWatching();
  logger.info('watch: started', {
    url: http.url,
    servers: plans.length,
    stateDir,
    shard: options.shard ? `${options.shard.index}/${options.shard.count}` : null,
    alertmanagers: config.alertmanagers.length,
    webhooks: config.webhooks.length,
  });
  return {
    url: http.url,
    core,
    async stop() {
      stopping = true;
      const from = Date.now();
      const deadline = from + config.stopTimeoutMs;
      // How long each part took (the stop's log line says it).
      const phases: Record<string, number> = {};
      // A thunk, not a promise: the part's synchronous start (ending thousands of streams in
      // one loop) is counted too.
      const timed = async (name: string, part: () => Promise<unknown>): Promise<void> => {
        const start = Date.now();
        await part();
        phases[name] = Date.now() - start;
      };
      const work = (async () => {
        await timed('feedsMs', () => core.stopWatching());
        monitor.stop();
        await Promise.all([
          timed('flushMs', () => Promise.all(sinks.map((sink) => sink.flush(deadline - 500)))),
          timed('signOutMs', () => core.signOut().catch(() => undefined)),
        ]);
        for (const sink of sinks) sink.close();
        await timed('disposeMs', () => core.dispose());
      })();
      let timer: NodeJS.Timeout | undefined;
      const bound = new Promise<boolean>((resolve) => {
        timer = setTimeout(() => resolve(false), Math.max(0, deadline - Date.now()));
      });
      const finished = await Promise.race([work.then(() => true), bound]);
      clearTimeout(timer);
      const closing = Date.now();
      http.server.closeAllConnections();
      await new Promise<void>((resolve) => http.server.close(() => resolve()));
      phases['httpMs'] = Date.now() - closing;
      logger.info('watch: stopped', { clean: finished, ms: Date.now() - from, ...phases });
      return finished;
    },
  };
}
