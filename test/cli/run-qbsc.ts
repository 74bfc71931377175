/**
 * Runs the real qbsc binary as a child process, as an admin's shell would: the bin of its npm
 * package (packages/qbsc/bin/qbsc.cjs and the bundle it runs), built from the current sources
 * when this module loads, so the tests run what ships. Like an admin's shell,
 * it inherits the test's environment, so its keychain is the throw-away one of
 * scripts/with-keyring.sh. Each run records its argv as the OS saw it (/proc/<pid>/cmdline),
 * so a test can check that no secret was ever an argument.
 */

import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { buildQbsc, PACKAGE_DIR } from '../../scripts/build-qbsc.mjs';

buildQbsc();
const BIN = path.join(PACKAGE_DIR, 'bin', 'qbsc.cjs');

/** What a finished run gave. */
export interface QbscRun {
  code: number | null;
  stdout: string;
  stderr: string;
  /** The child's command line as /proc showed it (NUL-separated words joined by spaces). */
  cmdline: string;
}

/** A running qbsc whose stdin and stderr the test talks to. */
export interface QbscSession {
  child: ChildProcessWithoutNullStreams;
  cmdline: string;
  /** Resolves when stderr has shown `text` (the test's timeout bounds the wait). */
  waitForStderr(text: string): Promise<void>;
  done: Promise<QbscRun>;
}

function cmdlineOf(pid: number | undefined): string {
  if (pid === undefined) return '';
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ');
  } catch {
    // Gone already (it may finish before it is read): nothing more to see.
    return '';
  }
}

/** Starts qbsc on `dataDir` with `args` (and `env` over the test's environment). */
export function startQbsc(
  dataDir: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv = {},
): QbscSession {
  const child = spawn(process.execPath, [BIN, '--data-dir', dataDir, ...args], {
    // English unless a test asks for a language: the machine's own locale must not change
    // what the tests read.
    env: { ...process.env, NO_COLOR: '1', LC_ALL: '', LC_MESSAGES: '', LANG: 'C.UTF-8', ...env },
  });
  const cmdline = cmdlineOf(child.pid);
  let stdout = '';
  let stderr = '';
  const waiting: { text: string; resolve: () => void }[] = [];
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString('utf8');
  });
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString('utf8');
    for (const wait of waiting.filter((entry) => stderr.includes(entry.text))) {
      waiting.splice(waiting.indexOf(wait), 1);
      wait.resolve();
    }
  });
  const done = new Promise<QbscRun>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr, cmdline }));
  });
  return {
    child,
    cmdline,
    waitForStderr: (text) =>
      stderr.includes(text)
        ? Promise.resolve()
        : new Promise<void>((resolve, reject) => {
            waiting.push({ text, resolve });
            void done.then((run) =>
              reject(new Error(`qbsc ended (${run.code}) before saying "${text}":\n${run.stderr}`)),
            );
          }),
    done,
  };
}

/** Runs qbsc to the end, with `input` on its stdin (closed at once when none) and `env`. */
export async function qbsc(
  dataDir: string,
  args: readonly string[],
  input = '',
  env: NodeJS.ProcessEnv = {},
): Promise<QbscRun> {
  const session = startQbsc(dataDir, args, env);
  session.child.stdin.end(input);
  return session.done;
}

/** The stdout of a --json run, parsed (the test fails with the output if it is not JSON). */
export function parsed<T = Record<string, unknown>>(run: QbscRun): T {
  try {
    return JSON.parse(run.stdout) as T;
  } catch {
    throw new Error(
      `stdout is not JSON (exit ${run.code}):\n${run.stdout}\nstderr:\n${run.stderr}`,
    );
  }
}
