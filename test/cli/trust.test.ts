/**
 * `qbsc servers trust`: a self-signed server that came from an import (an expected
 * fingerprint, no pin, no credentials) is made usable from the command line, pinning only
 * what the admin confirmed, and it keeps its profile assignment (the same server, not a new
 * one). Against a reference server over HTTPS with a self-signed certificate.
 */

import { spawn } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { ServerView } from '../../src-shared/domain';
import { DEFAULT_SETTINGS } from '../../src-shared/settings';
import type { RunningReferenceServer } from '../../server/index';
import type { Secrets } from '../main/core/fixtures';
import { removeAll, startCore, startSeededServer, tempDir } from '../main/core/fixtures';
import { parsed, qbsc, type QbscRun } from './run-qbsc';

vi.setConfig({ testTimeout: 120_000 });

let tls: RunningReferenceServer;
let secrets: Secrets;
let fingerprint: string;
let fleetFile: string;
const folders: string[] = [];

beforeAll(async () => {
  const started = await startSeededServer({ name: 'Box TLS', tls: 'self-signed' });
  tls = started.server;
  secrets = started.secrets;
  fingerprint = tls.fingerprint256 ?? '';
  folders.push(started.dataDir);
  // Another computer's app: the server pinned there, with a profile assigned, exported.
  const { core, dataDir } = await startCore();
  folders.push(dataDir);
  const added = await core.handlers['servers:add']({
    name: 'Box TLS',
    baseUrl: tls.url,
    environment: 'production',
    credentials: { kind: 'api_key', apiKey: secrets.writeKey },
    pinnedFingerprint: fingerprint,
  });
  if (!added.ok) throw new Error(JSON.stringify(added.error));
  const profile = await core.handlers['profiles:create']({
    name: 'Hardened',
    from: { kind: 'settings', settings: DEFAULT_SETTINGS },
  });
  if (!profile.ok) throw new Error(JSON.stringify(profile.error));
  await core.handlers['profiles:assign']({
    serverId: added.value.server.id,
    profileId: profile.value.profile.id,
  });
  const exported = await core.handlers['fleet:export'](undefined);
  if (!exported.ok) throw new Error(JSON.stringify(exported.error));
  fleetFile = path.join(dataDir, 'fleet.json');
  await writeFile(fleetFile, exported.value.json);
  await core.dispose();
});
afterAll(async () => {
  await tls.close();
  await removeAll(folders);
});

async function importedFolder(): Promise<string> {
  const folder = await tempDir('qb-cli-trust-');
  folders.push(folder);
  const imported = await qbsc(folder, ['import', fleetFile, '--yes']);
  expect(imported.code, imported.stderr).toBe(0);
  return folder;
}

async function serverIn(folder: string): Promise<ServerView> {
  const list = parsed<{ servers: ServerView[] }>(await qbsc(folder, ['--json', 'servers', 'list']));
  const server = list.servers.find((entry) => entry.name === 'Box TLS');
  if (!server) throw new Error('Box TLS is not listed');
  return server;
}

function otherFingerprint(): string {
  const first = fingerprint.slice(0, 2) === 'AA' ? 'BB' : 'AA';
  return `${first}${fingerprint.slice(2)}`;
}

describe('qbsc servers trust', () => {
  it('shows the presented and the imported fingerprints, pins only an exact --pin, and keeps the profile', async () => {
    const folder = await importedFolder();
    const before = await serverIn(folder);
    expect(before).toMatchObject({ pinnedFingerprint: null, expectedFingerprint: fingerprint });
    // Credentials cannot be set while the certificate is not trusted: the hint says what to run.
    const credentials = await qbsc(
      folder,
      ['servers', 'set-credentials', 'Box TLS', '--api-key-stdin'],
      secrets.writeKey,
    );
    expect(credentials.code).toBe(71);
    expect(credentials.stderr).toContain('qbsc servers trust "Box TLS"');

    // No terminal and no --pin: the fingerprints are shown, nothing is pinned (71).
    const shown: QbscRun = await qbsc(folder, ['servers', 'trust', 'Box TLS']);
    expect(shown.code, shown.stderr).toBe(71);
    expect(shown.stderr).toMatch(new RegExp(`presented.*${fingerprint}`));
    expect(shown.stderr).toMatch(new RegExp(`expected.*${fingerprint}`));
    expect(shown.stderr).toContain('matches the fingerprint the imported file expected');
    expect(shown.stderr).toContain(`--pin ${fingerprint}`);
    // A --pin that is not what the server presents pins nothing.
    const wrong = await qbsc(folder, ['servers', 'trust', 'Box TLS', '--pin', otherFingerprint()]);
    expect(wrong.code).toBe(71);
    expect(wrong.stderr).toContain('is not the fingerprint the server presents');
    expect((await serverIn(folder)).pinnedFingerprint).toBeNull();

    const pinned = await qbsc(folder, [
      'servers',
      'trust',
      'Box TLS',
      '--pin',
      fingerprint.toLowerCase(),
    ]);
    expect(pinned.code, pinned.stderr).toBe(0);
    const after = await serverIn(folder);
    expect(after).toMatchObject({
      id: before.id,
      pinnedFingerprint: fingerprint,
      expectedFingerprint: null,
    });
    const saved = await qbsc(
      folder,
      ['servers', 'set-credentials', 'Box TLS', '--api-key-stdin'],
      secrets.writeKey,
    );
    expect(saved.code, saved.stderr).toBe(0);
    const profiles = parsed<{ assignments: Record<string, string> }>(
      await qbsc(folder, ['--json', 'profiles', 'list']),
    );
    expect(Object.keys(profiles.assignments)).toEqual([before.id]);
    expect((await qbsc(folder, ['servers', 'test', 'Box TLS'])).code).toBe(0);
  });

  it('pins after a yes typed at the terminal', async () => {
    const folder = await importedFolder();
    const command = [process.execPath, path.resolve(__dirname, '../../bin/qbsc.cjs')]
      .concat(['--data-dir', folder, 'servers', 'trust', 'Box TLS'])
      .map((word) => `'${word.replaceAll("'", "'\\''")}'`)
      .join(' ');
    // util-linux `script` runs it on a pseudo-terminal, as a person's shell would.
    const child = spawn('script', ['-qec', command, '/dev/null'], { env: process.env });
    let output = '';
    let typed = false;
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
      if (!typed && output.includes('[y/N]')) {
        typed = true;
        child.stdin.write('y\r');
      }
    });
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(code, output).toBe(0);
    expect(output).toContain(fingerprint);
    expect((await serverIn(folder)).pinnedFingerprint).toBe(fingerprint);
  });
});
