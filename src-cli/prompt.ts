/**
 * What qbsc asks a person: a secret without echo (the `read` package, on the terminal), or a
 * secret piped on stdin for scripts (`--password-stdin`), never one from an argument (argv is
 * visible to every user of the machine in `ps`); and a yes/no question. Prompts go to stderr
 * so that stdout stays the result alone.
 */

import { read } from 'read';
import { interrupted, refused, usage } from './failure';
import { terminalText } from './output';

/**
 * Whether QBSC_NO_PROMPT asks never to prompt (any value but empty, 0, false or no): every
 * question is answered no, and no secret is asked for.
 */
export function noPrompt(env: NodeJS.ProcessEnv = process.env): boolean {
  const value = env.QBSC_NO_PROMPT?.trim().toLowerCase();
  return value !== undefined && !['', '0', 'false', 'no'].includes(value);
}

/** The whole of stdin as text. */
async function readStdin(input: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of input) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * A secret: from stdin when `fromStdin` (one trailing newline dropped, as `echo` adds it), or
 * typed at a no-echo prompt on the terminal. Refuses an empty one.
 */
export async function readSecret(
  label: string,
  fromStdin: boolean,
  flag: string,
  input: NodeJS.ReadStream = process.stdin,
): Promise<string> {
  let secret: string;
  if (fromStdin) {
    secret = (await readStdin(input)).replace(/\r?\n$/, '');
  } else {
    if (noPrompt()) {
      throw usage(
        `QBSC_NO_PROMPT is set, so nothing is asked: pipe the ${label} on stdin with ${flag}.`,
      );
    }
    if (!input.isTTY) {
      throw usage(`There is no terminal to type the ${label} in: pipe it on stdin with ${flag}.`);
    }
    secret = await read({
      prompt: `${terminalText(label)}: `,
      silent: true,
      replace: '',
      output: process.stderr,
    }).catch((error: unknown) => {
      // At the no-echo prompt the terminal is raw, so Ctrl-C reaches `read`, not a signal
      // handler: it ends the command as the signal would (130), not as an internal error.
      if (error instanceof Error && error.message === 'canceled') {
        process.stderr.write('\n');
        throw interrupted(`Interrupted (Ctrl-C) at the ${label} prompt; nothing was done.`);
      }
      throw error;
    });
  }
  if (secret === '') throw usage(`The ${label} is empty.`);
  return secret;
}

/** Lines of one input, read as they come and handed out one per `next()`. */
export interface LineReader {
  /** The next line (without its end), or null once the input has ended. */
  next(): Promise<string | null>;
}

/**
 * A line reader over `input`: one for the whole run, so the lines a pipe delivered at once
 * ("y\ny\n") are each an answer, as they are when typed. The input is paused while nobody
 * waits for a line, so it never keeps the process alive.
 */
export function lineReader(input: NodeJS.ReadableStream): LineReader {
  const lines: string[] = [];
  const waiting: ((line: string | null) => void)[] = [];
  let partial = '';
  let ended = false;
  let listening = false;
  const settle = (): void => {
    while (waiting.length > 0 && (lines.length > 0 || ended)) {
      waiting.shift()?.(lines.shift() ?? null);
    }
    if (waiting.length === 0) input.pause();
  };
  const listen = (): void => {
    listening = true;
    input.on('data', (chunk: Buffer | string) => {
      const parts = (partial + chunk.toString()).split('\n');
      partial = parts.pop() ?? '';
      lines.push(...parts.map((line) => line.replace(/\r$/, '')));
      settle();
    });
    input.on('end', () => {
      ended = true;
      if (partial !== '') lines.push(partial);
      partial = '';
      settle();
    });
  };
  return {
    next() {
      return new Promise((resolve) => {
        waiting.push(resolve);
        if (!listening) listen();
        if (lines.length > 0 || ended) settle();
        else input.resume();
      });
    },
  };
}

let stdinLines: LineReader | null = null;

/** The one line reader over process.stdin of this run. */
function stdinReader(input: NodeJS.ReadableStream): LineReader {
  if (input !== process.stdin) return lineReader(input);
  stdinLines ??= lineReader(process.stdin);
  return stdinLines;
}

/**
 * Asks a yes/no question on stderr and reads the answer, the next line of stdin (a terminal
 * or a pipe); anything but y or yes refuses (exit 67) with `refusal`, and so does no answer
 * at all: stdin at its end (a cron job's /dev/null) must not let a command go on, nor end it
 * as a success.
 */
export async function confirm(
  question: string,
  refusal: string,
  input: NodeJS.ReadableStream = process.stdin,
): Promise<void> {
  if (noPrompt()) {
    process.stderr.write(`${terminalText(question)} [y/N] no (QBSC_NO_PROMPT)\n`);
    throw refused(
      `${refusal} QBSC_NO_PROMPT is set, so the answer is no; --yes skips the question.`,
    );
  }
  process.stderr.write(`${terminalText(question)} [y/N] `);
  const answer = await stdinReader(input).next();
  // A piped answer is not echoed: end the question's line so the next one starts afresh.
  if (!(input as NodeJS.ReadStream).isTTY) process.stderr.write('\n');
  if (answer === null) {
    throw refused(`${refusal} No answer came on stdin; --yes skips the question.`);
  }
  if (!/^(y|yes)$/i.test(answer.trim())) throw refused(refusal);
}
