/**
 * `qbsc drift show|revert|adopt|accept` and `qbsc events` (with --follow): the app's drift
 * verdicts and activity feed in a shell. The real binary, real reference servers on loopback,
 * a throw-away keyring; "another admin" acts over plain HTTP with the server's own keys.
 */

import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { parseAllDocuments } from 'yaml';
import type { Profile } from '../../src-shared/fleet';
import { DEFAULT_SETTINGS, setField } from '../../src-shared/settings';
import { createKeytarStore } from '../../src-main/core/registry/credential-store';
import { removeAll, startCore, tempDir } from '../main/core/fixtures';
import { changeBehindTheAppsBack, readDirectly, useFleet } from '../main/core/fleet-fixtures';
import { parsed, qbsc, startQbsc, type QbscRun } from './run-qbsc';

vi.setConfig({ testTimeout: 120_000 });

const fleet = useFleet({ 'Box A': DEFAULT_SETTINGS, 'Box B': DEFAULT_SETTINGS });
let dataDir: string;
const folders: string[] = [];

function run(args: readonly string[], input = ''): Promise<QbscRun> {
  return qbsc(dataDir, args, input);
}

interface Shown {
  drifted: boolean;
  fields: {
    field: string;
    from: unknown;
    to: unknown;
    by: string | null;
    acceptedUntil: string | null;
  }[];
}

beforeAll(async () => {
  dataDir = await tempDir('qb-cli-drift-events-');
  folders.push(dataDir);
  const { core } = await startCore({ dataDir, credentialStore: createKeytarStore() });
  const ids: string[] = [];
  for (const [name, environment] of [
    ['Box A', 'production'],
    ['Box B', 'staging'],
  ] as const) {
    const added = await core.handlers['servers:add']({
      name,
      baseUrl: fleet.member(name).server.url,
      environment,
      credentials: { kind: 'api_key', apiKey: fleet.member(name).secrets.writeKey },
    });
    if (!added.ok) throw new Error(added.error.message);
    ids.push(added.value.server.id);
  }
  const profile = await core.handlers['profiles:create']({
    name: 'Baseline',
    from: { kind: 'settings', settings: DEFAULT_SETTINGS },
  });
  if (!profile.ok) throw new Error(profile.error.message);
  // Another admin has moved two fields of Box A away from the profile; the app compares each
  // server with its profile when it is assigned, and keeps what it found (drift.json).
  await changeBehindTheAppsBack(fleet.member('Box A'), (settings) =>
    setField(setField(settings, 'timeouts.idleMinutes', 45), 'concurrency.maxSessionsPerUser', 8),
  );
  for (const serverId of ids) {
    await core.handlers['profiles:assign']({ serverId, profileId: profile.value.profile.id });
  }
  await core.dispose();
  return () => removeAll(folders);
});

describe('qbsc drift', () => {
  it('shows the drifted fields read now (exit 2), and a server that matches (0)', async () => {
    const result = await run(['drift', 'show', 'Box A']);
    expect(result.code, result.stderr).toBe(2);
    expect(result.stdout).toMatch(/^timeouts\.idleMinutes\s+30 min\s+45 min\s/m);
    expect(result.stdout).toMatch(/^concurrency\.maxSessionsPerUser\s+5 sessions\s+8 sessions\s/m);
    expect((await run(['drift', 'show', 'Box B'])).code).toBe(0);
  });

  it('accepts a field until a date, and clears it again', async () => {
    const until = new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10);
    const accepted = await run([
      'drift',
      'accept',
      'Box A',
      'concurrency.maxSessionsPerUser',
      '--until',
      until,
    ]);
    expect(accepted.code, accepted.stderr).toBe(0);
    const shown = parsed<Shown>(await run(['--json', 'drift', 'show', 'Box A']));
    const field = shown.fields.find((entry) => entry.field === 'concurrency.maxSessionsPerUser');
    expect(field?.acceptedUntil).not.toBeNull();
    expect(
      (await run(['drift', 'accept', 'Box A', 'timeouts.idleMinutes', '--until', '2001-01-01']))
        .code,
    ).toBe(64);
    const cleared = await run([
      'drift',
      'accept',
      'Box A',
      'concurrency.maxSessionsPerUser',
      '--clear',
    ]);
    expect(cleared.code, cleared.stderr).toBe(0);
    const again = parsed<Shown>(await run(['--json', 'drift', 'show', 'Box A']));
    expect(again.fields.every((entry) => entry.acceptedUntil === null)).toBe(true);
  });

  it('reverts through a plan: --dry-run changes nothing, one yes is not enough on production, two are', async () => {
    const dry = await run(['drift', 'revert', 'Box A', 'timeouts.idleMinutes', '--dry-run']);
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toMatch(/^Box A\s+production\s+change\s+1 field$/m);
    expect(dry.stdout).toMatch(
      /^-timeouts\.idleMinutes: 45 min\n\+timeouts\.idleMinutes: 30 min$/m,
    );
    expect(dry.stdout).toContain('Dry run: nothing was reverted.');
    expect((await readDirectly(fleet.member('Box A'))).timeouts.idleMinutes).toBe(45);
    const once = await run(['drift', 'revert', 'Box A', 'timeouts.idleMinutes'], 'y\n');
    expect(once.code, once.stderr).toBe(67);
    const twice = await run(['drift', 'revert', 'Box A', 'timeouts.idleMinutes'], 'y\ny\n');
    expect(twice.code, twice.stderr).toBe(0);
    expect(twice.stdout).toContain('Reverted timeouts.idleMinutes of Box A');
    const now = await readDirectly(fleet.member('Box A'));
    expect([now.timeouts.idleMinutes, now.concurrency.maxSessionsPerUser]).toEqual([30, 8]);
  });

  it("adopts the server's value into the profile; --dry-run changes nothing", async () => {
    const dry = await run([
      'drift',
      'adopt',
      'Box A',
      'concurrency.maxSessionsPerUser',
      '--dry-run',
    ]);
    expect(dry.code, dry.stderr).toBe(0);
    // The change one field per line, before and after, as the other write commands print it.
    const diff = new RegExp(
      [
        '^--- before: profile Baseline',
        "\\+\\+\\+ after: profile Baseline with Box A's value",
        '-concurrency\\.maxSessionsPerUser: (?!8\\b)\\d+',
        '\\+concurrency\\.maxSessionsPerUser: 8\\b',
      ].join('.*\\n'),
      'm',
    );
    expect(dry.stdout).toMatch(diff);
    expect(dry.stdout).toContain('Dry run: nothing was changed.');
    const adopted = await run(['drift', 'adopt', 'Box A', 'concurrency.maxSessionsPerUser']);
    expect(adopted.code, adopted.stderr).toBe(0);
    expect(adopted.stdout).toMatch(diff);
    expect(adopted.stdout).toContain('1 other server following Baseline now differs from it');
    const { profiles } = parsed<{ profiles: Profile[] }>(await run(['--json', 'profiles', 'list']));
    expect(profiles[0]?.settings.concurrency.maxSessionsPerUser).toBe(8);
    expect((await run(['drift', 'show', 'Box A'])).code).toBe(0);
    expect((await run(['drift', 'show', 'Box B'])).code).toBe(2);
  });
});

describe('qbsc events', () => {
  interface Listed {
    events: { server: string; type: string; id: number; at: string }[];
  }

  it('lists the activity newest first, merged across servers, filtered by type and time', async () => {
    await changeBehindTheAppsBack(fleet.member('Box B'), (settings) =>
      setField(settings, 'timeouts.idleMinutes', 40),
    );
    const listed = parsed<Listed>(await run(['--json', 'events', '--all', '--type', 'settings']));
    expect(listed.events.length).toBeGreaterThanOrEqual(3);
    expect(listed.events[0]?.server).toBe('Box B');
    expect(new Set(listed.events.map((event) => event.server))).toEqual(
      new Set(['Box A', 'Box B']),
    );
    const times = listed.events.map((event) => Date.parse(event.at));
    expect(times).toEqual([...times].sort((a, b) => b - a));
    expect(listed.events.every((event) => event.type === 'settings.updated')).toBe(true);
    const none = parsed<Listed>(await run(['--json', 'events', 'Box A', '--type', 'mass_logout']));
    expect(none.events).toEqual([]);
    const onlyB = parsed<Listed>(await run(['--json', 'events', 'Box B', '--since', '1h']));
    expect(onlyB.events.map((event) => event.server)).toEqual(['Box B']);
    const table = await run(['events', '--all']);
    expect(table.code, table.stderr).toBe(0);
    expect(table.stdout).toMatch(/^TIME\s+SERVER\s+ACTOR\s+EVENT$/m);
    expect((await run(['events', '--type', 'nonsense'])).code).toBe(64);
  });

  it('goes through the output layer: -o yaml, --json a,b, 80 columns and -o wide', async () => {
    const yaml = await run(['-o', 'yaml', 'events', '--all']);
    expect(yaml.code, yaml.stderr).toBe(0);
    expect(yaml.stdout).toMatch(/^events:\n {2}- serverId: /m);
    const picked = parsed<{ events: Record<string, unknown>[] }>(
      await run(['--json', 'server,type', 'events', '--all']),
    );
    expect(picked.events.length).toBeGreaterThan(0);
    for (const event of picked.events)
      expect(Object.keys(event).sort()).toEqual(['server', 'type']);
    expect((await run(['--json', 'nonsense', 'events', '--all'])).code).toBe(64);
    const table = await run(['events', '--all'], '');
    for (const line of table.stdout.split('\n')) expect(line.length).toBeLessThanOrEqual(80);
    const wide = await run(['-o', 'wide', 'events', '--all']);
    expect(wide.stdout).toMatch(/^TIME\s+AT\s+SERVER\s+ACTOR\s+EVENT\s+ID$/m);
    const shown = await run(['-o', 'yaml', 'drift', 'show', 'Box A']);
    expect(shown.stdout).toMatch(/^server:\n {2}id: /m);
  });

  /**
   * Runs `args` (an `events --follow`), has another admin invalidate every session of Box A
   * until `shown` is on stdout, then ends it with Ctrl-C; its run, and how long the shown
   * event took. The follower starts at each feed's newest event once it has connected (an
   * event from before is history, not news), so the other admin acts again every 2 s until
   * one of them shows; the test's timeout bounds it.
   */
  async function followUntil(
    args: readonly string[],
    shown: string,
  ): Promise<{ result: QbscRun; ms: number }> {
    const session = startQbsc(dataDir, args);
    await session.waitForStderr('Following Box A');
    let stdout = '';
    session.child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString('utf8');
    });
    const member = fleet.member('Box A');
    const invalidate = async (): Promise<void> => {
      const reply = await fetch(`${member.server.url}/api/sessions/invalidate-all`, {
        method: 'POST',
        headers: { 'x-api-key': member.secrets.writeKey, 'content-type': 'application/json' },
        body: JSON.stringify({ confirm: 'INVALIDATE ALL SESSIONS' }),
      });
      expect(reply.status).toBe(200);
    };
    let sentAt = 0;
    while (!stdout.includes(shown)) {
      sentAt = Date.now();
      await invalidate();
      const until = Date.now() + 2_000;
      while (!stdout.includes(shown) && Date.now() < until) {
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    }
    const ms = Date.now() - sentAt;
    session.child.kill('SIGINT');
    return { result: await session.done, ms };
  }

  it('--follow receives an invalidate-all by another admin, as one JSON line, and ends signed out on Ctrl-C', async () => {
    const placesInRegistry = async (): Promise<unknown> => {
      const file = JSON.parse(await readFile(path.join(dataDir, 'servers.json'), 'utf8')) as {
        servers: { name: string; lastEventId: number; watchedFrom?: string }[];
      };
      return file.servers.map(({ name, lastEventId, watchedFrom }) => [
        name,
        lastEventId,
        watchedFrom,
      ]);
    };
    const places = await placesInRegistry();
    const { result, ms } = await followUntil(
      ['--json', 'events', 'Box A', '--follow'],
      'sessions.invalidated_all',
    );
    console.log(
      `events --follow: the invalidate-all showed ${ms} ms after it was sent (at most 20 ms late)`,
    );
    expect(result.code).toBe(130);
    expect(result.stderr).toContain('signed out of the servers qbsc had signed in to');
    const lines = result.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    // Each line is a row of `events --json`: the server's name beside its id, then the event.
    expect(lines[0]).toMatchObject({
      serverId: expect.any(String),
      server: 'Box A',
      type: 'sessions.invalidated_all',
      actor: expect.any(String),
    });
    expect(lines.at(-1)).toMatchObject({ error: { code: 'interrupted' }, exitCode: 130 });
    // The follower kept its place in memory: the app's place in the feeds is untouched.
    expect(await placesInRegistry()).toEqual(places);
  });

  it('--follow keeps only the fields --json a,b names, on each line, and refuses an unknown one at once', async () => {
    const { result } = await followUntil(
      ['--json', 'server,type', 'events', 'Box A', '--follow'],
      'sessions.invalidated_all',
    );
    expect(result.code, result.stderr).toBe(130);
    const lines = result.stdout.trim().split('\n');
    expect(JSON.parse(lines[0] ?? '')).toEqual({
      server: 'Box A',
      type: 'sessions.invalidated_all',
    });
    expect(JSON.parse(lines.at(-1) ?? '')).toMatchObject({ exitCode: 130 });
    const unknown = await run(['--json', 'server,tipe', 'events', 'Box A', '--follow']);
    expect(unknown.code, unknown.stderr).toBe(64);
    expect(unknown.stderr).toContain('Did you mean "type"?');
  });

  it('--follow -o yaml writes a YAML document per event, --- separated, the interruption last', async () => {
    const { result } = await followUntil(
      ['-o', 'yaml', 'events', 'Box A', '--follow'],
      'sessions.invalidated_all',
    );
    expect(result.code, result.stderr).toBe(130);
    expect(result.stdout.startsWith('---\n')).toBe(true);
    const documents = parseAllDocuments(result.stdout).map((document) => {
      expect(document.errors).toEqual([]);
      return document.toJS() as Record<string, unknown>;
    });
    expect(documents.length).toBeGreaterThanOrEqual(2);
    expect(documents[0]).toMatchObject({ server: 'Box A', type: 'sessions.invalidated_all' });
    expect(documents.at(-1)).toMatchObject({ error: { code: 'interrupted' }, exitCode: 130 });
  });
});
