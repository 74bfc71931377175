/**
 * The `npm run server` entry point: `--host 127.0.0.1 --port 8787 --data <folder>
 * [--seed <file.json>] [--name <display name>] [--tls-self-signed] [--latency <ms>]`, or
 * `--help` (the flags are in cli-options.ts). It
 * checks the arguments, creates a demo set with random credentials (printed once) for a new
 * database without a seed, prints `listening on <url>` when ready and stops cleanly on
 * SIGINT/SIGTERM.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { PERMISSIONS } from '../src-shared/quickbox';
import { startReferenceServer } from './index';
import type { SeedFile } from './index';
import { databaseExists } from './store';
import { SERVER_OPTIONS, SERVER_USAGE, serverHelp } from './cli-options';

/** A demo seed with fresh random credentials (printed once, when the database is created). */
function demoSeed(): SeedFile {
  return {
    name: 'QuickBox demo',
    users: [
      {
        username: 'admin',
        password: randomBytes(12).toString('base64url'),
        permissions: [...PERMISSIONS],
      },
      {
        username: 'auditor',
        password: randomBytes(12).toString('base64url'),
        permissions: ['admin.sessions.read'],
      },
    ],
    apiKeys: [
      {
        key: `qbk_${randomBytes(18).toString('base64url')}`,
        label: 'automation',
        scopes: ['read', 'write'],
      },
      {
        key: `qbk_${randomBytes(18).toString('base64url')}`,
        label: 'monitoring',
        scopes: ['read'],
      },
    ],
  };
}

function fail(message: string): never {
  console.error(message);
  console.error(SERVER_USAGE);
  process.exit(2);
}

async function main(): Promise<void> {
  let values;
  try {
    ({ values } = parseArgs({
      args: process.argv.slice(2).filter((arg) => arg !== '--'),
      options: SERVER_OPTIONS,
      strict: true,
    }));
  } catch (error) {
    fail(error instanceof Error ? error.message : String(error));
  }
  if (values.help) {
    console.log(serverHelp());
    return;
  }
  if (!values.data) fail('--data <folder> is required.');
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    fail(`--port must be 0 to 65535, not "${values.port}".`);
  const latencyMs = Number(values.latency);
  if (!Number.isInteger(latencyMs) || latencyMs < 0)
    fail(`--latency must be a whole number of milliseconds, not "${values.latency}".`);

  let seed: SeedFile | undefined;
  let demo = false;
  if (values.seed) {
    seed = JSON.parse(readFileSync(values.seed, 'utf8')) as SeedFile;
  } else if (!databaseExists(values.data)) {
    seed = demoSeed();
    demo = true;
  }

  const server = await startReferenceServer({
    dataDir: values.data,
    host: values.host,
    port,
    seed,
    name: values.name,
    tls: values['tls-self-signed'] ? 'self-signed' : undefined,
    latencyMs,
  });
  if (demo && seed) {
    // Printed once, to the operator's terminal only: the database keeps hashes alone.
    console.log('created a demo database; its credentials (shown only now):');
    for (const user of seed.users)
      console.log(`  user ${user.username} / ${user.password} (${user.permissions.join(', ')})`);
    for (const key of seed.apiKeys ?? [])
      console.log(`  API key ${key.label}: ${key.key} (${key.scopes.join(', ')})`);
  }
  if (server.fingerprint256) console.log(`fingerprint SHA-256 ${server.fingerprint256}`);
  console.log(`listening on ${server.url}`);

  let stopping = false;
  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) return;
    stopping = true;
    server.close().then(
      () => {
        console.log(`stopped (${signal})`);
        process.exit(0);
      },
      (error: unknown) => {
        console.error('failed to stop cleanly:', error instanceof Error ? error.message : error);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(`cannot start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
