/**
 * `--dry-run` on the commands that write the server list, the keychain, the profiles or a
 * file: `servers add`, `servers set-credentials`, `servers trust`, `profiles create`,
 * `import` and `export <file>`. Each prints what it would do (never a secret) and leaves the
 * data folder, file for file, and the keychain entries as they were; a dry run still reads
 * and tests what the real run would (a wrong password is 72, a mismatched --pin 71). The real
 * binary, reference servers on loopback (one over HTTPS with a self-signed certificate) and
 * a throw-away keyring (scripts/with-keyring.sh).
 */

import { existsSync } from 'node:fs';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { findCredentials } from 'keytar';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { ServerView } from '../../src-shared/domain';
import { DEFAULT_SETTINGS } from '../../src-shared/settings';
import type { RunningReferenceServer } from '../../server/index';
import { createKeytarStore, KEYCHAIN_SERVICE } from '../../src-main/core/registry/credential-store';
import type { Secrets } from '../main/core/fixtures';
import { removeAll, startCore, startSeededServer, tempDir } from '../main/core/fixtures';
import { useFleet } from '../main/core/fleet-fixtures';
import { parsed, qbsc, type QbscRun } from './run-qbsc';

vi.setConfig({ testTimeout: 120_000 });

const fleet = useFleet({ 'Box A': DEFAULT_SETTINGS });
let tls: RunningReferenceServer;
let tlsSecrets: Secrets;
let dataDir: string;
let fleetFile: string;
const folders: string[] = [];

function run(args: readonly string[], input = ''): Promise<QbscRun> {
  return qbsc(dataDir, args, input);
}

/** Every file of a folder, by its path inside it, with its content. */
async function filesOf(folder: string): Promise<Record<string, string>> {
  const files: Record<string, string> = {};
  for (const entry of await readdir(folder, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    files[path.relative(folder, file)] = await readFile(file, 'utf8');
  }
  return files;
}

/**
 * The keychain entries of this test: those of the folder's servers, and any that holds one
 * of the secrets its dry runs were given (other test files may share the keyring).
 */
async function keychainOf(folder: string): Promise<string[]> {
  const ids = new Set(
    parsed<{ servers: ServerView[] }>(
      await qbsc(folder, ['--json', 'servers', 'list']),
    ).servers.map((server) => server.id),
  );
  const secrets = [
    fleet.member('Box A').secrets.adminPassword,
    fleet.member('Box A').secrets.readKey,
    tlsSecrets.writeKey,
  ];
  return (await findCredentials(KEYCHAIN_SERVICE))
    .filter(
      (entry) =>
        ids.has(entry.account) || secrets.some((secret) => entry.password.includes(secret)),
    )
    .map((entry) => `${entry.account}=${entry.password}`)
    .sort();
}

/** The data folder and the keychain as they are now. */
async function stateOf(
  folder: string,
): Promise<{ files: Record<string, string>; keychain: string[] }> {
  return { files: await filesOf(folder), keychain: await keychainOf(folder) };
}

/** Runs `args` in dry run and expects exit 0, `said` on stdout and nothing changed. */
async function expectDryRun(args: readonly string[], said: string, input = ''): Promise<QbscRun> {
  const before = await stateOf(dataDir);
  const result = await run(args, input);
  expect(result.code, `${result.stderr}\n${result.stdout}`).toBe(0);
  expect(result.stdout).toContain(said);
  expect(await stateOf(dataDir)).toEqual(before);
  for (const secret of Object.values({ ...fleet.member('Box A').secrets, ...tlsSecrets })) {
    expect(result.stdout + result.stderr).not.toContain(secret);
  }
  return result;
}

beforeAll(async () => {
  const started = await startSeededServer({ name: 'Box TLS', tls: 'self-signed' });
  tls = started.server;
  tlsSecrets = started.secrets;
  folders.push(started.dataDir);
  // Another computer's app: Box TLS pinned there and a profile, exported as a fleet file.
  const other = await startCore();
  folders.push(other.dataDir);
  const pinned = await other.core.handlers['servers:add']({
    name: 'Box TLS',
    baseUrl: tls.url,
    environment: 'production',
    credentials: { kind: 'api_key', apiKey: tlsSecrets.writeKey },
    pinnedFingerprint: tls.fingerprint256 ?? '',
  });
  expect(pinned.ok, JSON.stringify(pinned)).toBe(true);
  const profile = await other.core.handlers['profiles:create']({
    name: 'Hardened',
    from: { kind: 'settings', settings: DEFAULT_SETTINGS },
  });
  expect(profile.ok, JSON.stringify(profile)).toBe(true);
  const exported = await other.core.handlers['fleet:export'](undefined);
  if (!exported.ok) throw new Error(JSON.stringify(exported.error));
  fleetFile = path.join(other.dataDir, 'fleet.json');
  await writeFile(fleetFile, exported.value.json);
  await other.core.dispose();
  // This computer: Box A with the write key, and Box TLS imported (expected, not pinned).
  dataDir = await tempDir('qb-cli-dry-');
  folders.push(dataDir);
  const { core } = await startCore({ dataDir, credentialStore: createKeytarStore() });
  const added = await core.handlers['servers:add']({
    name: 'Box A',
    baseUrl: fleet.member('Box A').server.url,
    environment: 'production',
    credentials: { kind: 'api_key', apiKey: fleet.member('Box A').secrets.writeKey },
  });
  expect(added.ok, JSON.stringify(added)).toBe(true);
  const imported = await core.handlers['fleet:import-apply']({ json: exported.value.json });
  expect(imported.ok, JSON.stringify(imported)).toBe(true);
  await core.dispose();
});
afterAll(async () => {
  await tls.close();
  await removeAll(folders);
});

describe('--dry-run on servers add', () => {
  it('tests the server with the piped password, prints what it would add, saves nothing', async () => {
    const url = fleet.member('Box A').server.url;
    const password = fleet.member('Box A').secrets.adminPassword;
    const args = ['servers', 'add', 'Box N', url, '--username', 'admin', '--password-stdin'];
    const text = await expectDryRun(
      [...args, '--env', 'staging', '--dry-run'],
      'Would add Box N',
      password,
    );
    expect(text.stdout).toContain('Dry run: nothing was saved.');
    const json = await expectDryRun(['--json', ...args, '--dry-run'], '"dryRun": true', password);
    expect(parsed(json)).toMatchObject({ server: { name: 'Box N', baseUrl: url }, added: false });
    // It did test: a wrong password is refused as the real run refuses it.
    const wrong = await run([...args, '--dry-run'], 'not-the-password');
    expect(wrong.code, wrong.stderr).toBe(72);
    // And a name already listed is refused before anything is sent.
    const taken = await run(['servers', 'add', 'box a', url, '--api-key-stdin', '--dry-run'], 'x');
    expect(taken.code, taken.stderr).toBe(65);
  });
});

describe('--dry-run on servers set-credentials', () => {
  it('tests the new key against the server and keeps the old one in the keychain', async () => {
    const result = await expectDryRun(
      ['servers', 'set-credentials', 'Box A', '--api-key-stdin', '--dry-run'],
      'Would save the new credentials of Box A',
      fleet.member('Box A').secrets.readKey,
    );
    expect(result.stdout).toContain('Dry run: nothing was saved.');
  });
});

describe('--dry-run on servers trust', () => {
  it('shows the certificate and what it would pin, with no terminal and no --pin, pinning nothing', async () => {
    const result = await expectDryRun(
      ['servers', 'trust', 'Box TLS', '--dry-run'],
      `Would pin the certificate of Box TLS (${tls.fingerprint256 ?? ''})`,
    );
    expect(result.stderr).toContain('It matches the fingerprint the imported file expected.');
    const other = (tls.fingerprint256 ?? '').replace(/^../, (pair) =>
      pair === 'AA' ? 'BB' : 'AA',
    );
    const mismatch = await run(['servers', 'trust', 'Box TLS', '--pin', other, '--dry-run']);
    expect(mismatch.code, mismatch.stderr).toBe(71);
  });
});

describe('--dry-run on profiles create', () => {
  it("reads the server's settings and prints the profile it would create", async () => {
    const result = await expectDryRun(
      ['profiles', 'create', 'Base', '--from-server', 'Box A', '--dry-run'],
      'Would create profile Base from Box A',
    );
    expect(result.stdout).toContain('timeouts.idleMinutes');
    const file = path.join(dataDir, '..', `bad-settings-${path.basename(dataDir)}.json`);
    folders.push(file);
    await writeFile(file, JSON.stringify({ ...DEFAULT_SETTINGS, timeouts: { idleMinutes: -1 } }));
    const bad = await run(['profiles', 'create', 'Bad', '--settings', file, '--dry-run']);
    expect(bad.code, bad.stderr).toBe(65);
    const taken = await run([
      'profiles',
      'create',
      'hardened',
      '--from-server',
      'Box A',
      '--dry-run',
    ]);
    expect(taken.code, taken.stderr).toBe(65);
  });
});

describe('--dry-run on import and export', () => {
  it('previews an import and imports nothing, in a folder the file would change', async () => {
    const fresh = await tempDir('qb-cli-dry-import-');
    folders.push(fresh);
    expect((await qbsc(fresh, ['servers', 'list'])).code).toBe(0);
    const before = await stateOf(fresh);
    const result = await qbsc(fresh, ['import', fleetFile, '--dry-run']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('Servers to add:');
    expect(result.stdout).toContain('Dry run: nothing was imported.');
    expect(await stateOf(fresh)).toEqual(before);
    const json = parsed(await qbsc(fresh, ['--json', 'import', fleetFile, '--dry-run']));
    expect(json).toMatchObject({ imported: false, dryRun: true });
  });

  it('says what export would write to a file, and writes none', async () => {
    const file = path.join(dataDir, '..', `export-${path.basename(dataDir)}.json`);
    folders.push(file);
    const result = await expectDryRun(['export', file, '--dry-run'], `Would export 2 servers`);
    expect(result.stdout).toContain(file);
    expect(existsSync(file)).toBe(false);
  });
});
