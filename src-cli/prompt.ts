/**
 * What qbsc asks a person: a secret without echo (the `read` package, on the terminal), or a
 * secret piped on stdin for scripts (`--password-stdin`), never one from an argument (argv is
 * visible to every user of the machine in `ps`); and a yes/no question. Prompts go to stderr
 * so that stdout stays the result alone.
 */

import { createInterface } from 'node:readline';
import { read } from 'read';
import { refused, usage } from './failure';
import { terminalText } from './output';

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
      prompt: `${terminalText(label)}: `,
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
 * anything but y or yes refuses (exit 67) with `refusal`, and so does no answer at all: stdin
 * at its end (a cron job's /dev/null) must not let a command go on, nor end it as a success.
 */
export function confirm(
  question: string,
  refusal: string,
  input: NodeJS.ReadableStream = process.stdin,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input, terminal: false });
    let answered = false;
    process.stderr.write(`${terminalText(question)} [y/N] `);
    lines.once('line', (answer) => {
      answered = true;
      lines.close();
      // A piped answer is not echoed: end the question's line so the next one starts afresh.
      if (!(input as NodeJS.ReadStream).isTTY) process.stderr.write('\n');
      if (/^(y|yes)$/i.test(answer.trim())) resolve();
      else reject(refused(refusal));
    });
    lines.once('close', () => {
      if (!answered) {
        process.stderr.write('\n');
        reject(refused(`${refusal} No answer came on stdin; --yes skips the question.`));
      }
    });
  });
}
