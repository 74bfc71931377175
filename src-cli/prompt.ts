/**
 * What qbsc asks a person: a secret without echo (the `read` package, on the terminal), or a
 * secret piped on stdin for scripts (`--password-stdin`), never one from an argument (argv is
 * visible to every user of the machine in `ps`); and a yes/no question. Prompts go to stderr
 * so that stdout stays the result alone.
 */

import { read } from 'read';
import { refused, usage } from './failure';

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
    if (!input.isTTY) {
      throw usage(`There is no terminal to type the ${label} in: pipe it on stdin with ${flag}.`);
    }
    secret = await read({
      prompt: `${label}: `,
      silent: true,
      replace: '',
      output: process.stderr,
    });
  }
  if (secret === '') throw usage(`The ${label} is empty.`);
  return secret;
}

/**
 * Asks a yes/no question on stderr and reads the answer from stdin (a terminal or a pipe);
 * anything but y or yes, or no answer at all, refuses (exit 67) with `refusal`.
 */
export async function confirm(
  question: string,
  refusal: string,
  input: NodeJS.ReadStream = process.stdin,
): Promise<void> {
  let answer: string;
  try {
    answer = await read({ prompt: `${question} [y/N] `, input, output: process.stderr });
  } catch {
    throw refused(refusal);
  }
  if (!/^(y|yes)$/i.test(answer.trim())) throw refused(refusal);
}
