/**
 * `npm run demo` as a person runs it: a child process (the npm script's command) inside the
 * test run's throw-away keyring, on a machine where the window cannot open (ELECTRON_EXEC_PATH
 * names a missing binary, so the outcome is the same wherever the test runs). It is stopped
 * with SIGINT or SIGTERM, and nothing it made may be left: not its folder, not a keychain
 * entry of the app's service.
 */

import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import {
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { connect } from 'node:tls';
import { deletePassword, findCredentials, setPassword } from 'keytar';
import { Agent, request } from 'undici';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { KEYCHAIN_SERVICE } from '../../src-main/core/registry/credential-store';
import { PROFILES_FILE } from '../../src-main/core/profiles/profile-store';
import { REGISTRY_FILE } from '../../src-main/core/registry/server-registry';
import { READY_LINE } from '../../scripts/demo/report';
import { qbsc } from '../cli/run-qbsc';
import { demoStateDir } from '../../scripts/demo/demo-runs';

const START_LIMIT_MS = 150_000;

interface Demo {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

const children: ChildProcess[] = [];
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

const NO_ELECTRON = join(tmpdir(), 'no-electron-here', 'electron');

// The demo lists its folders in the user's state folder: these runs keep theirs here.
const STATE_HOME = mkdtempSync(join(tmpdir(), 'qb-demo-test-state-'));
const STATE_DIR = demoStateDir({ XDG_STATE_HOME: STATE_HOME });
afterAll(() => rmSync(STATE_HOME, { recursive: true, force: true }));

/** The folders on the demo's private list. */
function listedRuns(): string[] {
  return existsSync(STATE_DIR) ? readdirSync(STATE_DIR) : [];
}

function startDemo(args: string[], electron = NO_ELECTRON, without: string[] = []): Demo {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ELECTRON_EXEC_PATH: electron,
    XDG_STATE_HOME: STATE_HOME,
  };
  for (const name of without) delete env[name];
  const child = spawn(
    process.execPath,
    ['scripts/run-ts.mjs', 'scripts/demo/main.ts', '--', ...args],
    {
      cwd: process.cwd(),
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  children.push(child);
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, output: () => output, exited };
}

/** Polls until `probe` returns a value (not a timed assertion: the limit only ends a hang). */
async function eventually<T>(probe: () => Promise<T | null> | T | null, what: string): Promise<T> {
  const deadline = Date.now() + START_LIMIT_MS;
  for (;;) {
    const value = await probe();
    if (value !== null) return value;
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

async function ready(demo: Demo): Promise<string> {
  return eventually(() => {
    if (demo.child.exitCode !== null) throw new Error(`the demo exited: ${demo.output()}`);
    return demo.output().includes(READY_LINE) ? demo.output() : null;
  }, 'the demo to be ready');
}

interface Listed {
  name: string;
  url: string;
}

/** The servers of the report: name, then environment, then address. */
function listedServers(output: string): Listed[] {
  return [
    ...output.matchAll(/^ {2}(Demo [A-Za-z0-9 ]+?) +\S+ +(https?:\/\/127\.0\.0\.1:\d+)/gm),
  ].map((match) => ({ name: match[1] ?? '', url: match[2] ?? '' }));
}

function appFolder(output: string): string {
  const match = /App data folder: (\S+)/.exec(output);
  if (!match?.[1]) throw new Error(`no data folder in: ${output}`);
  return match[1];
}

function demoPassword(output: string): string {
  const match = /demo \/ (\S+)/.exec(output);
  if (!match?.[1]) throw new Error(`no demo password in: ${output}`);
  return match[1];
}

/** Every kept account of the app's keychain service. */
async function appEntries(): Promise<Map<string, string>> {
  const entries = await findCredentials(KEYCHAIN_SERVICE);
  return new Map(entries.map((entry) => [entry.account, entry.password]));
}

// The staging server's certificate is self-signed: these checks read it without trusting it,
// and compare what it presents with what the demo printed and pinned.
const untrusting = new Agent({ connect: { rejectUnauthorized: false } });
afterAll(() => untrusting.close());

async function json(
  url: string,
  init: { method?: 'GET' | 'POST'; token?: string; body?: unknown } = {},
) {
  const response = await request(url, {
    method: init.method ?? 'GET',
    headers: {
      ...(init.token ? { authorization: `Bearer ${init.token}` } : {}),
      ...(init.body ? { 'content-type': 'application/json' } : {}),
    },
    body: init.body ? JSON.stringify(init.body) : undefined,
    dispatcher: untrusting,
  });
  return {
    status: response.statusCode,
    body: (await response.body.json()) as Record<string, unknown>,
  };
}

function presentedFingerprint(url: string): Promise<string> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(
      { host: hostname, port: Number(port), rejectUnauthorized: false },
      () => {
        resolve(socket.getPeerCertificate().fingerprint256);
        socket.end();
      },
    );
    socket.on('error', reject);
  });
}

/** The event types a server has recorded, read as the demo account. */
async function eventTypes(url: string, password: string): Promise<Set<string>> {
  const login = await json(`${url}/api/auth/login`, {
    method: 'POST',
    body: { username: 'demo', password },
  });
  expect(login.status).toBe(200);
  const token = String(login.body['token']);
  const page = await json(`${url}/api/sessions/events?limit=1000`, { token });
  await request(`${url}/api/auth/logout`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}` },
    dispatcher: untrusting,
  });
  return new Set((page.body['events'] as { type: string }[]).map((event) => event.type));
}

describe('npm run demo', () => {
  it(
    'runs three servers with activity, registers them in a throw-away folder, and leaves nothing after SIGINT',
    async () => {
      const before = await appEntries();
      const demo = startDemo(['--pace', '0.2', '--invalidate-every', '4', '--seed', '7']);
      const output = await ready(demo);
      const appDir = appFolder(output);
      const root = dirname(appDir);
      cleanups.push(() => rmSync(root, { recursive: true, force: true }));

      expect(output).toContain('The window needs Electron');
      expect(output).toContain('ELECTRON_EXEC_PATH');
      expect(output).toContain(`npx qbsc --data-dir ${appDir}`);
      // qbsc ships with the app: the report does not call it unfinished, and the command it
      // prints works on the demo's folder as printed.
      const printed = /npx qbsc --data-dir \S+ (fleet plan --from "Demo Production" --to all)/.exec(
        output,
      );
      expect(printed).not.toBeNull();
      const plan = await qbsc(appDir, [
        'fleet',
        'plan',
        '--from',
        'Demo Production',
        '--to',
        'all',
      ]);
      // The demo's servers differ, so the plan has changes: exit 2, as terraform's
      // -detailed-exitcode (0 would say nothing would change).
      expect(plan.code).toBe(2);
      expect(plan.stdout).toContain('Plan from server Demo Production');
      expect(output).not.toMatch(
        /being written|alongside|not (yet )?(finished|ready|done)|unfinished|work in progress/i,
      );
      const servers = listedServers(output);
      expect(servers.map((server) => server.name)).toEqual([
        'Demo Production',
        'Demo Staging',
        'Demo Lab',
      ]);
      const byName = new Map(servers.map((server) => [server.name, server.url]));
      expect(byName.get('Demo Production')).toMatch(/^http:\/\//);
      expect(byName.get('Demo Staging')).toMatch(/^https:\/\//);
      for (const server of servers) {
        const health = await json(`${server.url}/api/health`);
        expect(health.body).toMatchObject({ status: 'ok', name: server.name });
      }

      // Registered as the app would have it: the staging certificate pinned as presented,
      // a secret per server in the keychain, and the profile assigned to two of them.
      const registry = JSON.parse(readFileSync(join(appDir, REGISTRY_FILE), 'utf8')) as {
        servers: { id: string; name: string; pinnedFingerprint: string | null }[];
      };
      expect(registry.servers.map((server) => server.name)).toEqual(servers.map((s) => s.name));
      const staging = registry.servers.find((server) => server.name === 'Demo Staging');
      const presented = await presentedFingerprint(byName.get('Demo Staging') ?? '');
      expect(staging?.pinnedFingerprint).toBe(presented);
      expect(output).toContain(`SHA-256 ${presented}`);
      const password = demoPassword(output);
      const during = await appEntries();
      for (const server of registry.servers) {
        expect(before.has(server.id)).toBe(false);
        expect(JSON.parse(during.get(server.id) ?? 'null')).toEqual({ kind: 'account', password });
      }
      const profiles = JSON.parse(readFileSync(join(appDir, PROFILES_FILE), 'utf8')) as {
        profiles: { id: string; name: string }[];
        assignments: Record<string, string>;
      };
      const idOf = (name: string) =>
        registry.servers.find((server) => server.name === name)?.id ?? '';
      const profileId = profiles.profiles.find((p) => p.name === 'Production baseline')?.id;
      expect(profiles.assignments).toEqual({
        [idOf('Demo Production')]: profileId,
        [idOf('Demo Staging')]: profileId,
      });

      // The activity reaches the servers over HTTP: evictions, the other admin's settings
      // changes and invalidate-alls end up in their event feeds.
      const seen = await eventually(async () => {
        const types = new Set<string>();
        for (const server of servers)
          for (const type of await eventTypes(server.url, password)) types.add(type);
        const wanted = ['session.evicted', 'settings.updated', 'sessions.invalidated_all'];
        return wanted.every((type) => types.has(type)) ? types : null;
      }, 'evictions, settings changes and an invalidate-all');
      expect(seen.has('session.evicted')).toBe(true);

      demo.child.kill('SIGINT');
      expect(await demo.exited).toBe(0);
      expect(demo.output()).toContain('nothing of the demo is left');
      expect(existsSync(root)).toBe(false);
      expect(listedRuns()).toEqual([]);
      expect([...(await appEntries()).keys()].sort()).toEqual([...before.keys()].sort());
      for (const server of servers) {
        await expect(json(`${server.url}/api/health`)).rejects.toThrow();
      }
    },
    START_LIMIT_MS * 2,
  );

  it(
    'runs --servers 5, cleans up what an earlier demo killed too hard left, and stops on SIGTERM',
    async () => {
      // An earlier demo killed with SIGKILL: its folder on the private list, with the
      // process that is gone, and its keychain entry.
      const leftoverAccount = `leftover-${Date.now()}`;
      await setPassword(KEYCHAIN_SERVICE, leftoverAccount, '{"kind":"account","password":"x"}');
      const killed = spawnSync(
        process.execPath,
        ['--import', 'tsx', 'test/demo/fixtures/killed-demo.ts', STATE_DIR, leftoverAccount],
        { encoding: 'utf8' },
      );
      const leftover = killed.stdout.trim();
      expect(existsSync(leftover)).toBe(true);
      cleanups.push(async () => {
        rmSync(leftover, { recursive: true, force: true });
        await deletePassword(KEYCHAIN_SERVICE, leftoverAccount);
      });
      const before = await appEntries();

      const demo = startDemo(['--servers', '5', '--quiet']);
      const output = await ready(demo);
      const root = dirname(appFolder(output));
      cleanups.push(() => rmSync(root, { recursive: true, force: true }));

      expect(output).toContain(
        `Removed the leftovers of an earlier demo that was not stopped cleanly: ${leftover}`,
      );
      expect(existsSync(leftover)).toBe(false);
      const servers = listedServers(output);
      expect(servers.map((server) => server.name)).toEqual([
        'Demo Production',
        'Demo Staging',
        'Demo Lab',
        'Demo Box 4',
        'Demo Box 5',
      ]);
      const during = await appEntries();
      expect(during.has(leftoverAccount)).toBe(false);
      expect(during.size).toBe(before.size - 1 + 5);

      demo.child.kill('SIGTERM');
      expect(await demo.exited).toBe(0);
      expect(existsSync(root)).toBe(false);
      const after = await appEntries();
      before.delete(leftoverAccount);
      expect([...after.keys()].sort()).toEqual([...before.keys()].sort());
    },
    START_LIMIT_MS * 2,
  );

  it(
    'where Electron is, opens the app on the registered folder, and quits it on SIGINT',
    async () => {
      // A stand-in for Electron's binary: it records its arguments and the registry it was
      // started on, then runs until it is told to stop.
      const bin = mkdtempSync(join(tmpdir(), 'qb-demo-test-electron-'));
      cleanups.push(() => rmSync(bin, { recursive: true, force: true }));
      const record = join(bin, 'record');
      const fake = join(bin, 'electron');
      writeFileSync(
        fake,
        [
          '#!/bin/sh',
          `printf '%s\\n' "$@" > '${record}'`,
          'for a; do case $a in --user-data-dir=*) cp "${a#--user-data-dir=}/servers.json" ' +
            `'${record}.servers';; esac; done`,
          `trap 'echo stopped >> "${record}"; exit 0' TERM INT`,
          'while :; do sleep 0.1; done',
          '',
        ].join('\n'),
        { mode: 0o755 },
      );
      // The app as `npm test` built it: a build here would empty out/ under the shell tests
      // that read it meanwhile.
      const bundle = join(process.cwd(), 'out', 'main', 'index.js');
      const bundleTime = existsSync(bundle) ? statSync(bundle).mtimeMs : null;
      const demo = startDemo(['--quiet', '--skip-build'], fake);
      const output = await ready(demo);
      const appDir = appFolder(output);
      cleanups.push(() => rmSync(dirname(appDir), { recursive: true, force: true }));

      expect(output).toContain('The app is open on that folder.');
      expect(readFileSync(record, 'utf8').split('\n').slice(0, 2)).toEqual([
        process.cwd(),
        `--user-data-dir=${appDir}`,
      ]);
      const registered = JSON.parse(readFileSync(`${record}.servers`, 'utf8')) as {
        servers: { name: string }[];
      };
      expect(registered.servers.map((server) => server.name)).toEqual([
        'Demo Production',
        'Demo Staging',
        'Demo Lab',
      ]);
      expect(existsSync(bundle) ? statSync(bundle).mtimeMs : null).toBe(bundleTime);

      demo.child.kill('SIGINT');
      expect(await demo.exited).toBe(0);
      expect(readFileSync(record, 'utf8')).toContain('stopped');
      expect(existsSync(dirname(appDir))).toBe(false);
    },
    START_LIMIT_MS * 2,
  );

  it(
    'stopped while it is still starting, leaves nothing behind either',
    async () => {
      const before = await appEntries();
      const demo = startDemo(['--quiet']);
      const root = await eventually(() => {
        if (demo.child.exitCode !== null) throw new Error(`the demo exited: ${demo.output()}`);
        return /Starting 3 reference servers in (\S+) \.\.\./.exec(demo.output())?.[1] ?? null;
      }, 'the demo to start its servers');
      cleanups.push(() => rmSync(root, { recursive: true, force: true }));
      demo.child.kill('SIGINT');
      expect(await demo.exited).toBe(0);
      expect(demo.output()).not.toContain(READY_LINE);
      expect(existsSync(root)).toBe(false);
      expect([...(await appEntries()).keys()].sort()).toEqual([...before.keys()].sort());
    },
    START_LIMIT_MS * 2,
  );

  it.runIf(process.platform === 'linux')(
    'with no desktop keyring (no DBUS_SESSION_BUS_ADDRESS) starts its own, says so, and removes it',
    async () => {
      const keyrings = () =>
        readdirSync(tmpdir()).filter((name) => name.startsWith('qb-demo-keyring-'));
      const before = keyrings();
      const demo = startDemo(['--quiet'], NO_ELECTRON, [
        'DBUS_SESSION_BUS_ADDRESS',
        'DISPLAY',
        'WAYLAND_DISPLAY',
      ]);
      const output = await ready(demo);
      expect(output).toContain('No desktop keyring answers here');
      expect(output).not.toContain('keychain_unavailable');
      expect(keyrings().length).toBe(before.length + 1);
      demo.child.kill('SIGINT');
      expect(await demo.exited).toBe(0);
      expect(demo.output()).toContain('Stopped; nothing of the demo is left.');
      expect(keyrings()).toEqual(before);
    },
    START_LIMIT_MS * 2,
  );

  it('refuses fewer than three servers before starting anything', async () => {
    const demo = startDemo(['--servers', '2']);
    expect(await demo.exited).toBe(2);
    expect(demo.output()).toContain('--servers must be a whole number from 3 to 50, not "2".');
    expect(demo.output()).not.toContain('Starting');
  });
});
