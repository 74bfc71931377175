/**
 * Starts the demo's reference servers in this process, each on its own data folder and a
 * free loopback port: its seed (the demo account, the other admin and the people who sign
 * in, with fresh random passwords), its settings, its sessions, and a self-signed
 * certificate for the HTTPS ones (made here, so the activity can trust exactly it).
 */

import { randomBytes } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { startReferenceServer, type RunningReferenceServer } from '../../server/index';
import { generateSelfSigned, fingerprint256 } from '../../server/tls';
import { PERMISSIONS } from '../../src-shared/quickbox';
import { DEMO_USERNAME, OTHER_ADMIN, type DemoServerSpec } from './fleet-spec';
import type { Random } from './random';
import { demoUsernames, seedSessions } from './seed-sessions';

/** A running demo server and what the activity and the report need to know of it. */
export interface DemoServer {
  spec: DemoServerSpec;
  url: string;
  dataDir: string;
  /** The certificate (PEM) of an HTTPS server, or null. */
  certificate: string | null;
  fingerprint: string | null;
  /** Every seeded person's password, by username (the demo account's and the other admin's too). */
  passwords: ReadonlyMap<string, string>;
  /** Everyone who has sessions there. */
  usernames: readonly string[];
  /** The sessions it started with. */
  seededSessions: number;
  close(): Promise<void>;
}

function password(): string {
  return randomBytes(12).toString('base64url');
}

/** Starts one demo server; `demoPassword` is the demo account's on every server. */
async function startOne(
  spec: DemoServerSpec,
  folder: string,
  demoPassword: string,
  random: Random,
): Promise<DemoServer> {
  const dataDir = join(folder, spec.name.toLowerCase().replace(/[^a-z0-9]+/g, '-'));
  await mkdir(dataDir, { recursive: true });
  const passwords = new Map<string, string>([
    [DEMO_USERNAME, demoPassword],
    [OTHER_ADMIN, password()],
  ]);
  for (const username of spec.activeUsers) passwords.set(username, password());
  const tls = spec.https ? await generateSelfSigned('127.0.0.1') : null;
  const server: RunningReferenceServer = await startReferenceServer({
    dataDir,
    host: '127.0.0.1',
    port: 0,
    name: spec.name,
    ...(tls ? { tls } : {}),
    seed: {
      name: spec.name,
      settings: spec.settings,
      users: [
        { username: DEMO_USERNAME, password: demoPassword, permissions: spec.demoPermissions },
        {
          username: OTHER_ADMIN,
          password: passwords.get(OTHER_ADMIN) ?? '',
          permissions: [...PERMISSIONS],
        },
        ...spec.activeUsers.map((username) => ({
          username,
          password: passwords.get(username) ?? '',
          permissions: [],
        })),
      ],
    },
  });
  try {
    const usernames = demoUsernames(random, spec.activeUsers);
    const seededSessions = seedSessions(random, {
      dataDir,
      settings: spec.settings,
      usernames,
      // Half of them start at the limit: their first sign-in evicts their oldest session.
      atLimit: spec.activeUsers.slice(0, Math.ceil(spec.activeUsers.length / 2)),
      count: spec.sessionCount,
      now: Date.now(),
      maxAgeMs: Number.POSITIVE_INFINITY,
    });
    return {
      spec,
      url: server.url,
      dataDir,
      certificate: tls?.cert ?? null,
      fingerprint: tls ? fingerprint256(tls.cert) : null,
      passwords,
      usernames,
      seededSessions,
      close: () => server.close(),
    };
  } catch (error) {
    await server.close();
    throw error;
  }
}

/**
 * Starts every server of the fleet (in parallel: the seeds' scrypt hashes run on libuv's
 * threads). If one fails, the ones already started are closed before the error goes on.
 */
export async function startDemoServers(
  fleet: readonly DemoServerSpec[],
  folder: string,
  random: Random,
): Promise<{ servers: DemoServer[]; demoPassword: string }> {
  const demoPassword = password();
  const outcomes = await Promise.allSettled(
    fleet.map((spec) => startOne(spec, folder, demoPassword, random.fork())),
  );
  const servers = outcomes.flatMap((outcome) =>
    outcome.status === 'fulfilled' ? [outcome.value] : [],
  );
  const failed = outcomes.find((outcome) => outcome.status === 'rejected');
  if (failed) {
    await Promise.all(servers.map((server) => server.close()));
    throw failed.reason;
  }
  return { servers, demoPassword };
}
