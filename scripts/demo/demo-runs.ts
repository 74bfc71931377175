/**
 * The list of the demo's folders, kept in the user's own private folder (not in the shared
 * temporary folder, where on Linux any local user can plant a `qb-demo-*` folder): one small
 * file per run naming its folder (as its real path, with the device and inode it had when
 * the demo made it), its process and the keychain accounts it made. The clean-up of a run
 * killed too hard trusts only this list, and a folder only while it is still that same real
 * directory, reached without a link, owned by this user with mode 0700.
 */

import { lstat, mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { basename, dirname, isAbsolute, join, parse, sep } from 'node:path';

/** One demo run, as it recorded itself. */
export interface DemoRun {
  /** The demo's folder, a real path (no link on it). */
  root: string;
  /** The folder's device, inode and birth time when the demo made it (an inode is reused). */
  dev: number;
  ino: number;
  birthtimeMs: number;
  pid: number;
  /** The keychain accounts (server ids) the demo made. */
  accounts: string[];
}

/** Where the list is kept: the XDG state folder (`~/.local/state`), or %LOCALAPPDATA%. */
export function demoStateDir(env: NodeJS.ProcessEnv = process.env): string {
  const base =
    process.platform === 'win32'
      ? (env['LOCALAPPDATA'] ?? join(homedir(), 'AppData', 'Local'))
      : env['XDG_STATE_HOME'] && isAbsolute(env['XDG_STATE_HOME'])
        ? env['XDG_STATE_HOME']
        : join(homedir(), '.local', 'state');
  return join(base, 'quickbox-session-companion', 'demo-runs');
}

const uid = (): number | null => (process.getuid ? process.getuid() : null);

/** Why `path` is not a private folder of this user (a real directory, its owner, 0700), or null. */
function notPrivate(
  stats: { isDirectory(): boolean; isSymbolicLink(): boolean; uid: number; mode: number },
  what: string,
): string | null {
  if (stats.isSymbolicLink()) return `${what} is a link`;
  if (!stats.isDirectory()) return `${what} is not a directory`;
  const own = uid();
  // Windows has neither owners nor modes here; its temporary folder is the user's own.
  if (own === null) return null;
  if (stats.uid !== own) return `${what} belongs to another user (uid ${stats.uid})`;
  if ((stats.mode & 0o777) !== 0o700)
    return `${what} has mode ${(stats.mode & 0o777).toString(8)}, not 700`;
  return null;
}

/** Makes the list's folder (mode 0700) and checks it is this user's own; returns it. */
export async function openStateDir(stateDir: string): Promise<string> {
  await mkdir(stateDir, { recursive: true, mode: 0o700 });
  const problem = notPrivate(await lstat(stateDir), `the demo's list ${stateDir}`);
  if (problem)
    throw new Error(`${problem}; the demo keeps its list of folders only in a private one`);
  return stateDir;
}

function recordFile(stateDir: string, root: string): string {
  return join(stateDir, `${basename(root)}.json`);
}

/** Writes (or rewrites) a run's record, atomically, readable by this user only. */
export async function recordRun(stateDir: string, run: DemoRun): Promise<void> {
  const file = recordFile(stateDir, run.root);
  const temporary = `${file}.${process.pid}.tmp`;
  await writeFile(temporary, JSON.stringify(run), { mode: 0o600 });
  await rename(temporary, file);
}

/** Takes a run off the list (its folder and accounts are gone, or were left alone). */
export async function forgetRun(stateDir: string, root: string): Promise<void> {
  await rm(recordFile(stateDir, root), { force: true });
}

function parseRun(text: string): DemoRun | null {
  try {
    const value = JSON.parse(text) as Partial<DemoRun>;
    const numbers = [value.dev, value.ino, value.pid];
    if (typeof value.birthtimeMs !== 'number') return null;
    if (typeof value.root !== 'string' || !isAbsolute(value.root)) return null;
    if (!numbers.every((n) => typeof n === 'number' && Number.isInteger(n))) return null;
    if (!Array.isArray(value.accounts)) return null;
    const accounts = value.accounts.filter((a): a is string => typeof a === 'string');
    return { ...(value as DemoRun), accounts };
  } catch {
    return null;
  }
}

/** Every run on the list (records that do not parse are skipped, and left for the user). */
export async function listRuns(stateDir: string): Promise<DemoRun[]> {
  const names = await readdir(stateDir).catch(() => [] as string[]);
  const runs: DemoRun[] = [];
  for (const name of names.filter((n) => n.endsWith('.json'))) {
    const path = join(stateDir, name);
    const stats = await lstat(path).catch(() => null);
    if (!stats?.isFile()) continue;
    const run = parseRun(await readFile(path, 'utf8').catch(() => ''));
    if (run && recordFile(stateDir, run.root) === path) runs.push(run);
  }
  return runs;
}

/** Each folder from the root down to `path` itself. */
function pathPrefixes(path: string): string[] {
  const { root } = parse(path);
  const parts = path.slice(root.length).split(sep).filter(Boolean);
  return parts.map((_, index) => root + parts.slice(0, index + 1).join(sep));
}

/**
 * Whether a run's folder may be removed: null when it is gone (nothing to do) or when it is
 * the same real directory the demo made (no link anywhere on its path, nor as its `app`),
 * owned by this user with mode 0700; otherwise why not.
 */
export async function folderProblem(run: DemoRun): Promise<string | null | 'gone'> {
  for (const prefix of pathPrefixes(dirname(run.root))) {
    const stats = await lstat(prefix).catch(() => null);
    if (!stats) return 'gone';
    if (stats.isSymbolicLink()) return `${prefix} on its path is a link`;
  }
  const stats = await lstat(run.root).catch(() => null);
  if (!stats) return 'gone';
  const problem = notPrivate(stats, 'the folder');
  if (problem) return problem;
  // A file system without birth times gives 0 for every folder.
  if (stats.dev !== run.dev || stats.ino !== run.ino || stats.birthtimeMs !== run.birthtimeMs)
    return 'it is not the directory the demo made (another one has its name)';
  const app = await lstat(join(run.root, 'app')).catch(() => null);
  if (app?.isSymbolicLink()) return 'its app folder is a link';
  return null;
}
