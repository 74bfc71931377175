/**
 * The demo's keychain on a Linux machine with no desktop keyring (a server, a container, an
 * SSH session): where no Secret Service answers, the demo starts its own throw-away one for
 * its lifetime, as scripts/with-keyring.sh does for the tests: a private D-Bus session bus and
 * an unlocked GNOME keyring in a temporary folder, both gone when the demo stops. The check
 * runs in a child process, so this process's keytar never connects before the bus is set.
 */

import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const KEYTAR = createRequire(__filename).resolve('keytar');
const PROBE = `require(${JSON.stringify(KEYTAR)}).findCredentials('quickbox-session-companion demo probe').then(() => process.exit(0), (error) => { console.log(error.message); process.exit(1); });`;
const PROBE_LIMIT_MS = 10_000;

/** Why no Secret Service answers with `env`'s D-Bus session (Linux only), or null when one does. */
export function secretServiceProblem(env: NodeJS.ProcessEnv = process.env): string | null {
  if (process.platform !== 'linux') return null;
  const probe = spawnSync(process.execPath, ['-e', PROBE], {
    env,
    encoding: 'utf8',
    timeout: PROBE_LIMIT_MS,
  });
  if (probe.status === 0) return null;
  const said = `${probe.stdout}${probe.stderr}`.trim().split('\n')[0];
  return said || `no answer within ${PROBE_LIMIT_MS / 1000} s`;
}

/** A keyring the demo started; `stop` ends its bus (the keyring daemon goes with it). */
export interface OwnKeyring {
  root: string;
  busPid: number;
  stop: () => Promise<void>;
}

/**
 * Starts a D-Bus session bus and an unlocked GNOME keyring in a temporary folder, and points
 * this process's environment (so keytar, and the app the demo opens) at them.
 */
export async function startOwnKeyring(): Promise<OwnKeyring> {
  const root = mkdtempSync(join(tmpdir(), 'qb-demo-keyring-'));
  const run = join(root, 'run');
  const data = join(root, 'data');
  mkdirSync(run, { mode: 0o700 });
  mkdirSync(data, { mode: 0o700 });
  const bus = spawn('dbus-daemon', ['--session', '--nofork', '--print-address=1'], {
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  const exited = new Promise<void>((resolve) => bus.once('exit', () => resolve()));
  const stop = async (): Promise<void> => {
    if (bus.exitCode === null && bus.signalCode === null) bus.kill();
    await exited;
    rmSync(root, { recursive: true, force: true });
  };
  try {
    const address = await new Promise<string>((resolve, reject) => {
      let text = '';
      bus.once('error', (error) => reject(new Error(`dbus-daemon: ${error.message}`)));
      bus.once('exit', () => reject(new Error('dbus-daemon exited at start')));
      bus.stdout.on('data', (chunk: Buffer) => {
        text += chunk.toString('utf8');
        if (text.includes('\n')) resolve(text.trim());
      });
    });
    const env = {
      ...process.env,
      DBUS_SESSION_BUS_ADDRESS: address,
      XDG_DATA_HOME: data,
      XDG_RUNTIME_DIR: run,
    };
    // The daemon reads the new keyring's password on stdin; "demo" only guards this throw-away one.
    const keyring = spawnSync('gnome-keyring-daemon', ['--unlock', '--components=secrets'], {
      env,
      input: 'demo',
      stdio: ['pipe', 'ignore', 'ignore'],
      timeout: PROBE_LIMIT_MS,
    });
    if (keyring.status !== 0)
      throw new Error(
        `gnome-keyring-daemon did not start (${keyring.error?.message ?? `exit ${keyring.status}`})`,
      );
    const problem = secretServiceProblem(env);
    if (problem) throw new Error(`the demo's own keyring does not answer: ${problem}`);
    Object.assign(process.env, {
      DBUS_SESSION_BUS_ADDRESS: address,
      XDG_DATA_HOME: data,
      XDG_RUNTIME_DIR: run,
    });
  } catch (error) {
    await stop();
    const why = error instanceof Error ? error.message : String(error);
    throw new Error(
      `${why}. Install dbus and gnome-keyring (Debian/Ubuntu: sudo apt-get install dbus-x11 gnome-keyring), or run the demo in a desktop session.`,
    );
  }
  return { root, busPid: bus.pid ?? -1, stop };
}
