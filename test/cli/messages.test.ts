/**
 * What qbsc says when something fails: each message once, in the command line's words (no
 * channel names, no "the app", no "edit the server"), naming fields as the admin typed them.
 * The real binary against a reference server.
 */

import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { useSeededServer } from '../main/core/fixtures';
import { qbsc, type QbscRun } from './run-qbsc';

vi.setConfig({ testTimeout: 120_000 });
const shared = useSeededServer({ name: 'Box M' });
let dataDir: string;

function occurrences(text: string, part: string): number {
  return text.split(part).length - 1;
}

/** Nothing of another tool's words or of core's internal names. */
function expectOwnWords(result: QbscRun): void {
  const said = result.stderr + result.stdout;
  for (const foreign of [':add', ':update', 'baseUrl', 'The app', 'Edit the server', 'the app']) {
    expect(said, said).not.toContain(foreign);
  }
}

beforeAll(async () => {
  dataDir = await shared.tempDir('qb-cli-messages-');
  const added = await qbsc(
    dataDir,
    ['servers', 'add', 'Box M', shared.server.url, '--api-key-stdin'],
    shared.secrets.writeKey,
  );
  expect(added.code, added.stderr).toBe(0);
});

describe('qbsc error messages', () => {
  it('says a value that cannot be read once, naming the field as typed', async () => {
    const result = await qbsc(dataDir, ['settings', 'set', 'Box M', 'timeouts.idleMinutes=abc']);
    expect(result.code).toBe(64);
    expect(occurrences(result.stderr, 'must be a duration')).toBe(1);
    expect(result.stderr).toContain('timeouts.idleMinutes');
  });

  it('names an address that is not one as the address, not by an internal name', async () => {
    const result = await qbsc(
      dataDir,
      ['servers', 'add', 'Box N', 'box-n.example:x', '--api-key-stdin'],
      'qbk_any',
    );
    expect(result.code).toBe(65);
    expectOwnWords(result);
    expect(result.stderr).toMatch(/address .*must be an http:\/\/ or https:\/\/ address/i);
    expect(occurrences(result.stderr, 'must be an http')).toBe(1);
  });

  it('says a rejected password without promises about a server that was never added', async () => {
    const result = await qbsc(
      dataDir,
      ['servers', 'add', 'Box N', shared.server.url, '--username', 'admin', '--password-stdin'],
      'not-the-password',
    );
    expect(result.code).toBe(72);
    expectOwnWords(result);
    expect(result.stderr).toContain('did not accept the username or password');
  });

  it('says how to give an imported server its credentials, with qbsc', async () => {
    const exported = await qbsc(dataDir, ['export']);
    const other = await shared.tempDir('qb-cli-messages-import-');
    const file = path.join(other, 'fleet.json');
    await writeFile(file, exported.stdout);
    expect((await qbsc(other, ['import', file, '--yes'])).code).toBe(0);
    const result = await qbsc(other, ['settings', 'get', 'Box M']);
    expect(result.code).toBe(72);
    expectOwnWords(result);
    expect(result.stderr).toContain('qbsc servers set-credentials "Box M"');
  });

  it('does not call a made-up session id one that has ended', async () => {
    const result = await qbsc(dataDir, ['sessions', 'revoke', 'Box M', 'no-such-session']);
    expect(result.code).toBe(66);
    expect(result.stderr).not.toContain('not active any more');
    expect(result.stderr).toContain('no active session');
  });

  it('names the fields of a refused import entry by their labels', async () => {
    const file = path.join(dataDir, 'bad-fleet.json');
    await writeFile(
      file,
      JSON.stringify({
        format: 'quickbox-session-companion/fleet',
        version: 1,
        servers: [
          {
            name: 'Box Q',
            baseUrl: 'ftp://box-q.example',
            environment: null,
            authKind: 'api_key',
            username: null,
            pinnedFingerprint: null,
          },
        ],
        profiles: [],
        assignments: [],
      }),
    );
    const result = await qbsc(dataDir, ['import', file], 'n\n');
    expectOwnWords(result);
    expect(result.stdout + result.stderr).toMatch(/Box Q: not valid: Address must be an http/);
  });
});
