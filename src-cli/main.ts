/**
 * qbsc, the command line of QuickBox Session Companion: the same core as the app (its
 * handler table, its validation and its error values) on the same data folder and keychain
 * entries, for scripted fleet work. Results on stdout (tables, or JSON with --json), the
 * rest on stderr, and an exit code per kind of error (exit-codes.ts).
 */

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Command, CommanderError } from 'commander';
import { completeCommand, completionCommand } from './commands/completion';
import { driftCommands } from './commands/drift';
import { eventsCommand } from './commands/events';
import { fleetCommand } from './commands/fleet';
import { profilesCommand } from './commands/profiles';
import { serversCommand } from './commands/servers';
import { sessionsCommand } from './commands/sessions';
import { settingsCommand } from './commands/settings';
import { exportCommand, importCommand } from './commands/transfer';
import { versionCommand, versionInfo, versionText } from './commands/version';
import { defaultDataDir } from './data-dir';
import { EXIT, exitCodeText } from './exit-codes';
import { CliFailure, issueText, type CliError } from './failure';
import { FIELD_ALIASES, fieldsOf } from './fields';
import { addGlobalOptions, jsonArgs, type GlobalOptions } from './global-options';
import { manPage } from './man-page';
import { jsonText, terminalText } from './output';
import { Runner } from './program';
import { colorWanted, createStyle } from './style';
import { watchCommand } from './watch/command';
import { yamlText } from './yaml-text';

function packageVersion(): string {
  const manifest = JSON.parse(readFileSync(path.join(__dirname, '..', 'package.json'), 'utf8')) as {
    version?: unknown;
  };
  return typeof manifest.version === 'string' ? manifest.version : '0.0.0';
}

const NOTES = `
Servers and profiles are named by display name or id.
The data folder is the app's unless --data-dir says otherwise:
  ${defaultDataDir()}
Reading works while the app runs; commands that change the server list or the
profiles refuse until it is quit (it keeps them in memory and would overwrite
the change).`;

/** The program with every command. */
export function buildProgram(runner: Runner): Command {
  const program = new Command('qbsc').description(
    "QuickBox Session Companion's command line: servers, settings, sessions, profiles and fleet work",
  );
  addGlobalOptions(program)
    .option('-V, --version', 'print the version, the Node version and the data folder')
    .on('option:version', () => {
      // The data folder as far as parsed (--data-dir before --version), else QBSC_DATA_DIR.
      const dataDir = program.opts<GlobalOptions>().dataDir ?? process.env['QBSC_DATA_DIR'];
      process.stdout.write(`${versionText(versionInfo(runner.version, dataDir || undefined))}\n`);
      throw new CommanderError(0, 'commander.version', runner.version);
    })
    .addHelpText('after', `${NOTES}\n\n${exitCodeText()}`);
  for (const command of [
    serversCommand(runner),
    settingsCommand(runner),
    sessionsCommand(runner),
    profilesCommand(runner),
    fleetCommand(runner),
    driftCommands(runner),
    eventsCommand(runner),
    exportCommand(runner),
    importCommand(runner),
    watchCommand(runner),
    completionCommand(),
    versionCommand(runner),
  ]) {
    program.addCommand(command);
  }
  // Hidden: the completion scripts' candidates, and the man page the package build writes.
  program.addCommand(completeCommand(program), { hidden: true });
  program.addCommand(
    new Command('__man').action(() => {
      const epoch = Number(process.env['SOURCE_DATE_EPOCH']);
      const date = new Date(Number.isFinite(epoch) && epoch > 0 ? epoch * 1000 : Date.now());
      process.stdout.write(manPage(program, runner.version, date.toISOString().slice(0, 10)));
    }),
    { hidden: true },
  );
  // Every command exits through runCli (usage errors with 64), which says what is wrong
  // once: on stderr, and as the JSON document under --json (commander prints nothing itself).
  // Help fits its width (80 columns when piped): descriptions wrap even beside a wide
  // column of names and arguments (commander's default leaves them whole under 40 columns).
  const configure = (command: Command): void => {
    command
      .exitOverride()
      .configureOutput({ outputError: () => undefined })
      .configureHelp({ minWidthToWrap: 20 });
    command.commands.forEach(configure);
  };
  configure(program);
  return program;
}

function printFailure(
  failure: CliFailure,
  format: 'json' | 'yaml' | null,
  color: boolean | undefined,
): void {
  const error: CliError = failure.error;
  const lines = [`qbsc: ${error.message}`];
  if (error.code === 'invalid_request') {
    for (const issue of error.issues) {
      const text = issueText(issue.path, issue.message);
      // Said once: an issue that is the message itself is not repeated under it.
      if (text !== error.message) lines.push(`  ${text}`);
    }
  }
  if (error.code === 'invalid_settings') {
    for (const issue of error.errors) lines.push(`  ${issue.field}: ${issue.message}`);
  }
  if (failure.hint) lines.push(failure.hint);
  const style = createStyle(colorWanted(process.stderr.isTTY === true, process.env, color));
  lines[0] = `${style.red('qbsc:')}${(lines[0] ?? '').slice('qbsc:'.length)}`;
  process.stderr.write(`${terminalText(lines.join('\n'))}\n`);
  const document = { error, exitCode: failure.exitCode };
  if (format === 'json') process.stdout.write(`${jsonText(document)}\n`);
  if (format === 'yaml') process.stdout.write(yamlText(document));
}

/** The failure of a commander error (usage), or null for help or the version asked for. */
function commanderFailure(
  error: CommanderError,
  program: Command,
  args: readonly string[],
): CliFailure | null {
  const asked = ['commander.helpDisplayed', 'commander.version', 'commander.help'];
  if (asked.includes(error.code) && error.exitCode === 0) return null;
  // Help shown because a command is missing (on stderr already) is a usage error too.
  const path = commandPath(program, args);
  const message =
    error.code !== 'commander.help'
      ? error.message.replace(/^error: /, '')
      : path.length > 0
        ? `"qbsc ${path.join(' ')}" needs a command.`
        : 'A command is needed.';
  return new CliFailure({ code: 'usage', message }, EXIT.usage, '(add --help for usage)');
}

/** The names of the commands `args` reach (`servers` for `qbsc --json servers`). */
function commandPath(program: Command, args: readonly string[]): string[] {
  const names: string[] = [];
  let command = program;
  for (const word of args) {
    const next = command.commands.find((sub) => sub.name() === word);
    if (next) {
      names.push(word);
      command = next;
    } else if (!word.startsWith('-') && names.length > 0) break;
  }
  return names;
}

/** Whether --json or -o json was given (read from argv too: a usage error may stop parsing before it). */
function wantsJson(program: Command, args: readonly string[]): boolean {
  const options = program.opts<GlobalOptions>();
  if ((options.json !== undefined && options.json !== false) || options.output === 'json')
    return true;
  const end = args.indexOf('--');
  const before = end === -1 ? args : args.slice(0, end);
  return before.some(
    (word, index) =>
      word === '--json' ||
      word.startsWith('--json=') ||
      word === '--output=json' ||
      ((word === '-o' || word === '--output') && before[index + 1] === 'json'),
  );
}

/** The command `args` reach (the program itself when they name none). */
function commandReached(program: Command, args: readonly string[]): Command {
  let command = program;
  for (const name of commandPath(program, args)) {
    command = command.commands.find((sub) => sub.name() === name) ?? command;
  }
  return command;
}

/**
 * Whether the word after a bare `--json` is a field list: not the name of a command that
 * could come there, and either a list (`a,b`) or a field the command `args` reach declares.
 */
function fieldsWord(program: Command, args: readonly string[]) {
  return (word: string, before: readonly string[]): boolean => {
    const here = commandReached(program, before);
    if (here.commands.some((sub) => sub.name() === word)) return false;
    if (word.includes(',')) return true;
    const declared = fieldsOf(commandReached(program, args))?.fields ?? [];
    return declared.includes(word) || declared.includes(FIELD_ALIASES[word] ?? '');
  };
}

/** Runs qbsc with `argv` (node's: the first two are the runtime and the script); its exit code. */
export async function runCli(argv: readonly string[]): Promise<number> {
  const runner = new Runner(packageVersion());
  const program = buildProgram(runner);
  const args = jsonArgs(argv.slice(2), fieldsWord(program, argv.slice(2)));
  let failure: CliFailure;
  try {
    await program.parseAsync([...argv.slice(0, 2), ...args]);
    return runner.exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      const usageFailure = commanderFailure(error, program, args);
      if (!usageFailure) return EXIT.ok;
      failure = usageFailure;
    } else if (error instanceof CliFailure) {
      failure = error;
    } else {
      const message = `unexpected failure: ${error instanceof Error ? error.message : String(error)}`;
      failure = new CliFailure({ code: 'internal', message }, EXIT.internal);
    }
  }
  const color = args.includes('--no-color') ? false : undefined;
  const yaml =
    program.opts<GlobalOptions>().output === 'yaml' ||
    args.some(
      (word, index) =>
        word === '--output=yaml' ||
        (['-o', '--output'].includes(word) && args[index + 1] === 'yaml'),
    );
  printFailure(failure, wantsJson(program, args) ? 'json' : yaml ? 'yaml' : null, color);
  return failure.exitCode;
}
