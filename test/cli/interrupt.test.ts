/**
 * Ctrl-C (SIGINT) or a SIGTERM while qbsc waits at a question: it signs out of the accounts
 * it signed in with (bounded) and exits 130 / 143, so no admin session is left on the server
 * to count against the account's per-user limit.
 */

import { beforeAll, describe, expect, it, vi } from 'vitest';
import { DEFAULT_SETTINGS, setField } from '../../src-shared/settings';
import { createKeytarStore } from '../../src-main/core/registry/credential-store';
import { removeAll, startCore, tempDir } from '../main/core/fixtures';
import { readDirectly, useFleet } from '../main/core/fleet-fixtures';
import { parsed, startQbsc } from './run-qbsc';

vi.setConfig({ testTimeout: 120_000 });

const fleet = useFleet({
  Source: setField(DEFAULT_SETTINGS, 'timeouts.idleMinutes', 20),
  Target: DEFAULT_SETTINGS,
});
let dataDir: string;

/** The active sessions of `admin` on the target, as its read key lists them. */
async function adminSessions(): Promise<number> {
  const target = fleet.member('Target');
  const reply = await fetch(`${target.server.url}/api/sessions?username=admin`, {
    headers: { 'x-api-key': target.secrets.readKey },
  });
  expect(reply.status).toBe(200);
  return ((await reply.json()) as { sessions: unknown[] }).sessions.length;
}

beforeAll(async () => {
  dataDir = await tempDir('qb-cli-interrupt-');
  const { core } = await startCore({ dataDir, credentialStore: createKeytarStore() });
  const source = fleet.member('Source');
  const target = fleet.member('Target');
  for (const [name, url, credentials] of [
    ['Source', source.server.url, { kind: 'api_key', apiKey: source.secrets.writeKey }],
    [
      'Target',
      target.server.url,
      { kind: 'account', username: 'admin', password: target.secrets.adminPassword },
    ],
  ] as const) {
    const added = await core.handlers['servers:add']({
      name,
      baseUrl: url,
      environment: null,
      credentials,
    });
    expect(added.ok, JSON.stringify(added)).toBe(true);
  }
  await core.signOut();
  await core.dispose();
  return () => removeAll([dataDir]);
});

describe('qbsc interrupted at a question', () => {
  it.each([
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const)('signs out on %s and exits %i, applying nothing', async (signal, code) => {
    expect(await adminSessions()).toBe(0);
    const session = startQbsc(dataDir, [
      '--json',
      'fleet',
      'apply',
      '--from',
      'Source',
      '--to',
      'Target',
    ]);
    await session.waitForStderr('Apply these changes to Target?');
    // The plan read the target as admin: its session is there while the question waits.
    expect(await adminSessions()).toBe(1);
    session.child.kill(signal);
    const result = await session.done;
    expect(result.code, result.stderr).toBe(code);
    expect(await adminSessions()).toBe(0);
    expect(parsed(result)).toMatchObject({ error: { code: 'interrupted' }, exitCode: code });
    expect((await readDirectly(fleet.member('Target'))).timeouts.idleMinutes).toBe(30);
  });
});
