/**
 * The manual page qbsc(1), written from the program's own command definitions (the ones
 * --help prints), so it lists every command and option as they are: a section per command
 * with its arguments and options, the exit codes from exit-codes.ts, and the environment.
 * scripts/build-qbsc.mjs runs `qbsc __man` and installs the page with the package.
 */

import type { Command, Option } from 'commander';
import { EXIT_CODE_TABLE } from './exit-codes';
import { fieldsOf } from './fields';

/** Text with roff's special characters made literal (and a leading dot or quote defused). */
export function roffText(text: string): string {
  return (
    text
      .replace(/\\/g, '\\e')
      .replace(/-/g, '\\-')
      .replace(/^([.'])/gm, '\\&$1')
      // roff reads bytes: a character beyond ASCII ("’") is written as its named code point.
      .replace(
        /[^\t\n -~]/gu,
        (char) => `\\[u${(char.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}]`,
      )
  );
}

function hidden(command: Command): boolean {
  return (command as unknown as { _hidden?: boolean })._hidden === true;
}

/** Every visible command below `command`, depth first, with its full name. */
export function commandsOf(
  command: Command,
  prefix: string[] = [],
): { path: string[]; command: Command }[] {
  return command.commands
    .filter((sub) => !hidden(sub))
    .flatMap((sub) => {
      const path = [...prefix, sub.name()];
      return [{ path, command: sub }, ...commandsOf(sub, path)];
    });
}

function optionLines(options: readonly Option[]): string[] {
  return options
    .filter((option) => !option.hidden)
    .flatMap((option) => [
      '.TP',
      `.B ${roffText(option.flags)}`,
      roffText(
        option.description +
          (option.argChoices ? ` (one of: ${option.argChoices.join(', ')})` : '') +
          (option.envVar ? ` [env: ${option.envVar}]` : ''),
      ),
    ]);
}

function commandSection(path: string[], command: Command): string[] {
  const args = command.registeredArguments
    .map((argument) => {
      const name = `${argument.name()}${argument.variadic ? '...' : ''}`;
      return argument.required ? `<${name}>` : `[${name}]`;
    })
    .join(' ');
  const lines = [
    `.SS "qbsc ${roffText(path.join(' '))}${args ? ` ${roffText(args)}` : ''}"`,
    roffText(command.description()),
  ];
  const declared = fieldsOf(command);
  if (declared && declared.fields.length > 0) {
    lines.push('.br', roffText(`Fields for --json: ${declared.fields.join(', ')}.`));
  }
  if (command.options.some((option) => !option.hidden)) {
    lines.push('.RS', ...optionLines(command.options), '.RE');
  }
  return lines;
}

/** The man page of `program`, dated `date` (YYYY-MM-DD). */
export function manPage(program: Command, version: string, date: string): string {
  const commands = commandsOf(program);
  return [
    `.TH QBSC 1 "${date}" "qbsc ${roffText(version)}" "User Commands"`,
    '.SH NAME',
    `qbsc \\- ${roffText(program.description())}`,
    '.SH SYNOPSIS',
    '.B qbsc',
    '[\\fIoptions\\fR] \\fIcommand\\fR [\\fIarguments\\fR]',
    '.SH DESCRIPTION',
    roffText(
      'qbsc does from a shell what the QuickBox Session Companion app does: the same core, the same server list, profiles and keychain entries. Results go to stdout (a table, or JSON or YAML with -o), progress, questions and errors to stderr. Secrets are never arguments: a no-echo prompt, or stdin with --password-stdin or --api-key-stdin.',
    ),
    '.SH OPTIONS',
    ...optionLines(program.options),
    '.SH COMMANDS',
    ...commands.flatMap(({ path, command }) => commandSection(path, command)),
    '.SH EXIT STATUS',
    ...EXIT_CODE_TABLE.flatMap(([code, meaning]) => ['.TP', `.B ${code}`, roffText(meaning)]),
    '.SH ENVIRONMENT',
    ...[
      ['QBSC_DATA_DIR', 'the data folder (as --data-dir)'],
      ['NO_COLOR', 'no colour when set to anything (as --no-color)'],
      ['FORCE_COLOR', 'colour even when stdout is not a terminal'],
      ['COLUMNS', 'the width tables fit in the default view'],
      ['TZ', 'the time zone times are shown in'],
      ['HTTPS_PROXY, HTTP_PROXY, NO_PROXY', 'the proxy requests go through'],
    ].flatMap(([name, meaning]) => ['.TP', `.B ${roffText(name ?? '')}`, roffText(meaning ?? '')]),
    '.SH EXAMPLES',
    '.nf',
    roffText('qbsc servers list -o wide'),
    roffText('qbsc fleet drift --json name,state'),
    roffText('source <(qbsc completion bash)'),
    '.fi',
    '.SH SEE ALSO',
    roffText('qbsc --help, qbsc <command> --help'),
    '',
  ].join('\n');
}
