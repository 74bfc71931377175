/**
 * Shared arrangements of the core tests: a reference server seeded with fresh random
 * secrets, a throw-away data folder, a logger that keeps every line verbatim (not redacted,
 * so a secret handed to it would be caught), and a keychain service name per test.
 */

import { randomBytes, randomUUID } from 'node:crypto';
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import Database from 'better-sqlite3';
import { afterAll, beforeAll } from 'vitest';
import { startReferenceServer, type RunningReferenceServer } from '../../../server/index';
import { hashPassword } from '../../../server/secrets';
import { DATABASE_FILE } from '../../../server/store';
import type { AppError } from '../../../src-shared/errors';
import type { EventMap } from '../../../src-shared/ipc-contract';
import { PERMISSIONS } from '../../../src-shared/quickbox';
import type { SessionSettings } from '../../../src-shared/settings';
import { createCore, type Core, type CoreOptions } from '../../../src-main/core/composition-root';
import { CoreError } from '../../../src-main/core/support/core-error';
import {
  createKeytarStore,
  type CredentialStore,
} from '../../../src-main/core/registry/credential-store';
import type { Logger } from '../../../src-main/core/support/logger';
import {
  DEFAULT_CLIENT_LIMITS,
  type ClientLimits,
} from '../../../src-main/core/client/quickbox-client';

/**
 * Short retries, and timeouts that a loaded test machine still meets (the reference server
 * hashes passwords with scrypt, which is slow on purpose).
 */
export const FAST_LIMITS: Partial<ClientLimits> = {
  connectMs: 5_000,
  headersMs: 10_000,
  bodyMs: 10_000,
  retries: 1,
  retryBaseMs: 10,
  retryMaxDelayMs: 100,
};

/**
 * The full set of fast limits (for constructing a client directly): FAST_LIMITS over the
 * defaults, as createCore completes them.
 */
export function fastLimits(overrides: Partial<ClientLimits> = {}): ClientLimits {
  return { ...DEFAULT_CLIENT_LIMITS, ...FAST_LIMITS, ...overrides };
}

/** Timeouts for the tests of a server that stalls: short, so they finish quickly. */
export const STALL_TIMEOUTS: Partial<ClientLimits> = { headersMs: 400, bodyMs: 400 };

/** A base32 TOTP secret for the two-factor user. */
export const TOTP_SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';

/** Fresh secrets for one test file: every one of them random, so a leak is unambiguous. */
export interface Secrets {
  adminPassword: string;
  viewerPassword: string;
  totpPassword: string;
  writeKey: string;
  readKey: string;
}

/** Makes fresh random secrets. */
export function makeSecrets(): Secrets {
  const token = (prefix: string): string => `${prefix}${randomBytes(12).toString('hex')}`;
  return {
    adminPassword: token('pw-admin-'),
    viewerPassword: token('pw-viewer-'),
    totpPassword: token('pw-totp-'),
    writeKey: token('qbk_write_'),
    readKey: token('qbk_read_'),
  };
}

/** The seed of a reference server with an admin, a viewer, a TOTP user and two keys. */
export function seedFor(secrets: Secrets, name = 'Box A') {
  return {
    name,
    users: [
      { username: 'admin', password: secrets.adminPassword, permissions: [...PERMISSIONS] },
      {
        username: 'viewer',
        password: secrets.viewerPassword,
        permissions: ['admin.sessions.read'],
      },
      {
        username: 'otpadmin',
        password: secrets.totpPassword,
        permissions: [...PERMISSIONS],
        totpSecret: TOTP_SECRET,
      },
    ],
    apiKeys: [
      {
        key: secrets.writeKey,
        label: 'automation',
        scopes: ['read', 'write'] as ('read' | 'write')[],
      },
      { key: secrets.readKey, label: 'monitor', scopes: ['read'] as ('read' | 'write')[] },
    ],
  };
}

/** A temporary folder, removed by the returned cleanup. */
export async function tempDir(prefix = 'qb-core-'): Promise<string> {
  return mkdtemp(path.join(tmpdir(), prefix));
}

/** Starts a reference server with fresh secrets in its own data folder. */
export async function startSeededServer(
  options: {
    name?: string;
    tls?: 'self-signed';
    dataDir?: string;
    secrets?: Secrets;
    /** A fixed port (a restart on the same address); default any free one. */
    port?: number;
    /** Its request log, to count what the app sent (see `requestLog`). */
    logStream?: NodeJS.WritableStream;
    /** Its initial session settings (default: the contract's defaults). */
    settings?: SessionSettings;
  } = {},
): Promise<{ server: RunningReferenceServer; secrets: Secrets; dataDir: string }> {
  const secrets = options.secrets ?? makeSecrets();
  const dataDir = options.dataDir ?? (await tempDir('qb-ref-'));
  const server = await startReferenceServer({
    dataDir,
    port: options.port ?? 0,
    ...(options.logStream ? { logger: true, logStream: options.logStream } : {}),
    seed: {
      ...seedFor(secrets, options.name ?? 'Box A'),
      ...(options.settings ? { settings: options.settings } : {}),
    },
    ...(options.name ? { name: options.name } : {}),
    ...(options.tls ? { tls: options.tls } : {}),
  });
  return { server, secrets, dataDir };
}

/** A seeded reference server shared by the tests of a file or describe block. */
export interface SharedServer {
  /** The running server; a test that restarts it assigns the new one, which is closed after. */
  server: RunningReferenceServer;
  /** The secrets it was seeded with. */
  readonly secrets: Secrets;
  /** Its data folder. */
  readonly dataDir: string;
  /** Folders removed after all the tests (the server's among them). */
  readonly folders: string[];
  /** Makes a temporary folder that is removed after all the tests. */
  tempDir(prefix?: string): Promise<string>;
}

/**
 * Registers beforeAll/afterAll hooks that start a seeded server and, after the tests, close
 * it and remove the folders; the returned handle is read inside the tests.
 */
export function useSeededServer(
  options: Parameters<typeof startSeededServer>[0] = {},
): SharedServer {
  let started: Awaited<ReturnType<typeof startSeededServer>> | undefined;
  const folders: string[] = [];
  const running = (): NonNullable<typeof started> => {
    if (!started) throw new Error('the shared server is read before beforeAll started it');
    return started;
  };
  beforeAll(async () => {
    started = await startSeededServer(options);
    folders.push(started.dataDir);
  });
  afterAll(async () => {
    await started?.server.close();
    await removeAll(folders);
  });
  return {
    get server() {
      return running().server;
    },
    set server(next) {
      running().server = next;
    },
    get secrets() {
      return running().secrets;
    },
    get dataDir() {
      return running().dataDir;
    },
    folders,
    async tempDir(prefix) {
      const folder = await tempDir(prefix);
      folders.push(folder);
      return folder;
    },
  };
}

/** A logger that keeps every line verbatim (no redaction), to scan for secrets. */
export function capturingLogger(): { logger: Logger; lines: string[] } {
  const lines: string[] = [];
  const record =
    (level: string) =>
    (message: string, fields?: Record<string, unknown>): void => {
      lines.push(JSON.stringify({ level, message, fields: fields ?? null }));
    };
  return { logger: { info: record('info'), warn: record('warn'), error: record('error') }, lines };
}

/**
 * Records every bearer token undici sends from now until `stop()` (through its diagnostics
 * channel), so a test can look for them where no token may be.
 */
export function captureBearerTokens(): { tokens: Set<string>; stop: () => void } {
  const tokens = new Set<string>();
  const onHeaders = (message: unknown): void => {
    const headers = String((message as { headers?: unknown }).headers ?? '');
    for (const match of headers.matchAll(/authorization: Bearer (\S+)/gi))
      if (match[1]) tokens.add(match[1]);
  };
  subscribe('undici:client:sendHeaders', onHeaders);
  return { tokens, stop: () => unsubscribe('undici:client:sendHeaders', onHeaders) };
}

/** A keychain store under a service name of its own (the real Secret Service of the session). */
export function isolatedKeychain(): { store: CredentialStore; service: string } {
  const service = `QuickBox Session Companion test ${randomUUID()}`;
  return { store: createKeytarStore(service), service };
}

/**
 * A core over a fresh data folder (unless `dataDir` is given), the real keychain under a
 * service of its own and a capturing logger (its lines returned), with FAST_LIMITS;
 * `options` replace any but the logger.
 */
export async function startCore(options: Partial<Omit<CoreOptions, 'logger'>> = {}): Promise<{
  core: Core;
  dataDir: string;
  lines: string[];
  store: CredentialStore;
}> {
  const folder = options.dataDir ?? (await tempDir());
  const { logger, lines } = capturingLogger();
  const store = options.credentialStore ?? isolatedKeychain().store;
  const core = await createCore({
    logger,
    clientLimits: FAST_LIMITS,
    ...options,
    dataDir: folder,
    credentialStore: store,
  });
  return { core, dataDir: folder, lines, store };
}

/** A raw HTTP server answering with the given handler, on a free loopback port. */
export async function startRawServer(
  handler: (request: IncomingMessage, response: ServerResponse) => void,
): Promise<{ url: string; server: Server; requests: () => number; close: () => Promise<void> }> {
  let count = 0;
  const server = createServer((request, response) => {
    count += 1;
    handler(request, response);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    server,
    requests: () => count,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Answers a raw server's request with a JSON body. */
export function sendJson(
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  response.writeHead(status, { 'content-type': 'application/json', ...headers });
  response.end(JSON.stringify(body));
}

/** A loopback port with nothing listening on it (bound, then released). */
export async function deadPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** The AppError a call fails with (a call that succeeds, or throws anything else, fails the test). */
export async function errorOf(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof CoreError) return error.appError;
    throw error;
  }
  throw new Error('expected the call to fail');
}

/** Removes folders, ignoring ones already gone. */
export async function removeAll(folders: string[]): Promise<void> {
  await Promise.all(folders.map((folder) => rm(folder, { recursive: true, force: true })));
}

/** Waits until a condition holds (the test's own timeout bounds it). */
export async function until(condition: () => boolean | Promise<boolean>): Promise<void> {
  while (!(await condition())) await sleep(10);
}

/** Records the mass logouts and the server events a core emits. */
export function recorder(core: Core): {
  massLogouts: EventMap['events:mass-logout'][];
  events: EventMap['events:server-event'][];
} {
  const massLogouts: EventMap['events:mass-logout'][] = [];
  const events: EventMap['events:server-event'][] = [];
  core.subscribe('events:mass-logout', (payload) => massLogouts.push(payload));
  core.subscribe('events:server-event', (payload) => events.push(payload));
  return { massLogouts, events };
}

/** One request as the reference server's log records it, with the status it got. */
export interface LoggedRequest {
  method: string;
  url: string;
  status: number | null;
}

/**
 * A log stream for a reference server (`logStream` of `startSeededServer`) that keeps each
 * request with its status: what the app sent, counted on the server's side.
 */
export function requestLog(): { stream: Writable; requests: () => LoggedRequest[] } {
  const byId = new Map<string, LoggedRequest>();
  let pending = '';
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      const lines = (pending + chunk.toString('utf8')).split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) {
        const entry = JSON.parse(line) as {
          reqId?: string;
          req?: { method: string; url: string };
          res?: { statusCode: number };
        };
        if (!entry.reqId) continue;
        if (entry.req) byId.set(entry.reqId, { ...entry.req, status: null });
        const known = byId.get(entry.reqId);
        if (entry.res && known) known.status = entry.res.statusCode;
      }
      done();
    },
  });
  return { stream, requests: () => [...byId.values()] };
}

/** Changes a user's password in a reference server's database (as its admin would). */
export async function changePassword(
  dataDir: string,
  username: string,
  password: string,
): Promise<void> {
  const hash = await hashPassword(password);
  const db = new Database(path.join(dataDir, DATABASE_FILE));
  try {
    db.prepare('UPDATE users SET password_hash = ? WHERE username = ?').run(hash, username);
  } finally {
    db.close();
  }
}
