/**
 * Every row of the exit-code table (README.md and `qbsc --help`), each made to happen with
 * the real binary against real reference servers on loopback: a script reads these codes, so
 * each one must mean what the table says.
 */

import { hostname } from 'node:os';
import { readFile, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { DEFAULT_SETTINGS, setField } from '../../src-shared/settings';
import { createKeytarStore } from '../../src-main/core/registry/credential-store';
import { EXIT_CODE_TABLE } from '../../src-cli/exit-codes';
import {
  changePassword,
  deadPort,
  removeAll,
  startCore,
  startSeededServer,
  tempDir,
} from '../main/core/fixtures';
import { changeBehindTheAppsBack, readDirectly, useFleet } from '../main/core/fleet-fixtures';
import { qbsc, startQbsc, type QbscRun } from './run-qbsc';

vi.setConfig({ testTimeout: 120_000 });

const fleet = useFleet({
  'Box A': DEFAULT_SETTINGS,
  'Box B': setField(DEFAULT_SETTINGS, 'timeouts.idleMinutes', 20),
});
let dataDir: string;
const folders: string[] = [];
const tested = new Set<number>();

async function run(args: readonly string[], input = '', env = {}): Promise<QbscRun> {
  return qbsc(dataDir, args, input, env);
}

/** Expects `code` and records the row as tested. */
function expectExit(result: QbscRun, code: number): void {
  expect(result.code, `${result.stderr}\n${result.stdout}`).toBe(code);
  tested.add(code);
}

beforeAll(async () => {
  dataDir = await tempDir('qb-cli-exit-');
  folders.push(dataDir);
  const { core } = await startCore({ dataDir, credentialStore: createKeytarStore() });
  const add = async (name: string, url: string, apiKey: string): Promise<void> => {
    const added = await core.handlers['servers:add']({
      name,
      baseUrl: url,
      environment: null,
      credentials: { kind: 'api_key', apiKey },
    });
    expect(added.ok, JSON.stringify(added)).toBe(true);
  };
  const a = fleet.member('Box A');
  await add('Box A', a.server.url, a.secrets.writeKey);
  await add('Box B', fleet.member('Box B').server.url, fleet.member('Box B').secrets.writeKey);
  await add('Box R', a.server.url, a.secrets.readKey);
  await core.dispose();
  return () => removeAll(folders);
});

describe('the exit-code table', () => {
  it('0: success', async () => {
    const result = await run(['servers', 'list']);
    expectExit(result, 0);
    expect(result.stdout).toMatch(/^Box A\s/m);
  });

  it('0 and 2: drift show and fleet drift, a server that matches its profile and one that drifted', async () => {
    expectExit(await run(['profiles', 'create', 'Base', '--from-server', 'Box A']), 0);
    expectExit(await run(['profiles', 'assign', 'Base', 'Box A', 'Box B']), 0);
    expectExit(await run(['drift', 'show', 'Box A']), 0);
    expectExit(await run(['drift', 'show', 'Box B']), 2);
    expectExit(await run(['fleet', 'drift']), 2);
    expectExit(await run(['fleet', 'drift', 'Box A']), 64);
  });

  it('2: settings diff finds a difference; fleet plan would change something (0: nothing)', async () => {
    expectExit(await run(['settings', 'diff', 'Box A', 'Box B']), 2);
    expectExit(await run(['fleet', 'plan', '--from', 'Box B', '--to', 'Box A']), 2);
    expectExit(
      await run(['fleet', 'plan', '--from', 'Box B', '--to', 'Box A', '--sections', 'concurrency']),
      0,
    );
  });

  it('64: usage, for an unknown command, a malformed field=value and a missing --confirm', async () => {
    expectExit(await run(['servers', 'lst']), 64);
    expectExit(await run(['settings', 'set', 'Box A', 'timeouts.idleMinutes=abc']), 64);
    expectExit(await run(['settings', 'set', 'Box A', 'timeouts.idleMinutes']), 64);
    expectExit(await run(['settings', 'set', 'Box A', 'timeouts.idle=5']), 64);
    expectExit(await run(['sessions', 'invalidate-all', 'Box A']), 64);
    expectExit(await run(['events', '--type', 'nonsense']), 64);
    expectExit(await run(['drift', 'accept', 'Box B', 'timeouts.idleMinutes']), 64);
    expectExit(await run(['servers', 'mute', 'Box A']), 64);
    expectExit(await run(['--json', 'name,nonsense', 'servers', 'list']), 64);
  });

  it('65: settings the rules refuse, with nothing changed', async () => {
    expectExit(await run(['settings', 'set', 'Box A', 'timeouts.idleMinutes=2d']), 65);
    expect((await readDirectly(fleet.member('Box A'))).timeouts.idleMinutes).toBe(30);
  });

  it('66: no such server or profile', async () => {
    expectExit(await run(['settings', 'get', 'Nowhere']), 66);
    expectExit(await run(['profiles', 'show', 'Nowhere']), 66);
    // Box R follows no profile: there is none to compare it with.
    expectExit(await run(['drift', 'show', 'Box R']), 66);
  });

  it('67: a "no" to the question, or --confirm that does not match', async () => {
    expectExit(await run(['servers', 'remove', 'Box B'], 'n\n'), 67);
    expectExit(await run(['sessions', 'invalidate-all', 'Box A', '--confirm', 'box a']), 67);
    expectExit(await run(['servers', 'remove', 'Box B'], 'y\n', { QBSC_NO_PROMPT: '1' }), 67);
    expectExit(await run(['drift', 'revert', 'Box B'], 'n\n'), 67);
  });

  it('68: someone changed the settings between the plan and the save', async () => {
    const session = startQbsc(dataDir, ['fleet', 'apply', '--from', 'Box B', '--to', 'Box A']);
    await session.waitForStderr('Apply these changes to Box A?');
    await changeBehindTheAppsBack(fleet.member('Box A'), (settings) =>
      setField(settings, 'timeouts.idleMinutes', 25),
    );
    session.child.stdin.end('y\n');
    expectExit(await session.done, 68);
    expect((await readDirectly(fleet.member('Box A'))).timeouts.idleMinutes).toBe(25);
    await changeBehindTheAppsBack(fleet.member('Box A'), () => DEFAULT_SETTINGS);
  });

  it('68: a saved plan whose target moved since (fleet apply --plan), nothing applied', async () => {
    const file = path.join(dataDir, 'plan-68.json');
    expectExit(await run(['fleet', 'plan', '--from', 'Box B', '--to', 'Box A', '--out', file]), 2);
    await changeBehindTheAppsBack(fleet.member('Box A'), (settings) =>
      setField(settings, 'concurrency.maxSessionsPerUser', 4),
    );
    expectExit(await run(['fleet', 'apply', '--plan', file, '--yes']), 68);
    expect((await readDirectly(fleet.member('Box A'))).timeouts.idleMinutes).toBe(30);
    await changeBehindTheAppsBack(fleet.member('Box A'), () => DEFAULT_SETTINGS);
  });

  it('69: nobody answers', async () => {
    const url = `http://127.0.0.1:${await deadPort()}`;
    expectExit(await run(['servers', 'add', 'Box D', url, '--api-key-stdin'], 'qbk_any'), 69);
  });

  it('71: an untrusted certificate', async () => {
    const tls = await startSeededServer({ name: 'Box TLS', tls: 'self-signed' });
    folders.push(tls.dataDir);
    try {
      const result = await run(
        ['servers', 'add', 'Box TLS', tls.server.url, '--api-key-stdin'],
        tls.secrets.writeKey,
      );
      expectExit(result, 71);
    } finally {
      await tls.server.close();
    }
  });

  it('72: rejected credentials', async () => {
    const url = fleet.member('Box A').server.url;
    const result = await run(
      ['servers', 'add', 'Box E', url, '--username', 'admin', '--password-stdin'],
      'not-the-password',
    );
    expectExit(result, 72);
  });

  it('73: credentials that lack a permission', async () => {
    expectExit(await run(['settings', 'set', 'Box R', 'timeouts.idleMinutes=25']), 73);
    expect((await readDirectly(fleet.member('Box A'))).timeouts.idleMinutes).toBe(30);
  });

  it('74: no keychain', async () => {
    const result = await run(
      ['servers', 'add', 'Box F', fleet.member('Box A').server.url, '--api-key-stdin'],
      fleet.member('Box A').secrets.writeKey,
      { DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/bus' },
    );
    expectExit(result, 74);
  });

  it('75: the app runs on the data folder', async () => {
    const folder = await tempDir('qb-cli-exit-app-');
    folders.push(folder);
    // Chromium's single-instance lock, as a running app leaves it: <host>-<pid>, pid alive.
    await symlink(`${hostname()}-${process.pid}`, path.join(folder, 'SingletonLock'));
    const result = await qbsc(folder, ['servers', 'add', 'Box G', 'https://box-g.example'], '');
    expectExit(result, 75);
  });

  it('76: the data folder cannot be used', async () => {
    const file = path.join(dataDir, 'not-a-folder');
    await writeFile(file, 'a file, not a folder\n');
    expectExit(await qbsc(file, ['servers', 'list']), 76);
  });

  it('77: servers failed in different ways', async () => {
    const gone = await startSeededServer({ name: 'Box Gone' });
    const changing = await startSeededServer({ name: 'Box Changed' });
    folders.push(gone.dataDir, changing.dataDir);
    const folder = await tempDir('qb-cli-exit-partial-');
    folders.push(folder);
    const { core } = await startCore({ dataDir: folder, credentialStore: createKeytarStore() });
    const healthy = await core.handlers['servers:add']({
      name: 'Box A',
      baseUrl: fleet.member('Box A').server.url,
      environment: null,
      credentials: { kind: 'api_key', apiKey: fleet.member('Box A').secrets.writeKey },
    });
    expect(healthy.ok).toBe(true);
    for (const [name, started] of [
      ['Box Gone', gone],
      ['Box Changed', changing],
    ] as const) {
      const added = await core.handlers['servers:add']({
        name,
        baseUrl: started.server.url,
        environment: null,
        credentials: {
          kind: 'account',
          username: 'admin',
          password: started.secrets.adminPassword,
        },
      });
      expect(added.ok).toBe(true);
    }
    await core.signOut();
    await core.dispose();
    await gone.server.close();
    await changePassword(changing.dataDir, 'admin', 'a-new-password');
    try {
      const result = await qbsc(folder, ['servers', 'test']);
      expect(result.stdout).toMatch(/^Box Gone\s+unreachable: /m);
      expect(result.stdout).toMatch(/^Box Changed\s+unauthorized: /m);
      expectExit(result, 77);
      // events reads each server's feed: two failed in different ways is 77 too, one
      // failure beside a server that answered is that failure's code, as servers test has it.
      const events = await qbsc(folder, ['--json', 'events', '--all']);
      expect(events.stderr).toContain('Box Gone');
      expectExit(events, 77);
      expectExit(await qbsc(folder, ['events', 'Box A', 'Box Gone']), 69);
      expectExit(await qbsc(folder, ['servers', 'test', 'Box A', 'Box Gone']), 69);
    } finally {
      await changing.server.close();
    }
  });

  it('is the table the README shows, row for row', async () => {
    const readme = await readFile(path.resolve(__dirname, '../../README.md'), 'utf8');
    const start = readme.indexOf('Exit codes (also at the end of `qbsc --help`)');
    const section = readme.slice(start, readme.indexOf('\n## ', start));
    const rows = [...section.matchAll(/^\| (\d+) +\|/gm)].map((match) => Number(match[1]));
    expect(rows).toEqual(EXIT_CODE_TABLE.map(([code]) => code));
  });

  it('has seen every row of the table happen (the tests above, in order)', () => {
    // 130 and 143 (a signal at a question) are made to happen in interrupt.test.ts (and 130
    // at the password prompt in prompt.test.ts). 70 is a defect of qbsc or core: every
    // failure a person, a file, a server or the system causes has a code of its own, and no
    // input is known that reaches 70 (the one found, Ctrl-C at the password prompt, is 130).
    const rows = EXIT_CODE_TABLE.map(([code]) => code).filter((code) => code < 128 && code !== 70);
    expect([...tested].sort((a, b) => a - b)).toEqual(rows);
  });
});
