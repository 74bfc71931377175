import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { ServerView } from '../../src-shared/domain';
import { deadPort, removeAll, startSeededServer, useSeededServer } from '../main/core/fixtures';
import type { RunningReferenceServer } from '../../server/index';
import { parsed, qbsc, startQbsc, type QbscRun } from './run-qbsc';

// The real binary against a real reference server and the session's throw-away keychain.
// Each run starts Node and tsx (about a second, several on a loaded machine): a test of a
// few runs gets a generous bound, never a timed assertion.
vi.setConfig({ testTimeout: 120_000 });
const shared = useSeededServer({ name: 'Box A' });
const runs: QbscRun[] = [];
let dataDir: string;

async function run(args: readonly string[], input = ''): Promise<QbscRun> {
  const result = await qbsc(dataDir, args, input);
  runs.push(result);
  return result;
}

async function listed(): Promise<ServerView[]> {
  return parsed<{ servers: ServerView[] }>(await run(['servers', 'list', '--json'])).servers;
}

beforeAll(async () => {
  dataDir = await shared.tempDir('qb-cli-');
});

describe('qbsc servers', () => {
  it('adds a server with the password piped on stdin, never in argv, and prints parseable JSON', async () => {
    const session = startQbsc(dataDir, [
      '--json',
      'servers',
      'add',
      'Box A',
      shared.server.url,
      '--env',
      'production',
      '--username',
      'admin',
      '--password-stdin',
    ]);
    session.child.stdin.end(`${shared.secrets.adminPassword}\n`);
    const result = await session.done;
    runs.push(result);
    expect(result.code, result.stderr).toBe(0);
    expect(session.cmdline).toContain('servers add Box A');
    expect(session.cmdline).not.toContain(shared.secrets.adminPassword);
    const added = parsed<{ server: ServerView; connection: { summary: string } }>(result);
    expect(added.server).toMatchObject({
      name: 'Box A',
      environment: 'production',
      authKind: 'account',
    });
    expect(added.connection.summary).toBe('Connected');
  });

  it('adds a server with an API key from stdin, and lists both in a table and as JSON', async () => {
    const add = await run(
      ['servers', 'add', 'Box A key', shared.server.url, '--api-key-stdin'],
      shared.secrets.writeKey,
    );
    expect(add.code, add.stderr).toBe(0);
    expect(add.stdout).toMatch(/^Added Box A key \(.+\): Connected\.$/m);
    const table = await run(['servers', 'list']);
    expect(table.stdout).toMatch(/^NAME\s+ENV\s+ADDRESS\s+AUTH/m);
    expect(table.stdout).toMatch(
      /^Box A\s+Production\s+http:\/\/127\.0\.0\.1:\d+\s+account admin/m,
    );
    expect((await listed()).map((server) => server.name)).toEqual(['Box A', 'Box A key']);
  });

  it('refuses to read a password without a terminal unless --password-stdin says so (exit 64)', async () => {
    const result = await run(['servers', 'add', 'Box B', shared.server.url, '--username', 'admin']);
    expect(result.code).toBe(64);
    expect(result.stderr).toContain('pipe it on stdin with --password-stdin');
  });

  it('says why a server cannot be added: a rejected password (72), nobody listening (69), no keychain (74)', async () => {
    const rejected = await run(
      ['servers', 'add', 'Box B', shared.server.url, '--username', 'admin', '--password-stdin'],
      'not-the-password',
    );
    expect(rejected.code).toBe(72);
    const unreachable = await run(
      [
        '--json',
        'servers',
        'add',
        'Box C',
        `http://127.0.0.1:${await deadPort()}`,
        '--api-key-stdin',
      ],
      'qbk_whatever',
    );
    expect(unreachable.code).toBe(69);
    // A session bus that is not there: no keychain, so nothing is saved (and never in a file).
    const noKeychain = await qbsc(
      dataDir,
      ['servers', 'add', 'Box E', shared.server.url, '--api-key-stdin'],
      shared.secrets.writeKey,
      { DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/bus' },
    );
    runs.push(noKeychain);
    expect(noKeychain.code).toBe(74);
    expect(noKeychain.stderr).toContain('gnome-keyring');
    expect(parsed<{ error: { code: string }; exitCode: number }>(unreachable)).toMatchObject({
      error: { code: 'unreachable' },
      exitCode: 69,
    });
    expect((await listed()).map((server) => server.name)).toEqual(['Box A', 'Box A key']);
  });

  it('tests every server', async () => {
    const result = await run(['servers', 'test']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^Box A\s+Connected$/m);
    expect(result.stdout).toMatch(/^Box A key\s+Connected$/m);
  });
});

describe('qbsc servers with a self-signed certificate', () => {
  let tls: RunningReferenceServer;
  let tlsFolder: string;

  beforeAll(async () => {
    const started = await startSeededServer({
      name: 'Box TLS',
      tls: 'self-signed',
      secrets: shared.secrets,
    });
    tls = started.server;
    tlsFolder = started.dataDir;
  });
  afterAll(async () => {
    await tls.close();
    await removeAll([tlsFolder]);
  });

  it('shows the certificate and refuses it unpinned (71), then pins the fingerprint given with --pin', async () => {
    const unpinned = await run(
      ['servers', 'add', 'Box TLS', tls.url, '--api-key-stdin'],
      shared.secrets.writeKey,
    );
    expect(unpinned.code).toBe(71);
    expect(unpinned.stderr).toContain(tls.fingerprint256);
    expect(unpinned.stderr).toContain(`--pin ${tls.fingerprint256}`);
    const pinned = await run(
      ['servers', 'add', 'Box TLS', tls.url, '--api-key-stdin', '--pin', tls.fingerprint256 ?? ''],
      shared.secrets.writeKey,
    );
    expect(pinned.code, pinned.stderr).toBe(0);
    const server = (await listed()).find((entry) => entry.name === 'Box TLS');
    expect(server?.pinnedFingerprint).toBe(tls.fingerprint256);
    expect((await run(['servers', 'remove', 'Box TLS', '--yes'])).code).toBe(0);
  });
});

describe('qbsc settings', () => {
  it('gets the settings as a table and as JSON', async () => {
    const table = await run(['settings', 'get', 'Box A']);
    expect(table.code, table.stderr).toBe(0);
    expect(table.stdout).toMatch(/^timeouts\.idleMinutes\s+30 min\s+Idle timeout$/m);
    const json = parsed<{
      settings: { version: number; timeouts: { idleMinutes: number } };
      canUpdate: boolean;
    }>(await run(['--json', 'settings', 'get', 'box a']));
    expect(json.settings.timeouts.idleMinutes).toBe(30);
    expect(json.canUpdate).toBe(true);
  });

  it('signs out of the account it signed in with when it ends (no session left counting)', async () => {
    // Box A signs in as admin; Box A key (an API key) opens no session of its own.
    const summary = parsed<{ byUser: { username: string }[] }>(
      await run(['--json', 'sessions', 'summary', 'Box A key']),
    );
    expect(summary.byUser.map((entry) => entry.username)).not.toContain('admin');
  });

  it('sets fields with durations in their units, saving on the version it read', async () => {
    const before = parsed<{ settings: { version: number } }>(
      await run(['--json', 'settings', 'get', 'Box A']),
    );
    // Box A is a production server: --yes answers the two questions asked there.
    const result = await run([
      '--json',
      'settings',
      'set',
      'Box A',
      'timeouts.idleMinutes=0.25h',
      'timeouts.sessionMinutes=1d',
      'persistence.cookie.sameSite=strict',
      '--yes',
    ]);
    expect(result.code, result.stderr).toBe(0);
    const saved = parsed<{
      settings: { version: number; timeouts: Record<string, number> };
      changed: string[];
    }>(result);
    expect(saved.settings.version).toBe(before.settings.version + 1);
    expect(saved.settings.timeouts).toMatchObject({ idleMinutes: 15, sessionMinutes: 1440 });
    expect(saved.changed).toEqual([
      'timeouts.sessionMinutes',
      'timeouts.idleMinutes',
      'persistence.cookie.sameSite',
    ]);
  });

  it('refuses values the rules refuse (65) and an unknown field (64), naming the field, with nothing sent', async () => {
    const out = await run(['settings', 'set', 'Box A', 'timeouts.idleMinutes=2d']);
    expect(out.code).toBe(65);
    expect(out.stderr).toContain(
      'timeouts.idleMinutes: Idle timeout must be from 1 to 1,440 minutes',
    );
    const unknown = await run(['settings', 'set', 'Box A', 'timeouts.idle=5']);
    expect(unknown.code).toBe(64);
    expect(unknown.stderr).toContain('"timeouts.idle" is not a session setting');
    const json = parsed<{ settings: { timeouts: { idleMinutes: number } } }>(
      await run(['--json', 'settings', 'get', 'Box A']),
    );
    expect(json.settings.timeouts.idleMinutes).toBe(15);
  });

  it('diffs two servers: exit 0 when they match, 2 with the changes when they differ', async () => {
    const same = await run(['settings', 'diff', 'Box A', 'Box A key']);
    expect(same.code, same.stderr).toBe(0);
    expect(same.stdout).toContain('has the same settings');
    const other = await startSeededServer({ name: 'Box D', secrets: shared.secrets });
    try {
      expect(
        (
          await run(
            ['servers', 'add', 'Box D', other.server.url, '--api-key-stdin'],
            shared.secrets.writeKey,
          )
        ).code,
      ).toBe(0);
      const differs = await run(['--json', 'settings', 'diff', 'Box A', 'Box D']);
      expect(differs.code).toBe(2);
      expect(
        parsed<{ changes: { field: string; from: unknown; to: unknown }[] }>(differs).changes,
      ).toContainEqual({
        field: 'timeouts.idleMinutes',
        from: 15,
        to: 30,
      });
      // Read from the first to the second, as diff does: `-` is Box A's value, `+` Box D's.
      const text = await run(['settings', 'diff', 'Box A', 'Box D']);
      expect(text.stdout).toMatch(
        /^--- before: Box A\n\+\+\+ after: Box D\n(?:[-+].*\n)*-timeouts\.idleMinutes: 15 min\n\+timeouts\.idleMinutes: 30 min$/m,
      );
    } finally {
      await other.server.close();
      await removeAll([other.dataDir]);
    }
    expect((await run(['servers', 'remove', 'Box D', '--yes'])).code).toBe(0);
  });
});

describe('qbsc sessions', () => {
  async function viewerSession(): Promise<void> {
    const reply = await fetch(`${shared.server.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'viewer', password: shared.secrets.viewerPassword }),
    });
    expect(reply.status).toBe(200);
  }

  it('lists, sums up and revokes sessions', async () => {
    await viewerSession();
    await viewerSession();
    const summary = parsed<{ active: number; byUser: { username: string; count: number }[] }>(
      await run(['--json', 'sessions', 'summary', 'Box A key']),
    );
    expect(summary.byUser).toContainEqual({ username: 'viewer', count: 2 });
    const list = parsed<{ sessions: { id: string; username: string }[] }>(
      await run(['--json', 'sessions', 'list', 'Box A key', '--user', 'viewer']),
    );
    expect(list.sessions).toHaveLength(2);
    const table = await run(['sessions', 'list', 'Box A key']);
    expect(table.stdout).toMatch(/^ID\s+USER\s+IP/m);
    const revoke = await run(['sessions', 'revoke', 'Box A key', list.sessions[0]?.id ?? '']);
    expect(revoke.code, revoke.stderr).toBe(0);
    const after = parsed<{ sessions: unknown[] }>(
      await run(['--json', 'sessions', 'list', 'Box A key', '--user', 'viewer']),
    );
    expect(after.sessions).toHaveLength(1);
  });

  it('refuses invalidate-all without --confirm (64) or unless it is the display name exactly (67), then ends every session', async () => {
    await viewerSession();
    expect((await run(['sessions', 'invalidate-all', 'Box A key'])).code).toBe(64);
    for (const confirm of [
      ['--confirm', 'box a key'],
      ['--confirm', 'Box A key '],
    ]) {
      const refused = await run(['sessions', 'invalidate-all', 'Box A key', ...confirm]);
      expect(refused.code).toBe(67);
    }
    const before = parsed<{ active: number }>(
      await run(['--json', 'sessions', 'summary', 'Box A key']),
    );
    expect(before.active).toBeGreaterThan(0);
    const done = await run([
      '--json',
      'sessions',
      'invalidate-all',
      'Box A key',
      '--confirm',
      'Box A key',
    ]);
    expect(done.code, done.stderr).toBe(0);
    expect(parsed<{ invalidated: number }>(done).invalidated).toBe(before.active);
  });
});

describe('qbsc exit codes and secrets', () => {
  it('exits 66 for an unknown server, 64 for an unknown option, 0 with help', async () => {
    expect((await run(['settings', 'get', 'Nowhere'])).code).toBe(66);
    expect((await run(['servers', 'list', '--colour'])).code).toBe(64);
    const help = await run(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Exit codes:');
    expect(help.stdout).toMatch(/^\s+67\s+confirmation refused/m);
    const commandHelp = await run(['sessions', 'invalidate-all', '--help']);
    expect(commandHelp.code).toBe(0);
    expect(commandHelp.stdout).toContain('--confirm <name>');
  });

  it('removes a server and its secret after asking; a "no" or no answer keeps it (67)', async () => {
    const no = await run(['servers', 'remove', 'Box A key'], 'n\n');
    expect(no.code).toBe(67);
    // No answer at all (stdin at its end, as in cron) refuses too, never a silent success.
    const none = await run(['servers', 'remove', 'Box A key']);
    expect(none.code).toBe(67);
    expect(none.stderr).toContain('No answer came on stdin');
    const yes = await run(['servers', 'remove', 'Box A key'], 'y\n');
    expect(yes.code, yes.stderr).toBe(0);
    expect((await listed()).map((server) => server.name)).toEqual(['Box A']);
  });

  it('never shows a secret in argv, output or the data folder', async () => {
    const secrets = Object.values(shared.secrets);
    const files = await readdir(dataDir, { recursive: true, withFileTypes: true });
    const contents = await Promise.all(
      files
        .filter((entry) => entry.isFile())
        .map((entry) => readFile(path.join(entry.parentPath, entry.name), 'utf8')),
    );
    expect(contents.length).toBeGreaterThan(0);
    const seen = [
      ...contents,
      ...runs.flatMap((result) => [result.stdout, result.stderr, result.cmdline]),
    ];
    for (const secret of secrets) {
      expect(seen.filter((text) => text.includes(secret))).toEqual([]);
    }
  });
});
