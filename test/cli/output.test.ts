/**
 * What the real qbsc binary prints for people and for scripts, against two reference servers
 * on loopback: -o table|wide|json|yaml from the same data, --json with fields, tables in 80
 * columns, times in the local time zone, colour only when asked for, "Did you mean",
 * short ids, and --verbose's request lines without a secret.
 */

import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { DEFAULT_SETTINGS, setField } from '../../src-shared/settings';
import { createKeytarStore } from '../../src-main/core/registry/credential-store';
import { removeAll, startCore, tempDir } from '../main/core/fixtures';
import { useFleet } from '../main/core/fleet-fixtures';
import { PACKAGE_DIR } from '../../scripts/build-qbsc.mjs';
import { parsed, qbsc, type QbscRun } from './run-qbsc';

vi.setConfig({ testTimeout: 120_000 });

const fleet = useFleet({
  'Box A': DEFAULT_SETTINGS,
  'Box B': setField(DEFAULT_SETTINGS, 'timeouts.idleMinutes', 20),
});
let dataDir: string;
const LONG_AGENT = `Mozilla/5.0 (X11; Linux x86_64) ${'AppleWebKit/537.36 (KHTML, like Gecko) '.repeat(3)}`;

async function run(args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<QbscRun> {
  return qbsc(dataDir, args, '', env);
}

beforeAll(async () => {
  dataDir = await tempDir('qb-cli-output-');
  const { core } = await startCore({ dataDir, credentialStore: createKeytarStore() });
  const a = fleet.member('Box A');
  const b = fleet.member('Box B');
  for (const draft of [
    {
      name: 'Box A',
      baseUrl: a.server.url,
      environment: 'production' as const,
      credentials: {
        kind: 'account' as const,
        username: 'admin',
        password: a.secrets.adminPassword,
      },
    },
    {
      name: 'Box B',
      baseUrl: b.server.url,
      environment: null,
      credentials: { kind: 'api_key' as const, apiKey: b.secrets.writeKey },
    },
  ]) {
    const added = await core.handlers['servers:add'](draft);
    expect(added.ok, JSON.stringify(added)).toBe(true);
  }
  await core.signOut();
  await core.dispose();
  // A browser session with a long client string on Box B, for the sessions table.
  const reply = await fetch(`${b.server.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'user-agent': LONG_AGENT },
    body: JSON.stringify({ username: 'viewer', password: b.secrets.viewerPassword }),
  });
  expect(reply.status).toBe(200);
  return () => removeAll([dataDir]);
});

describe('-o and --json', () => {
  it('prints the same data as JSON and as YAML, an object with named arrays', async () => {
    const json = parsed<{ servers: { id: string; name: string }[] }>(
      await run(['-o', 'json', 'servers', 'list']),
    );
    expect(json.servers.map((server) => server.name)).toEqual(['Box A', 'Box B']);
    const short = parsed(await run(['--json', 'servers', 'list']));
    expect(short).toEqual(json);
    const yaml = await run(['servers', 'list', '-o', 'yaml']);
    expect(yaml.code, yaml.stderr).toBe(0);
    expect(parseYaml(yaml.stdout)).toEqual(json);
  });

  it('keeps only the fields asked for, by name (--json name,env as gh takes it)', async () => {
    const picked = await run(['servers', 'list', '--json', 'name,env']);
    expect(picked.code, picked.stderr).toBe(0);
    expect(parsed(picked)).toEqual({
      servers: [
        { name: 'Box A', env: 'production' },
        { name: 'Box B', env: null },
      ],
    });
    const drift = parsed(await run(['fleet', 'drift', '--profile', 'x', '--json=name']));
    expect(drift).toMatchObject({ error: { code: 'not_found' } });
    const one = parsed(await run(['servers', 'test', '--json', 'name,ok']));
    expect(one).toEqual({
      servers: [
        { name: 'Box A', ok: true },
        { name: 'Box B', ok: true },
      ],
    });
  });

  it('refuses an unknown field with exit 64 and the closest one', async () => {
    const typo = await run(['servers', 'list', '--json', 'name,nmae']);
    expect(typo.code).toBe(64);
    expect(typo.stderr).toContain('"nmae" is not a field of this answer. Did you mean "name"?');
  });

  it('answers a failure as the one YAML document under -o yaml, as --json does', async () => {
    const failed = await run(['-o', 'yaml', 'settings', 'get', 'Nope']);
    expect(failed.code).toBe(66);
    expect(parseYaml(failed.stdout)).toMatchObject({
      error: { code: 'not_found', what: 'server' },
      exitCode: 66,
    });
  });

  it('refuses two formats at once (64)', async () => {
    expect((await run(['servers', 'list', '--json', '-o', 'yaml'])).code).toBe(64);
  });
});

describe('tables', () => {
  it('fit 80 columns by default and show every column with -o wide', async () => {
    const servers = await run(['servers', 'list'], { COLUMNS: '80' });
    const sessions = await run(['sessions', 'list', 'Box B'], { COLUMNS: '80' });
    for (const table of [servers, sessions]) {
      expect(table.code, table.stderr).toBe(0);
      for (const line of table.stdout.split('\n')) expect(line.length).toBeLessThanOrEqual(80);
    }
    expect(servers.stdout).not.toContain('FULL ID');
    expect(sessions.stdout).toMatch(/^ID\s+USER\s+IP\s+CLIENT\s+STARTED\s+LAST SEEN$/m);
    const wide = await run(['-o', 'wide', 'sessions', 'list', 'Box B'], { COLUMNS: '80' });
    expect(wide.stdout).toMatch(/EXPIRES\s+REMEMBERED$/m);
    expect(wide.stdout).toContain(LONG_AGENT.trim());
    expect(Math.max(...wide.stdout.split('\n').map((line) => line.length))).toBeGreaterThan(80);
  });

  it('show times in the local time zone (TZ) and relative to now', async () => {
    const json = parsed<{ sessions: { username: string; createdAt: string }[] }>(
      await run(['--json', 'sessions', 'list', 'Box B', '--user', 'viewer']),
    );
    const created = new Date(json.sessions[0]?.createdAt ?? '');
    const inZone = (zone: string): string => {
      const parts = Object.fromEntries(
        new Intl.DateTimeFormat('en-CA', {
          timeZone: zone,
          year: 'numeric',
          month: '2-digit',
          day: '2-digit',
          hour: '2-digit',
          minute: '2-digit',
          hourCycle: 'h23',
        })
          .formatToParts(created)
          .map((part) => [part.type, part.value]),
      );
      return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}`;
    };
    for (const zone of ['Asia/Tokyo', 'America/New_York']) {
      const table = await run(['sessions', 'list', 'Box B', '--user', 'viewer'], { TZ: zone });
      expect(table.stdout).toContain(inZone(zone));
      expect(table.stdout).toMatch(/ (now|\d+ seconds? ago|\d+ minutes? ago)$/m);
    }
  });
});

describe('colour', () => {
  it('is off when piped and with NO_COLOR or --no-color; FORCE_COLOR turns it on', async () => {
    const piped = await run(['fleet', 'drift', '--profile', 'nothing'], { NO_COLOR: '' });
    expect(piped.stderr).not.toContain('\u001b[');
    const forced = await run(['settings', 'diff', 'Box A', 'Box B'], {
      NO_COLOR: '',
      FORCE_COLOR: '1',
    });
    expect(forced.code).toBe(2);
    expect(forced.stdout).toContain('\u001b[31m-timeouts.idleMinutes: 30 min\u001b[39m');
    expect(forced.stdout).toContain('\u001b[32m+timeouts.idleMinutes: 20 min\u001b[39m');
    const noColor = await run(['settings', 'diff', 'Box A', 'Box B', '--no-color'], {
      NO_COLOR: '',
      FORCE_COLOR: '1',
    });
    expect(noColor.stdout).not.toContain('\u001b[');
    const envNoColor = await run(['settings', 'diff', 'Box A', 'Box B'], {
      NO_COLOR: '1',
      FORCE_COLOR: '1',
    });
    expect(envNoColor.stdout).not.toContain('\u001b[');
    expect(envNoColor.stdout).toContain('-timeouts.idleMinutes: 30 min');
  });
});

describe('at a terminal', () => {
  /** qbsc run in a pseudo-terminal by script(1): stdout and stderr are both the terminal. */
  function inTerminal(args: string[]): string | null {
    if (spawnSync('sh', ['-c', 'command -v script']).status !== 0) return null;
    const quote = (word: string): string => `'${word.replace(/'/g, "'\\''")}'`;
    const bin = path.join(PACKAGE_DIR, 'bin', 'qbsc.cjs');
    const line = [process.execPath, bin, '--data-dir', dataDir, ...args].map(quote).join(' ');
    const run = spawnSync('script', ['-qec', line, '/dev/null'], {
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '', FORCE_COLOR: '', TERM: 'xterm', COLUMNS: '80' },
    });
    expect(run.status, run.stdout).toBe(0);
    return run.stdout;
  }

  it('draws a progress bar in place and colours the table, with nothing forcing it', () => {
    const drift = inTerminal(['fleet', 'drift']);
    const listed = inTerminal(['servers', 'list']);
    if (drift === null || listed === null) {
      console.log('script(1) is not installed: no terminal to run qbsc in here');
      return;
    }
    // The bar is drawn with the terminal's own escapes (clear the line, colour).
    // eslint-disable-next-line no-control-regex
    expect(drift).toMatch(/\r\u001b\[2K\u001b\[36m\[#{10}-{10}\]\u001b\[39m 1\/2 read: Box [AB]/);
    // eslint-disable-next-line no-control-regex
    expect(drift).toMatch(/\[#{20}\]\u001b\[39m 2\/2 read: Box [AB]/);
    expect(drift).not.toMatch(/read \d of 2/);
    expect(listed).toContain('\u001b[1mNAME\u001b[22m');
  });
});

describe('names', () => {
  it('answers an unknown server with the closest name, and a mistyped field and command too', async () => {
    const server = await run(['settings', 'get', 'Box  A']);
    expect(server.code).toBe(66);
    expect(server.stderr).toContain('Did you mean "Box A"?');
    const field = await run(['settings', 'set', 'Box B', 'timeouts.idleMinute=5']);
    expect(field.code).toBe(64);
    expect(field.stderr).toContain('Did you mean "timeouts.idleMinutes"?');
    const command = await run(['servers', 'lsit']);
    expect(command.code).toBe(64);
    expect(command.stderr).toContain('Did you mean list?');
  });

  it('takes the short id a table shows where it is unambiguous', async () => {
    const listed = parsed<{ servers: { id: string; name: string }[] }>(
      await run(['--json', 'servers', 'list']),
    );
    const boxB = listed.servers.find((server) => server.name === 'Box B');
    const short = boxB?.id.slice(0, 8) ?? '';
    expect((await run(['servers', 'list'])).stdout).toMatch(
      new RegExp(`^Box B\\s.*\\s${short}$`, 'm'),
    );
    const got = parsed<{ server: { name: string } }>(
      await run(['--json', 'settings', 'get', short]),
    );
    expect(got.server.name).toBe('Box B');
    const sessions = parsed<{ sessions: { id: string; username: string }[] }>(
      await run(['--json', 'sessions', 'list', 'Box B', '--user', 'viewer']),
    );
    const session = sessions.sessions[0]?.id ?? '';
    const revoked = await run(['--json', 'sessions', 'revoke', 'Box B', session.slice(0, 8)]);
    expect(revoked.code, revoked.stderr).toBe(0);
    expect(parsed<{ revoked: string[] }>(revoked).revoked).toEqual([session]);
  });
});

describe('--verbose', () => {
  it('prints each request (method, URL, status, ms) on stderr, and never a secret or a cookie', async () => {
    const a = fleet.member('Box A');
    const result = await run(['--verbose', 'settings', 'get', 'Box A']);
    expect(result.code, result.stderr).toBe(0);
    const url = a.server.url.replace(/\/$/, '');
    expect(result.stderr).toMatch(
      new RegExp(`^request POST ${url}/api/auth/login 200 \\d+ ms$`, 'm'),
    );
    expect(result.stderr).toMatch(
      new RegExp(`^request GET ${url}/api/settings/sessions 200 \\d+ ms$`, 'm'),
    );
    expect(result.stderr).toMatch(
      new RegExp(`^request POST ${url}/api/auth/logout 20\\d \\d+ ms$`, 'm'),
    );
    expect(result.stderr).not.toContain(a.secrets.adminPassword);
    expect(result.stderr).not.toMatch(/cookie|authorization|bearer/i);
    const key = await run(['--verbose', 'settings', 'get', 'Box B']);
    expect(key.stderr).toMatch(/^request GET .*\/api\/settings\/sessions 200 \d+ ms$/m);
    expect(key.stderr).not.toContain(fleet.member('Box B').secrets.writeKey);
  });
});
