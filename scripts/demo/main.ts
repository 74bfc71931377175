/**
 * `npm run demo [-- --servers N] [--pace <s>] [--invalidate-every <s>] [--seed <n>]
 * [--quiet] [--no-window]`: reference servers with their own settings, people and sessions,
 * simulated activity against them over HTTP, and the app opened on a throw-away data folder
 * already registered with them. Ctrl-C (SIGINT) or SIGTERM stops everything and removes the
 * folder and the keychain entries it made.
 */

import { parseArgs } from 'node:util';
import { DemoActivity } from './activity';
import {
  createDemoFolder,
  appWatching,
  forgetDemoServers,
  registerDemo,
  removeDemoFolder,
  removeLeftovers,
  type DemoFolder,
} from './app-folder';
import { demoFleet } from './fleet-spec';
import { createRandom } from './random';
import { demoReport } from './report';
import { startDemoServers, type DemoServer } from './servers';
import { appIsBuilt, buildApp, findElectron, openWindow, type AppWindow } from './window';
import { secretServiceProblem, startOwnKeyring, type OwnKeyring } from './keyring';

const USAGE =
  'usage: npm run demo -- [--servers N] [--pace <seconds>] [--invalidate-every <seconds>] [--seed <n>] [--quiet] [--no-window] [--skip-build]';

const HELP = [
  USAGE,
  '',
  'Starts reference servers with people, sessions and another admin at work, and opens the app on a',
  'throw-away data folder already connected to them. Ctrl-C stops everything and removes the folder',
  'and its keychain entries.',
  '',
  '  --servers N              how many servers, 3 to 50 (default 3; the extra ones are "Demo Box 4"..)',
  '  --pace <seconds>         about how long between two simulated actions (default 3)',
  '  --invalidate-every <s>   about how long between two invalidate-alls by the other admin (default 90)',
  '  --seed <n>               the seed of the servers, sessions and activity (default 1)',
  '  --quiet                  do not print each simulated action',
  '  --no-window              do not open the app (the servers and the activity still run)',
  '  --skip-build             open the app as last built in out/ (no electron-vite build)',
].join('\n');

interface DemoOptions {
  servers: number;
  paceSeconds: number;
  invalidateEverySeconds: number;
  seed: number;
  quiet: boolean;
  window: boolean;
  build: boolean;
}

function fail(message: string): never {
  console.error(message);
  console.error(USAGE);
  process.exit(2);
}

function number(text: string, what: string, check: (value: number) => boolean): number {
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value) || !check(value))
    fail(`${what}, not "${text}".`);
  return value;
}

function parseOptions(): DemoOptions {
  let values;
  try {
    ({ values } = parseArgs({
      args: process.argv.slice(2).filter((arg) => arg !== '--'),
      options: {
        servers: { type: 'string', default: '3' },
        pace: { type: 'string', default: '3' },
        'invalidate-every': { type: 'string', default: '90' },
        seed: { type: 'string', default: '1' },
        quiet: { type: 'boolean', default: false },
        'no-window': { type: 'boolean', default: false },
        'skip-build': { type: 'boolean', default: false },
        help: { type: 'boolean', default: false },
      },
      strict: true,
    }));
  } catch (error) {
    fail(error instanceof Error ? error.message : String(error));
  }
  if (values.help) {
    console.log(HELP);
    process.exit(0);
  }
  return {
    servers: number(
      values.servers,
      '--servers must be a whole number from 3 to 50',
      (n) => Number.isInteger(n) && n >= 3 && n <= 50,
    ),
    paceSeconds: number(
      values.pace,
      '--pace must be a number of seconds from 0.05 to 600',
      (n) => n >= 0.05 && n <= 600,
    ),
    invalidateEverySeconds: number(
      values['invalidate-every'],
      '--invalidate-every must be a number of seconds from 1 to 86400',
      (n) => n >= 1 && n <= 86400,
    ),
    seed: number(
      values.seed,
      '--seed must be a whole number from 0 to 4294967295',
      (n) => Number.isInteger(n) && n >= 0 && n <= 4294967295,
    ),
    quiet: values.quiet,
    window: !values['no-window'],
    build: !values['skip-build'],
  };
}

/** What is running, for the stop. */
interface Running {
  folder: DemoFolder | null;
  servers: DemoServer[];
  activity: DemoActivity | null;
  window: AppWindow | null;
  keyring: OwnKeyring | null;
}

/** Stops in the order that leaves nothing behind: activity, window, keychain, servers, folder. */
async function stopAll(running: Running): Promise<string[]> {
  await running.activity?.stop();
  await running.window?.stop();
  const problems = running.folder ? await forgetDemoServers(running.folder) : [];
  await Promise.all(running.servers.map((server) => server.close()));
  if (running.folder) await removeDemoFolder(running.folder);
  await running.keyring?.stop();
  return problems;
}

/**
 * Starts everything, step by step; after each step that takes a while it checks whether a
 * stop was asked for meanwhile, and if so starts nothing more (the stop waits for it).
 */
async function startDemo(
  options: DemoOptions,
  running: Running,
  stopRequested: () => boolean,
): Promise<void> {
  const noKeyring = secretServiceProblem();
  if (noKeyring) {
    console.log(
      `No desktop keyring answers here (${noKeyring}): the demo starts its own throw-away one (a D-Bus session and a GNOME keyring in a temporary folder), used by the servers' passwords and the window, and removed when the demo stops.`,
    );
    running.keyring = await startOwnKeyring();
    if (stopRequested()) return;
  }
  const leftovers = await removeLeftovers();
  for (const root of leftovers.removed)
    console.log(`Removed the leftovers of an earlier demo that was not stopped cleanly: ${root}`);
  for (const { root, why } of leftovers.leftAlone)
    console.log(
      `Left alone ${root}, listed by an earlier demo: ${why}. Remove it yourself if it is yours.`,
    );
  for (const problem of leftovers.problems)
    console.error(
      `Could not remove a keychain entry of an earlier demo (tried again next time): ${problem}`,
    );
  const electron = options.window
    ? findElectron((line) => console.log(line))
    : { missing: 'started with --no-window' };
  const random = createRandom(options.seed);
  const fleet = demoFleet(options.servers, random.fork());
  const profile = fleet[0]?.settings ?? fail('the demo has no server');
  if (stopRequested()) return;
  const folder = await createDemoFolder();
  running.folder = folder;
  console.log(`Starting ${fleet.length} reference servers in ${folder.root} ...`);
  const build =
    'binary' in electron && options.build
      ? buildApp()
      : options.build || appIsBuilt()
        ? Promise.resolve()
        : Promise.reject(new Error('the app is not built in out/ (run without --skip-build)'));
  // A failed build is reported with the rest, not thrown while the servers start.
  const built = build.then(
    () => null,
    (error: unknown) => (error instanceof Error ? error.message : String(error)),
  );
  const started = await startDemoServers(fleet, folder.serversDir, random.fork());
  running.servers = started.servers;
  if (stopRequested()) return;
  const registration = await registerDemo(folder, started.servers, started.demoPassword);
  let windowState: true | string = 'missing' in electron ? electron.missing : true;
  if ('binary' in electron) {
    const buildProblem = await built;
    if (stopRequested()) return;
    if (buildProblem) {
      windowState = buildProblem;
    } else {
      const window = openWindow(electron.binary, folder.appDir);
      running.window = window;
      void window.exited.then(() => {
        if (!stopRequested())
          console.log('The app was closed; the servers and the activity run on until Ctrl-C.');
      });
    }
  }
  if (stopRequested()) return;
  running.activity = new DemoActivity({
    servers: started.servers,
    random: random.fork(),
    profile,
    paceMs: options.paceSeconds * 1000,
    invalidateEveryMs: options.invalidateEverySeconds * 1000,
    log: options.quiet ? () => undefined : (line) => console.log(line),
    ...(running.window
      ? {
          scheduleFrom: appWatching(folder, started.servers.length, 60_000, stopRequested),
        }
      : {}),
  });
  running.activity.start();
  const report = demoReport({
    servers: started.servers,
    demoPassword: started.demoPassword,
    appDir: folder.appDir,
    registration,
    window: windowState,
    paceSeconds: options.paceSeconds,
    invalidateEverySeconds: options.invalidateEverySeconds,
    seed: options.seed,
    quiet: options.quiet,
  });
  console.log(report.join('\n'));
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

async function main(): Promise<void> {
  const options = parseOptions();
  const running: Running = {
    folder: null,
    servers: [],
    activity: null,
    window: null,
    keyring: null,
  };
  let startup: Promise<void> = Promise.resolve();
  let stopping: Promise<void> | null = null;
  const stop = (why: string, code: number): Promise<void> => {
    stopping ??= (async () => {
      console.log(
        `\nStopping (${why}): the activity, the window, the servers; removing the demo's folder and keychain entries...`,
      );
      // Whatever start-up is doing is finished first, so nothing it makes is missed.
      await startup.catch(() => undefined);
      const problems = await stopAll(running).catch((error: unknown) => [message(error)]);
      for (const problem of problems) console.error(`  could not remove: ${problem}`);
      console.log(
        problems.length === 0
          ? 'Stopped; nothing of the demo is left.'
          : 'Stopped, with the problems above.',
      );
      process.exit(problems.length === 0 ? code : 1);
    })();
    return stopping;
  };
  process.on('SIGINT', () => void stop('SIGINT', 0));
  process.on('SIGTERM', () => void stop('SIGTERM', 0));
  // A fault of the demo itself still removes what it made.
  process.on('uncaughtException', (error) => {
    console.error(`The demo failed: ${message(error)}`);
    void stop('an error', 1);
  });
  process.on('unhandledRejection', (error) => {
    console.error(`The demo failed: ${message(error)}`);
    void stop('an error', 1);
  });

  startup = startDemo(options, running, () => stopping !== null);
  try {
    await startup;
  } catch (error) {
    console.error(`The demo could not start: ${message(error)}`);
    await stop('an error', 1);
  }
}

void main();
