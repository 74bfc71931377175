/**
 * The commands that make qbsc the terminal face of the app: drift verdicts, mutes,
 * session filters and revoking a user, the production questions, --dry-run, QBSC_NO_PROMPT,
 * and saved fleet plans. The real binary, real reference servers on loopback, a throw-away
 * keyring (scripts/with-keyring.sh).
 */

import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { ServerView } from '../../src-shared/domain';
import { DEFAULT_SETTINGS, setField } from '../../src-shared/settings';
import { createKeytarStore } from '../../src-main/core/registry/credential-store';
import { removeAll, startCore, tempDir } from '../main/core/fixtures';
import { changeBehindTheAppsBack, readDirectly, useFleet } from '../main/core/fleet-fixtures';
import { parsed, qbsc, type QbscRun } from './run-qbsc';

// Each run starts Node (several seconds on a loaded machine): generous bounds.
vi.setConfig({ testTimeout: 120_000 });

const fleet = useFleet({
  Prod: DEFAULT_SETTINGS,
  Stage: setField(DEFAULT_SETTINGS, 'timeouts.idleMinutes', 20),
});
let dataDir: string;
const folders: string[] = [];

function run(args: readonly string[], input = '', env: NodeJS.ProcessEnv = {}): Promise<QbscRun> {
  return qbsc(dataDir, args, input, env);
}

async function login(username: string, password: string, userAgent: string): Promise<void> {
  const reply = await fetch(`${fleet.member('Prod').server.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'user-agent': userAgent },
    body: JSON.stringify({ username, password }),
  });
  expect(reply.status).toBe(200);
}

async function idleOf(name: string): Promise<number> {
  return (await readDirectly(fleet.member(name))).timeouts.idleMinutes;
}

beforeAll(async () => {
  dataDir = await tempDir('qb-cli-admin-');
  folders.push(dataDir);
  const { core } = await startCore({ dataDir, credentialStore: createKeytarStore() });
  for (const [name, environment] of [
    ['Prod', 'production'],
    ['Stage', 'staging'],
  ] as const) {
    const added = await core.handlers['servers:add']({
      name,
      baseUrl: fleet.member(name).server.url,
      environment,
      credentials: { kind: 'api_key', apiKey: fleet.member(name).secrets.writeKey },
    });
    expect(added.ok).toBe(true);
  }
  await core.dispose();
  return () => removeAll(folders);
});

describe('QBSC_NO_PROMPT', () => {
  it('answers no without reading stdin: 67 and nothing applied', async () => {
    const result = await run(['fleet', 'apply', '--from', 'Stage', '--to', 'Prod'], 'y\ny\n', {
      QBSC_NO_PROMPT: '1',
    });
    expect(result.code, result.stderr).toBe(67);
    expect(result.stderr).toContain('QBSC_NO_PROMPT is set, so the answer is no');
    expect(await idleOf('Prod')).toBe(30);
  });
});

describe('settings set on production', () => {
  it('prints the change and saves nothing with --dry-run', async () => {
    const result = await run(['settings', 'set', 'Prod', 'timeouts.idleMinutes=25', '--dry-run']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(
      /^-timeouts\.idleMinutes: 30 min\n\+timeouts\.idleMinutes: 25 min$/m,
    );
    expect(result.stdout).toContain('Dry run: nothing was saved.');
    expect(await idleOf('Prod')).toBe(30);
  });

  it('asks twice: one yes is not enough (67), two save', async () => {
    const once = await run(['settings', 'set', 'Prod', 'timeouts.idleMinutes=25'], 'y\n');
    expect(once.code, once.stderr).toBe(67);
    expect(once.stderr).toContain('Save these changes to Prod (production)?');
    expect(once.stderr).toContain('Prod is a production server: save there too?');
    expect(await idleOf('Prod')).toBe(30);
    const twice = await run(['settings', 'set', 'Prod', 'timeouts.idleMinutes=25'], 'y\ny\n');
    expect(twice.code, twice.stderr).toBe(0);
    expect(await idleOf('Prod')).toBe(25);
  });

  it('asks nothing with --yes, nor on a staging server', async () => {
    const prod = await run(['settings', 'set', 'Prod', 'timeouts.idleMinutes=30', '--yes']);
    expect(prod.code, prod.stderr).toBe(0);
    expect(prod.stderr).not.toContain('?');
    const stage = await run(['settings', 'set', 'Stage', 'timeouts.idleMinutes=20']);
    expect(stage.code, stage.stderr).toBe(0);
    expect(await idleOf('Prod')).toBe(30);
  });
});

describe('fleet plan and a saved plan', () => {
  it('exits 2 when something would change, 0 when nothing would', async () => {
    expect((await run(['fleet', 'plan', '--from', 'Stage', '--to', 'Prod'])).code).toBe(2);
    expect(
      (
        await run([
          'fleet',
          'plan',
          '--from',
          'Stage',
          '--to',
          'Stage',
          'Prod',
          '--sections',
          'concurrency',
        ])
      ).code,
    ).toBe(0);
  });

  it('saves the plan owner-only and without a secret; apply --plan applies it', async () => {
    const file = path.join(dataDir, 'plan.json');
    const planned = await run(['fleet', 'plan', '--from', 'Stage', '--to', 'Prod', '--out', file]);
    expect(planned.code, planned.stderr).toBe(2);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    const text = await readFile(file, 'utf8');
    for (const secret of Object.values(fleet.member('Prod').secrets))
      expect(text).not.toContain(secret);
    expect(JSON.parse(text)).toMatchObject({ targets: [{ name: 'Prod', status: 'change' }] });
    const applied = await run(['fleet', 'apply', '--plan', file], 'y\ny\n');
    expect(applied.code, applied.stderr).toBe(0);
    expect(applied.stdout).toMatch(/^Prod\s+production\s+applied\s+/m);
    expect(await idleOf('Prod')).toBe(20);
    await fleet.reset();
  });

  it('refuses a saved plan once a target moved (68), applying nothing', async () => {
    const file = path.join(dataDir, 'moved.json');
    expect(
      (await run(['fleet', 'plan', '--from', 'Stage', '--to', 'Prod', '--out', file])).code,
    ).toBe(2);
    const moved = await changeBehindTheAppsBack(fleet.member('Prod'), (settings) =>
      setField(settings, 'concurrency.maxSessionsPerUser', 4),
    );
    const result = await run(['--json', 'fleet', 'apply', '--plan', file, '--yes']);
    expect(result.code, result.stderr).toBe(68);
    expect(result.stderr).toContain(
      `Prod is at version ${moved.version}, the plan read version ${moved.version - 1}`,
    );
    expect(parsed<{ error: { code: string } }>(result).error.code).toBe('plan_outdated');
    const now = await readDirectly(fleet.member('Prod'));
    expect([now.version, now.timeouts.idleMinutes]).toEqual([moved.version, 30]);
    await fleet.reset();
  });

  it('apply --dry-run prints the plan and applies nothing', async () => {
    const result = await run(['fleet', 'apply', '--from', 'Stage', '--to', 'Prod', '--dry-run']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('Dry run: nothing was applied.');
    expect(await idleOf('Prod')).toBe(30);
  });
});

describe('servers mute and unmute', () => {
  async function mutedUntil(): Promise<string | null> {
    const { servers } = parsed<{ servers: ServerView[] }>(await run(['--json', 'servers', 'list']));
    return servers.find((server) => server.name === 'Stage')?.mutedUntil ?? null;
  }

  it('mutes for an hour or until 08:00 (the app mutes), and unmutes', async () => {
    const before = Date.now();
    expect((await run(['servers', 'mute', 'Stage', '--for', '1h'])).code).toBe(0);
    const hour = Date.parse((await mutedUntil()) ?? '');
    expect(hour - before).toBeGreaterThanOrEqual(3_600_000);
    expect(hour - before).toBeLessThan(3_600_000 + 120_000);
    const morning = await run(['--json', 'servers', 'mute', 'Stage', '--until', '08:00']);
    expect(morning.code, morning.stderr).toBe(0);
    const until = new Date((await mutedUntil()) ?? '');
    expect([until.getHours(), until.getMinutes()]).toEqual([8, 0]);
    expect((await run(['servers', 'unmute', 'Stage'])).code).toBe(0);
    expect(await mutedUntil()).toBeNull();
  });

  it('refuses a mute the app does not have (64), and --dry-run changes nothing', async () => {
    expect((await run(['servers', 'mute', 'Stage', '--for', '2h'])).code).toBe(64);
    const dry = await run(['servers', 'mute', 'Stage', '--for', '1h', '--dry-run']);
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toContain('Dry run');
    expect(await mutedUntil()).toBeNull();
  });
});

describe('sessions list filters and revoke --user', () => {
  it('filters by user (contains, any case), client and since, as the app does', async () => {
    const { viewerPassword, adminPassword } = fleet.member('Prod').secrets;
    await login('viewer', viewerPassword, 'curl/8.5');
    await login('viewer', viewerPassword, 'Mozilla/5.0 Firefox');
    await login('admin', adminPassword, 'Mozilla/5.0 Firefox');
    const users = parsed<{ sessions: { username: string }[] }>(
      await run(['--json', 'sessions', 'list', 'Prod', '--user', 'VIEW']),
    );
    expect(users.sessions.map((session) => session.username)).toEqual(['viewer', 'viewer']);
    const clients = parsed<{ sessions: { username: string }[] }>(
      await run(['--json', 'sessions', 'list', 'Prod', '--client', 'firefox']),
    );
    expect(clients.sessions.map((session) => session.username).sort()).toEqual(['admin', 'viewer']);
    const future = parsed<{ sessions: unknown[] }>(
      await run([
        '--json',
        'sessions',
        'list',
        'Prod',
        '--since',
        new Date(Date.now() + 60_000).toISOString(),
      ]),
    );
    expect(future.sessions).toEqual([]);
    const recent = parsed<{ sessions: unknown[] }>(
      await run(['--json', 'sessions', 'list', 'Prod', '--since', '1h']),
    );
    expect(recent.sessions).toHaveLength(3);
  });

  it('ends every session of one user after a yes; a no (67) and --dry-run end none', async () => {
    const refused = await run(['sessions', 'revoke', 'Prod', '--user', 'viewer'], 'n\n');
    expect(refused.code, refused.stderr).toBe(67);
    expect(refused.stderr).toContain('End 2 sessions of viewer on Prod?');
    const dry = await run(['sessions', 'revoke', 'Prod', '--user', 'viewer', '--dry-run']);
    expect(dry.code, dry.stderr).toBe(0);
    const done = await run(['--json', 'sessions', 'revoke', 'Prod', '--user', 'viewer'], 'y\n');
    expect(done.code, done.stderr).toBe(0);
    expect(parsed<{ revoked: string[] }>(done).revoked).toHaveLength(2);
    const left = parsed<{ sessions: { username: string }[] }>(
      await run(['--json', 'sessions', 'list', 'Prod']),
    );
    expect(left.sessions.map((session) => session.username)).toEqual(['admin']);
  });
});

describe('--dry-run on servers remove and profiles assign', () => {
  it('prints what would be done and changes nothing', async () => {
    const removed = await run(['servers', 'remove', 'Stage', '--dry-run']);
    expect(removed.code, removed.stderr).toBe(0);
    expect(removed.stdout).toContain('Would remove Stage');
    expect((await run(['servers', 'list'])).stdout).toMatch(/^Stage\s/m);
    expect((await run(['profiles', 'create', 'Base', '--from-server', 'Stage'])).code).toBe(0);
    const assigned = await run(['profiles', 'assign', 'Base', 'Prod', '--dry-run']);
    expect(assigned.code, assigned.stderr).toBe(0);
    expect(assigned.stdout).toContain('Would make Prod follow Base.');
    const { assignments } = parsed<{ assignments: Record<string, string> }>(
      await run(['--json', 'profiles', 'list']),
    );
    expect(assignments).toEqual({});
  });
});
