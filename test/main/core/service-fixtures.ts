/**
 * Arrangements of the services' unit tests: the services wired as the composition root
 * wires them (over a fresh data folder, the real keychain under a service of its own and a
 * capturing logger), called directly; `call` turns a call's outcome into a Result, as the
 * handler table would, so that a failure is asserted by its AppError.
 */

import { Writable } from 'node:stream';
import { afterEach } from 'vitest';
import { startReferenceServer, type RunningReferenceServer } from '../../../server/index';
import { createServices, type Services } from '../../../src-main/core/composition-root';
import { toAppError } from '../../../src-main/core/support/core-error';
import {
  SecretVault,
  type CredentialStore,
} from '../../../src-main/core/registry/credential-store';
import { EventBus } from '../../../src-main/core/support/event-bus';
import { DEFAULT_CLIENT_LIMITS } from '../../../src-main/core/client/quickbox-client';
import { ProfileStore } from '../../../src-main/core/profiles/profile-store';
import { DriftStore } from '../../../src-main/core/drift/drift-store';
import { ServerRegistry } from '../../../src-main/core/registry/server-registry';
import type { AppError } from '../../../src-shared/errors';
import type { ServerView } from '../../../src-shared/domain';
import type { ServerDraft } from '../../../src-shared/ipc-contract';
import {
  capturingLogger,
  FAST_LIMITS,
  isolatedKeychain,
  makeSecrets,
  seedFor,
  type Secrets,
  type SharedServer,
} from './fixtures';

/** The services over one data folder, with what they were made of. */
export interface StartedServices {
  services: Services;
  registry: ServerRegistry;
  profiles: ProfileStore;
  bus: EventBus;
  store: CredentialStore;
  dataDir: string;
  lines: string[];
  /** Closes every client and waits for the registry's writes. */
  dispose(): Promise<void>;
}

/** Wires the services over a data folder (the keychain: `credentialStore`, or a fresh one). */
export async function startServices(options: {
  dataDir: string;
  credentialStore?: CredentialStore;
}): Promise<StartedServices> {
  const { logger, lines } = capturingLogger();
  const clock = Date.now;
  const registry = await ServerRegistry.open(options.dataDir, logger, clock);
  const profiles = await ProfileStore.open(options.dataDir, logger, clock);
  const driftStore = await DriftStore.open(options.dataDir, logger, clock);
  const bus = new EventBus(logger);
  const store = options.credentialStore ?? isolatedKeychain().store;
  const services = createServices({
    registry,
    profiles,
    driftStore,
    vault: new SecretVault(store),
    bus,
    logger,
    clock,
    limits: { ...DEFAULT_CLIENT_LIMITS, ...FAST_LIMITS },
  });
  return {
    services,
    registry,
    profiles,
    bus,
    store,
    dataDir: options.dataDir,
    lines,
    async dispose() {
      await services.pool.close();
      await registry.flush();
      await profiles.flush();
      await driftStore.flush();
    },
  };
}

/**
 * Services over fresh folders of a shared server's test file, disposed after each test:
 * `start()` gives the whole arrangement, `services()` the services only.
 */
export function useServices(shared: SharedServer): {
  start(options?: {
    dataDir?: string;
    credentialStore?: CredentialStore;
  }): Promise<StartedServices>;
  services(): Promise<Services>;
} {
  const started: StartedServices[] = [];
  afterEach(async () => {
    await Promise.all(started.splice(0).map((each) => each.dispose()));
  });
  const start = async (
    options: { dataDir?: string; credentialStore?: CredentialStore } = {},
  ): Promise<StartedServices> => {
    const each = await startServices({
      dataDir: options.dataDir ?? (await shared.tempDir()),
      ...(options.credentialStore ? { credentialStore: options.credentialStore } : {}),
    });
    started.push(each);
    return each;
  };
  return { start, services: async () => (await start()).services };
}

/** A call's outcome as a Result: its value, or the AppError it failed with. */
export async function call<T>(
  action: () => T | Promise<T>,
): Promise<{ ok: true; value: T } | { ok: false; error: AppError }> {
  try {
    return { ok: true, value: await action() };
  } catch (error) {
    return { ok: false, error: toAppError(error) };
  }
}

/** The value of an ok Result; a failed one fails the test with its code and message. */
export function unwrap<T>(
  result: { ok: true; value: T } | { ok: false; error: { code: string; message: string } },
): T {
  if (!result.ok) throw new Error(`expected ok, got ${result.error.code}: ${result.error.message}`);
  return result.value;
}

/** A draft of the shared server with its admin account. */
export function adminDraft(
  shared: SharedServer,
  overrides: Partial<ServerDraft> = {},
): ServerDraft {
  return {
    name: 'Box A',
    baseUrl: shared.server.url,
    environment: 'production',
    credentials: { kind: 'account', username: 'admin', password: shared.secrets.adminPassword },
    ...overrides,
  };
}

/** Adds a server (the shared one's admin unless overridden); its view. */
export async function addAdmin(
  shared: SharedServer,
  services: Services,
  overrides: Partial<ServerDraft> = {},
): Promise<ServerView> {
  return (await services.management.add(adminDraft(shared, overrides))).server;
}

/**
 * A seeded reference server whose every request is recorded (Fastify's own request log), to
 * see that nothing at all reached it.
 */
export async function startObservedServer(
  shared: SharedServer,
  name: string,
  tls?: 'self-signed',
): Promise<{ server: RunningReferenceServer; secrets: Secrets; requests: string[] }> {
  const secrets = makeSecrets();
  const dataDir = await shared.tempDir('qb-ref-');
  const requests: string[] = [];
  const logStream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n')) {
        if (!line.trim()) continue;
        const entry = JSON.parse(line) as { msg?: string; req?: { method: string; url: string } };
        if (entry.msg === 'incoming request' && entry.req) {
          requests.push(`${entry.req.method} ${entry.req.url}`);
        }
      }
      done();
    },
  });
  const server = await startReferenceServer({
    dataDir,
    port: 0,
    seed: seedFor(secrets, name),
    name,
    logger: true,
    logStream,
    ...(tls ? { tls } : {}),
  });
  return { server, secrets, requests };
}

/** Adds a self-signed server with its certificate pinned and its write key. */
export async function addPinned(
  shared: SharedServer,
  services: Services,
  tls: { server: RunningReferenceServer; secrets: Secrets },
): Promise<ServerView> {
  return addAdmin(shared, services, {
    name: tls.server.name,
    baseUrl: tls.server.url,
    pinnedFingerprint: tls.server.fingerprint256,
    credentials: { kind: 'api_key', apiKey: tls.secrets.writeKey },
  });
}
