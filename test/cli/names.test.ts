import { connect } from 'node:net';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startReferenceServer, type RunningReferenceServer } from '../../server/index';
import { PERMISSIONS } from '../../src-shared/quickbox';
import { makeSecrets, removeAll, seedFor, tempDir, type Secrets } from '../main/core/fixtures';
import { parsed, qbsc, type QbscRun } from './run-qbsc';

// What the real qbsc binary prints of text it did not write: names from a fleet file, and a
// user name, a client string and a settings author set by any user of a QuickBox server.
vi.setConfig({ testTimeout: 120_000 });

/** A user whose name would write the clipboard (OSC 52) and reverse what follows. */
const HOSTILE_USER = 'mallory\u001b]52;c;UVVJQ0tCT1g=\u0007\u202e';
/** A client string with a C1 control (CSI, U+009B): HTTP carries it as the byte 0x9B. */
const HOSTILE_AGENT = 'Browser\u009b2J';
/** Every character that must not reach a terminal as it is. */
// eslint-disable-next-line no-control-regex
const RAW = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

let server: RunningReferenceServer;
let secrets: Secrets;
const folders: string[] = [];
let dataDir: string;

/**
 * One HTTP/1.1 request over a raw socket, so the header bytes are exactly these (Node's HTTP
 * client would write U+009B as UTF-8, two bytes); the header in latin1, the body in UTF-8.
 */
function send(
  url: string,
  method: 'POST' | 'PUT',
  body: unknown,
  headers: Record<string, string>,
): Promise<{ status: number; body: string }> {
  const { hostname, port, pathname } = new URL(url);
  const payload = Buffer.from(JSON.stringify(body), 'utf8');
  const head = [
    `${method} ${pathname} HTTP/1.1`,
    `Host: ${hostname}:${port}`,
    'Content-Type: application/json',
    `Content-Length: ${payload.length}`,
    'Connection: close',
    ...Object.entries(headers).map(([name, value]) => `${name}: ${value}`),
    '',
    '',
  ].join('\r\n');
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname);
    const chunks: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', reject);
    socket.on('end', () => {
      const answer = Buffer.concat(chunks).toString('utf8');
      const [status = '', ...rest] = answer.split('\r\n\r\n');
      resolve({ status: Number(status.split(' ')[1]), body: rest.join('\r\n\r\n') });
    });
    // Written, not ended: the server drops a half-closed connection before it answers.
    socket.write(Buffer.concat([Buffer.from(head, 'latin1'), payload]));
  });
}

async function run(args: readonly string[], input = ''): Promise<QbscRun> {
  return qbsc(dataDir, args, input);
}

beforeAll(async () => {
  secrets = makeSecrets();
  const serverDir = await tempDir('qb-ref-');
  dataDir = await tempDir('qb-cli-');
  folders.push(serverDir, dataDir);
  const seed = seedFor(secrets, 'Box A');
  server = await startReferenceServer({
    dataDir: serverDir,
    port: 0,
    name: 'Box A',
    seed: {
      ...seed,
      users: [
        ...seed.users,
        { username: HOSTILE_USER, password: secrets.adminPassword, permissions: [...PERMISSIONS] },
      ],
    },
  });
  // The hostile user signs in with a hostile client string, then saves the settings.
  const login = await send(
    `${server.url}/api/auth/login`,
    'POST',
    { username: HOSTILE_USER, password: secrets.adminPassword },
    { 'user-agent': HOSTILE_AGENT },
  );
  expect(login.status, login.body).toBe(200);
  const { token } = JSON.parse(login.body) as { token: string };
  const current = await fetch(`${server.url}/api/settings/sessions`, {
    headers: { authorization: `Bearer ${token}` },
  });
  const document = (await current.json()) as Record<string, unknown>;
  const { version, updatedAt: _at, updatedBy: _by, ...settings } = document;
  // A change, so that the save makes a new version by this user.
  const timeouts = settings['timeouts'] as { idleMinutes: number };
  settings['timeouts'] = { ...timeouts, idleMinutes: timeouts.idleMinutes + 5 };
  const saved = await send(`${server.url}/api/settings/sessions`, 'PUT', settings, {
    authorization: `Bearer ${token}`,
    'if-match': `"${String(version)}"`,
  });
  expect(saved.status, saved.body).toBe(200);
});

afterAll(async () => {
  await server.close();
  await removeAll(folders);
});

describe('text qbsc did not write', () => {
  it('prints a server user name, client string and settings author escaped, in tables and JSON', async () => {
    const add = await run(
      ['servers', 'add', 'Box A', server.url, '--api-key-stdin'],
      secrets.writeKey,
    );
    expect(add.code, add.stderr).toBe(0);

    // -o wide: the client column whole (the default view cuts it to fit 80 columns).
    const sessions = await run(['-o', 'wide', 'sessions', 'list', 'Box A']);
    const fitted = await run(['sessions', 'list', 'Box A']);
    expect(fitted.stdout).not.toMatch(RAW);
    expect(fitted.stdout).toContain('mallory\\x1b]52;c;UVVJQ0tCT1g=\\x07\\u202e');
    const settings = await run(['settings', 'get', 'Box A']);
    const json = await run(['--json', 'sessions', 'list', 'Box A']);

    expect(sessions.code, sessions.stderr).toBe(0);
    expect(sessions.stdout).not.toMatch(RAW);
    expect(sessions.stdout).toContain('mallory\\x1b]52;c;UVVJQ0tCT1g=\\x07\\u202e');
    expect(sessions.stdout).toContain('Browser\\x9b2J');
    expect(settings.stdout).not.toMatch(RAW);
    expect(settings.stdout).toContain('by mallory\\x1b]52;c;UVVJQ0tCT1g=\\x07\\u202e');
    // JSON escapes control characters itself; the direction marks and C1 controls are escaped too.
    expect(json.stdout).not.toMatch(RAW);
    const listed = parsed<{ sessions: { username: string; userAgent: string }[] }>(json);
    expect(listed.sessions).toContainEqual(
      expect.objectContaining({ username: HOSTILE_USER, userAgent: HOSTILE_AGENT }),
    );
  });

  it('prints names already in the server list escaped, in the table, JSON and errors', async () => {
    const file = path.join(dataDir, 'servers.json');
    const registry = JSON.parse(await readFile(file, 'utf8')) as {
      servers: { name: string }[];
    };
    const first = registry.servers[0];
    if (!first) throw new Error('no server listed');
    // A list written before names were checked.
    first.name = 'Staging\u001b[2K\rProduction';
    await writeFile(file, JSON.stringify(registry));

    const table = await run(['servers', 'list']);
    const json = await run(['--json', 'servers', 'list']);
    const missing = await run(['sessions', 'list', 'Nope']);

    expect(table.stdout).toContain('Staging\\x1b[2K\\rProduction');
    expect(table.stdout).not.toMatch(RAW);
    expect(json.stdout).not.toMatch(RAW);
    expect(missing.code).toBe(66);
    expect(missing.stderr).toContain('Staging\\x1b[2K\\rProduction');
    expect(missing.stderr).not.toMatch(RAW);
  });

  it('refuses the names of an imported fleet file that hold escapes, saying why', async () => {
    const names = [
      'Box\u001b]52;c;UVVJQ0tCT1g=\u0007',
      'Staging\u001b[2K\rProduction',
      '\u202enoitcudorP',
    ];
    const file = path.join(dataDir, 'fleet.json');
    await writeFile(
      file,
      JSON.stringify({
        format: 'quickbox-session-companion/fleet',
        version: 1,
        servers: names.map((name, index) => ({
          name,
          baseUrl: `https://hostile-${index}.example`,
          environment: null,
          authKind: 'api_key',
          username: null,
          pinnedFingerprint: null,
        })),
        profiles: [],
        assignments: [],
      }),
    );

    const imported = await run(['import', file, '--yes']);
    const listed = parsed<{ servers: { name: string }[] }>(
      await run(['--json', 'servers', 'list']),
    );

    expect(imported.stdout).not.toMatch(RAW);
    expect(imported.stdout).toContain('Servers refused:');
    expect(imported.stdout).toContain(
      'Box\\x1b]52;c;UVVJQ0tCT1g=\\x07: not valid: Display name must not contain control characters or text-direction marks (it has U+001B)',
    );
    expect(imported.stdout).toContain('\\u202enoitcudorP: not valid');
    expect(listed.servers).toHaveLength(1);
  });

  it('lists a look-alike host in punycode, with a warning naming its scripts', async () => {
    const file = path.join(dataDir, 'look-alike.json');
    await writeFile(
      file,
      JSON.stringify({
        format: 'quickbox-session-companion/fleet',
        version: 1,
        servers: [
          {
            name: 'Look-alike',
            baseUrl: 'https://b\u043ex-a.example',
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
    const warning =
      'warning: The host b\u043ex-a.example (xn--bx-a-55d.example) mixes Latin and Cyrillic letters';

    const imported = await run(['import', file, '--yes']);
    const table = await run(['servers', 'list']);

    expect(imported.code, imported.stderr).toBe(0);
    expect(imported.stdout).toContain('Look-alike https://xn--bx-a-55d.example');
    expect(imported.stderr).toContain(warning);
    expect(table.stdout).toMatch(/^Look-alike\s+-\s+https:\/\/xn--bx-a-55d\.example\s/m);
    expect(table.stderr).toContain(warning);
  });
});
