/**
 * Field selection for JSON, as gh's `--json name,env,state`: a command declares the rows of
 * its answer (`servers`, `report.outcomes`) and their fields; `--json a,b` keeps those fields
 * of each row, under the names asked for, and leaves the rest of the answer as it is. A
 * command that declares no rows selects among the answer's top-level members. A name that is
 * no field is a usage error that names the closest one. Declared on the command itself, so
 * completion and the man page list the same fields.
 */

import type { Command } from 'commander';
import { usage } from './failure';
import { didYouMean } from './suggest';

/** The rows of a command's answer and the fields each has. */
export interface FieldDeclaration {
  /** Dotted paths of the arrays of rows in the answer (`servers`, `report.outcomes`). */
  rows: readonly string[];
  /** The fields of a row, by the names --json takes. */
  fields: readonly string[];
}

const DECLARED = new WeakMap<Command, FieldDeclaration>();

/** Short names people type for the wire names (`env` for `environment`, as in the tables). */
export const FIELD_ALIASES: Readonly<Record<string, string>> = {
  env: 'environment',
  address: 'baseUrl',
  user: 'username',
  client: 'userAgent',
  server: 'name',
};

/** Declares the rows and fields of `command`'s answer; returns the command. */
export function declareFields(command: Command, declaration: FieldDeclaration): Command {
  DECLARED.set(command, declaration);
  return command;
}

/** What `command` declared, or null. */
export function fieldsOf(command: Command): FieldDeclaration | null {
  return DECLARED.get(command) ?? null;
}

/** The names of a `--json a,b` list, each once, in order. */
export function fieldList(text: string): string[] {
  return [...new Set(text.split(',').map((part) => part.trim()))].filter((part) => part !== '');
}

/** Whether `text` reads as a list of field names (`name`, `name,env`). */
export function looksLikeFieldList(text: string): boolean {
  return /^[A-Za-z][\w.]*(?:,[A-Za-z][\w.]*)*,?$/.test(text);
}

function record(value: unknown): Record<string, unknown> | null {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : null;
}

function at(value: unknown, path: string): unknown {
  return path.split('.').reduce<unknown>((item, key) => record(item)?.[key], value);
}

/** The wire key a name stands for in `row` (the name itself, or its alias's target). */
function keyFor(name: string, row: Record<string, unknown>): string {
  const alias = FIELD_ALIASES[name];
  return name in row || alias === undefined ? name : alias;
}

function pick(row: unknown, names: readonly string[]): unknown {
  const fields = record(row);
  if (!fields) return row;
  return Object.fromEntries(names.map((name) => [name, fields[keyFor(name, fields)] ?? null]));
}

function withPath(value: unknown, path: string, change: (rows: unknown[]) => unknown[]): unknown {
  const [head = '', ...rest] = path.split('.');
  const fields = record(value);
  if (!fields || !(head in fields)) return value;
  const inner = fields[head];
  const next =
    rest.length === 0
      ? Array.isArray(inner)
        ? change(inner)
        : inner
      : withPath(inner, rest.join('.'), change);
  return { ...fields, [head]: next };
}

/** Every name the answer's rows answer to (declared, seen, or an alias of one of those). */
export function knownFields(value: unknown, declaration: FieldDeclaration | null): string[] {
  const names = new Set<string>(declaration?.fields ?? []);
  if (declaration && declaration.rows.length > 0) {
    for (const path of declaration.rows) {
      const rows = at(value, path);
      if (Array.isArray(rows))
        for (const row of rows) Object.keys(record(row) ?? {}).forEach((key) => names.add(key));
    }
  } else {
    Object.keys(record(value) ?? {}).forEach((key) => names.add(key));
  }
  for (const [alias, target] of Object.entries(FIELD_ALIASES))
    if (names.has(target)) names.add(alias);
  return [...names];
}

/** `value` with only the `names` fields of its rows (or of itself when it declares no rows). */
export function selectFields(
  value: unknown,
  names: readonly string[],
  declaration: FieldDeclaration | null,
): unknown {
  const known = knownFields(value, declaration);
  for (const name of names) {
    if (!known.includes(name)) {
      throw usage(
        `"${name}" is not a field of this answer.${didYouMean(name, known)} The fields are ${known.join(', ')}.`,
      );
    }
  }
  if (!declaration || declaration.rows.length === 0) return pick(value, names);
  return declaration.rows.reduce(
    (answer, path) => withPath(answer, path, (rows) => rows.map((row) => pick(row, names))),
    value,
  );
}
