/**
 * What a shell's tab completes, from the same command definitions as --help: commands,
 * options, option values (formats, environments, sections, the fields of --json) and names
 * from the data folder (servers, profiles), read from its JSON files and never from the
 * keychain or a server, so a tab costs no sign-in. `qbsc __complete -- <words>` prints one
 * candidate a line for the completion scripts of src-cli/commands/completion.ts.
 */

import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Command, Option } from 'commander';
import { ENVIRONMENTS } from '../src-shared/domain';
import { SETTINGS_FIELDS } from '../src-shared/settings';
import { SETTINGS_SECTIONS } from '../src-shared/settings-sections';
import { firstUnsafeCharacter } from '../src-shared/unsafe-text';
import { defaultDataDir } from './data-dir';
import { FIELD_ALIASES, fieldsOf } from './fields';
import { FORMATS } from './output';

/** The names completion offers from a data folder. */
export interface KnownNames {
  servers: string[];
  profiles: string[];
}

function namesIn(file: string, key: 'servers' | 'profiles'): string[] {
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    const items = Array.isArray(parsed[key]) ? (parsed[key] as unknown[]) : [];
    return items
      .map((item) => (item as { name?: unknown }).name)
      .filter(
        (name): name is string => typeof name === 'string' && firstUnsafeCharacter(name) === null,
      );
  } catch {
    // No such file yet, or one being rewritten: nothing to offer, which is no error at a tab.
    return [];
  }
}

/** The server and profile names of a data folder (servers.json, profiles.json). */
export function knownNames(dataDir: string): KnownNames {
  return {
    servers: namesIn(path.join(dataDir, 'servers.json'), 'servers'),
    profiles: namesIn(path.join(dataDir, 'profiles.json'), 'profiles'),
  };
}

/** The data folder the words name (`--data-dir x`), else QBSC_DATA_DIR, else the app's. */
export function dataDirOf(words: readonly string[], env: NodeJS.ProcessEnv = process.env): string {
  for (let index = 0; index < words.length; index += 1) {
    const word = words[index] ?? '';
    if (word === '--data-dir' && words[index + 1]) return words[index + 1] as string;
    if (word.startsWith('--data-dir=')) return word.slice('--data-dir='.length);
  }
  return env['QBSC_DATA_DIR'] || defaultDataDir();
}

/** A word as the shell will pass it: quotes and backslashes taken off (`"Box A"`, `Box\ A`). */
export function dequote(word: string): string {
  return word.replace(/\\(.)|["']/g, (_, escaped: string | undefined) => escaped ?? '');
}

/** bash splits `env:production` and `--json=a` into three words; they are one. */
function joinBreaks(words: readonly string[]): { words: string[]; lastPart: string } {
  const joined: string[] = [];
  for (let index = 0; index < words.length; index += 1) {
    const word = words[index] ?? '';
    const glue = (word === ':' || word === '=') && joined.length > 0;
    if (glue) joined[joined.length - 1] += word;
    else if (
      index > 0 &&
      (words[index - 1] === ':' || words[index - 1] === '=') &&
      joined.length > 0
    )
      joined[joined.length - 1] += word;
    else joined.push(word);
  }
  const last = words[words.length - 1] ?? '';
  return { words: joined, lastPart: last === ':' || last === '=' ? '' : last };
}

function visible(command: Command): Command[] {
  return command.commands.filter((sub) => !(sub as unknown as { _hidden?: boolean })._hidden);
}

function chainOptions(chain: readonly Command[]): Option[] {
  return chain.flatMap((command) => command.options.filter((option) => !option.hidden));
}

function findOption(chain: readonly Command[], word: string): Option | undefined {
  const name = word.split('=')[0];
  return chainOptions(chain).find((option) => option.long === name || option.short === name);
}

/** With a comma list (`name,e`), the candidates for its last part after the done ones. */
function listValues(current: string, values: readonly string[]): string[] {
  const comma = current.lastIndexOf(',');
  const head = current.slice(0, comma + 1);
  return values.map((value) => `${head}${value}`);
}

function optionValues(
  option: Option,
  command: Command,
  current: string,
  names: KnownNames,
): string[] {
  const long = option.long ?? '';
  if (long === '--output') return [...FORMATS];
  if (long === '--json') {
    const declared = fieldsOf(command)?.fields ?? [];
    const aliases = Object.entries(FIELD_ALIASES)
      .filter(([, target]) => declared.includes(target))
      .map(([alias]) => alias);
    return listValues(current, [...declared, ...aliases]);
  }
  if (long === '--sections') return listValues(current, [...SETTINGS_SECTIONS, 'all']);
  if (long === '--to') return ['all', ...ENVIRONMENTS.map((tag) => `env:${tag}`), ...names.servers];
  if (long === '--from')
    return [
      ...names.servers,
      ...names.profiles,
      ...names.profiles.map((name) => `profile:${name}`),
    ];
  if (long.includes('profile')) return names.profiles;
  if (long.includes('server')) return names.servers;
  if (option.argChoices) return [...option.argChoices];
  return [];
}

function argumentValues(command: Command, position: number, names: KnownNames): string[] {
  const args = command.registeredArguments;
  const argument = args[Math.min(position, args.length - 1)];
  if (!argument || (position >= args.length && !argument.variadic)) return [];
  const name = argument.name();
  if (argument.argChoices) return [...argument.argChoices];
  if (name.includes('field')) return SETTINGS_FIELDS.map((field) => `${field}=`);
  if (name.includes('profile')) return names.profiles;
  if (name.includes('server') || name === 'other') return names.servers;
  if (name === 'shell') return ['bash', 'zsh', 'fish'];
  return [];
}

function startsWith(candidate: string, current: string): boolean {
  return candidate.toLowerCase().startsWith(current.toLowerCase());
}

/** The candidates for the last of `rawWords` (the words after `qbsc`; the last is being typed). */
export function completions(
  program: Command,
  rawWords: readonly string[],
  names: KnownNames,
): string[] {
  const { words: joined, lastPart } = joinBreaks(rawWords.length === 0 ? [''] : rawWords);
  const words = joined.map(dequote);
  const current = words[words.length - 1] ?? '';
  const chain: Command[] = [program];
  let position = 0;
  let valueOf: Option | null = null;
  for (const word of words.slice(0, -1)) {
    const command = chain[chain.length - 1] as Command;
    if (valueOf) {
      valueOf = null;
      continue;
    }
    if (word.startsWith('-')) {
      const option = findOption(chain, word);
      if (option?.required && !word.includes('=')) valueOf = option;
      continue;
    }
    const sub = command.commands.find(
      (item) => item.name() === word || item.aliases().includes(word),
    );
    if (sub) {
      chain.push(sub);
      position = 0;
    } else position += 1;
  }
  const command = chain[chain.length - 1] as Command;
  // After an option whose value is optional (--json [fields]): its values, or what comes next.
  const previous = words.length > 1 ? findOption(chain, words[words.length - 2] ?? '') : undefined;
  const optional =
    previous?.optional && !(words[words.length - 2] ?? '').includes('=')
      ? optionValues(previous, command, current, names)
      : [];
  let candidates: string[];
  let typed = current;
  if (valueOf || (current.startsWith('--json') && current.includes('='))) {
    const option = valueOf ?? findOption(chain, current);
    const prefix = valueOf ? '' : current.slice(0, current.indexOf('=') + 1);
    typed = current.slice(prefix.length);
    candidates = option
      ? optionValues(option, command, typed, names).map((value) => `${prefix}${value}`)
      : [];
    typed = current;
  } else if (current.startsWith('-')) {
    candidates = chainOptions(chain).flatMap((option) => [option.long ?? option.short ?? '']);
  } else if (visible(command).length > 0) {
    candidates = [...visible(command).map((sub) => sub.name()), 'help'];
  } else {
    candidates = argumentValues(command, position, names);
  }
  candidates = [...optional, ...candidates];
  const matching = [...new Set(candidates)].filter((candidate) => startsWith(candidate, typed));
  // What bash replaces is only the part after its last break (`:` or `=`).
  const cut = current.length - dequote(lastPart).length;
  return matching.map((candidate) => candidate.slice(Math.max(0, cut)));
}
