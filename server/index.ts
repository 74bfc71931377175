/**
 * The reference QuickBox session API server (docs/session-api.md), for tests and demos:
 * `startReferenceServer` opens the database, builds the app and listens. The app never
 * imports it; tests start it on port 0 with a temporary data folder.
 */

import type { AddressInfo } from 'node:net';
import { buildApp } from './app';
import type { Clock } from './clock';
import { systemClock } from './clock';
import type { SeedFile } from './seed';
import { Store } from './store';
import { fingerprint256, generateSelfSigned } from './tls';

export type { Clock, TestClock } from './clock';
export { createTestClock } from './clock';
export type { SeedFile } from './seed';
export { totpCode } from './totp';

/** The version the health endpoint reports. */
export const SERVER_VERSION = '1.0.0';

/** The name a server gets when neither the options nor the seed name it. */
export const DEFAULT_SERVER_NAME = 'QuickBox reference server';

/** How to start a reference server. */
export interface ReferenceServerOptions {
  /** Folder of its SQLite database (created if missing; reused on restart). */
  dataDir: string;
  /** Default 127.0.0.1. */
  host?: string;
  /** Default 0 (any free port). */
  port?: number;
  /** Applied only when the database is new. */
  seed?: SeedFile;
  /** Overrides the seed's (and the stored) name. */
  name?: string;
  /** Serve HTTPS with a generated certificate, or with the given one. */
  tls?: 'self-signed' | { key: string; cert: string };
  /** Milliseconds added before every response. */
  latencyMs?: number;
  /** Time source for expiry, rate limits and event times (default: the wall clock). */
  clock?: Clock;
  /** Fastify's logger (off by default; secrets are redacted when on). */
  logger?: boolean;
  /** Where the log goes when `logger` is on (default stdout). */
  logStream?: NodeJS.WritableStream;
  /** SSE heartbeat period (default 15 s, as the contract says). */
  heartbeatMs?: number;
  /** The `retry:` the SSE stream advises clients (default 3 s). */
  sseRetryMs?: number;
  /**
   * How long an SSE stream may wait for its reader to take what was written (default 30 s);
   * past it, the stream is closed and its client resumes with `Last-Event-ID`.
   */
  sseStallMs?: number;
}

/** A started server. */
export interface RunningReferenceServer {
  /** Base URL, e.g. `http://127.0.0.1:43117`. */
  url: string;
  port: number;
  name: string;
  /** SHA-256 fingerprint of the TLS certificate (uppercase hex pairs joined by ':'), or null. */
  fingerprint256: string | null;
  /** Ends event streams, stops listening and closes the database. */
  close(): Promise<void>;
}

/** Starts a reference server; resolves once it listens. */
export async function startReferenceServer(
  options: ReferenceServerOptions,
): Promise<RunningReferenceServer> {
  const clock = options.clock ?? systemClock;
  const host = options.host ?? '127.0.0.1';
  const store = await Store.open(options.dataDir, options.seed, clock);
  try {
    const name = options.name ?? store.storedName() ?? DEFAULT_SERVER_NAME;
    const tls =
      options.tls === 'self-signed' ? await generateSelfSigned(host) : (options.tls ?? null);
    const { app } = buildApp({
      store,
      clock,
      name,
      version: SERVER_VERSION,
      latencyMs: options.latencyMs ?? 0,
      logger: options.logger ?? false,
      logStream: options.logStream,
      heartbeatMs: options.heartbeatMs ?? 15_000,
      sseRetryMs: options.sseRetryMs ?? 3_000,
      sseStallMs: options.sseStallMs ?? 30_000,
      https: tls,
    });
    await app.listen({ host, port: options.port ?? 0 });
    const port = (app.server.address() as AddressInfo).port;
    const urlHost = host.includes(':') ? `[${host}]` : host;
    let closed: Promise<void> | null = null;
    return {
      url: `${tls ? 'https' : 'http'}://${urlHost}:${port}`,
      port,
      name,
      fingerprint256: tls ? fingerprint256(tls.cert) : null,
      close: () => {
        closed ??= app.close().then(() => store.close());
        return closed;
      },
    };
  } catch (error) {
    store.close();
    throw error;
  }
}
