/**
 * `npm run demo` on a machine with no desktop keyring: with DBUS_SESSION_BUS_ADDRESS unset
 * (and no display to autolaunch a bus from), the check finds no Secret Service, and the
 * demo's own throw-away keyring answers until it is stopped, leaving nothing behind.
 */

import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { secretServiceProblem, startOwnKeyring, type OwnKeyring } from '../../scripts/demo/keyring';

const KEYTAR = createRequire(__filename).resolve('keytar');
const VARIABLES = [
  'DBUS_SESSION_BUS_ADDRESS',
  'DISPLAY',
  'WAYLAND_DISPLAY',
  'XDG_DATA_HOME',
  'XDG_RUNTIME_DIR',
];
const saved = Object.fromEntries(VARIABLES.map((name) => [name, process.env[name]]));
let keyring: OwnKeyring | null = null;

function noDesktop(): void {
  for (const name of ['DBUS_SESSION_BUS_ADDRESS', 'DISPLAY', 'WAYLAND_DISPLAY'])
    delete process.env[name];
}

afterEach(async () => {
  await keyring?.stop();
  keyring = null;
  for (const [name, value] of Object.entries(saved)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
});

/** Stores and reads back a password in a child process with this process's environment. */
function roundTrip(): string {
  const script = `const k = require(${JSON.stringify(KEYTAR)});
    k.setPassword('qb-demo-keyring-test', 'a', 's3cret').then(() => k.getPassword('qb-demo-keyring-test', 'a'))
      .then((p) => console.log(p), (e) => { console.log('error ' + e.message); process.exit(1); });`;
  return spawnSync(process.execPath, ['-e', script], {
    encoding: 'utf8',
    env: process.env,
  }).stdout.trim();
}

describe.runIf(process.platform === 'linux')("the demo's keyring", () => {
  it('finds no Secret Service where DBUS_SESSION_BUS_ADDRESS is unset', () => {
    noDesktop();
    expect(secretServiceProblem()).toMatch(/D-Bus|dbus|no answer/i);
  });

  it('starts its own where none answers, which answers until stopped and leaves nothing', async () => {
    noDesktop();
    keyring = await startOwnKeyring();
    expect(secretServiceProblem()).toBeNull();
    expect(roundTrip()).toBe('s3cret');
    const { root, busPid } = keyring;
    await keyring.stop();
    keyring = null;
    expect(existsSync(root)).toBe(false);
    expect(() => process.kill(busPid, 0)).toThrow();
    expect(secretServiceProblem()).not.toBeNull();
    expect(join(root)).toContain('qb-demo-keyring-');
  });
});
