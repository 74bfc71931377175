/**
 * The options every command takes, and how the output of a run follows from them and from
 * the terminal: `-o table|wide|json|yaml`, `--json` (short for `-o json`) with an optional
 * field list (`--json name,env`, as gh takes it), `--no-color`, `--verbose`, `--lang` and
 * `--data-dir`.
 */

import { Option, type Command } from 'commander';
import { usage } from './failure';
import { fieldList, looksLikeFieldList, type FieldDeclaration } from './fields';
import { LANG_CHOICES, cliTranslator } from './locale';
import { FORMATS, type Format, type OutputOptions } from './output';
import { colorWanted } from './style';

/** The options every command takes (declared on the program). */
export interface GlobalOptions {
  dataDir?: string;
  /** true for `--json`, the list for `--json a,b` ('' when a word after it was not one). */
  json?: boolean | string;
  output?: Format;
  color?: boolean;
  verbose?: boolean;
  lang?: string;
}

/** Adds the global options to the program. */
export function addGlobalOptions(program: Command): Command {
  return program
    .addOption(
      new Option('--data-dir <folder>', "the app's data folder to use (registry, profiles)").env(
        'QBSC_DATA_DIR',
      ),
    )
    .addOption(
      new Option(
        '-o, --output <format>',
        'table (default), wide (every column), json or yaml',
      ).choices(FORMATS),
    )
    .option(
      '--json [fields]',
      'print the result as JSON on stdout; with fields (name,env,...) only those of each row',
    )
    .option('--no-color', 'no colour (also NO_COLOR=1; none when stdout is not a terminal)')
    .option('--verbose', "print each request (method, URL, status, ms) and core's log on stderr")
    .option('--lang <locale>', cliTranslator().t('cli.option.lang', { languages: LANG_CHOICES }));
}

/**
 * argv with a bare `--json` kept from taking the next word as its fields unless that word is
 * a field list: `--json name,env` and `--json name` (a field this command declares) select
 * fields; `qbsc --json servers list`, `qbsc --json settings get` and
 * `settings get --json "Box A"` stay what they were (a command's name is never a field list).
 */
export function jsonArgs(
  args: readonly string[],
  fieldsOfWord: (word: string, before: readonly string[]) => boolean,
): string[] {
  const result: string[] = [];
  const end = args.indexOf('--');
  for (let index = 0; index < args.length; index += 1) {
    const word = args[index] ?? '';
    const next = args[index + 1];
    if (
      word !== '--json' ||
      (end !== -1 && index > end) ||
      next === undefined ||
      next.startsWith('-')
    ) {
      result.push(word);
      continue;
    }
    const fields = looksLikeFieldList(next) && fieldsOfWord(next, args.slice(0, index));
    result.push(fields ? `--json=${next}` : '--json=');
    if (fields) index += 1;
  }
  return result;
}

/** The width tables fit: $COLUMNS, else the terminal's, else 80. */
export function terminalWidth(env: NodeJS.ProcessEnv = process.env): number {
  const columns = Number(env['COLUMNS']);
  if (Number.isInteger(columns) && columns >= 20) return columns;
  return process.stdout.isTTY ? (process.stdout.columns ?? 80) : 80;
}

/** The output options of a run, from its global options. */
export function outputOptions(
  options: GlobalOptions,
  declaration: FieldDeclaration | null,
  env: NodeJS.ProcessEnv = process.env,
): OutputOptions {
  const json = options.json !== undefined && options.json !== false;
  if (json && options.output !== undefined && options.output !== 'json') {
    throw usage(`--json and -o ${options.output} ask for two formats; give one.`);
  }
  const fields = typeof options.json === 'string' ? fieldList(options.json) : [];
  const flag = options.color === false ? false : undefined;
  return {
    format: json ? 'json' : (options.output ?? 'table'),
    fields: fields.length > 0 ? fields : null,
    declaration,
    color: colorWanted(process.stdout.isTTY === true, env, flag),
    errorColor: colorWanted(process.stderr.isTTY === true, env, flag),
    stderrTerminal: process.stderr.isTTY === true,
    width: terminalWidth(env),
  };
}
