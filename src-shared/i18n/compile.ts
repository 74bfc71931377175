/**
 * Compiling a catalog's ICU messages ahead of use (ADR 0180): the build does it for the
 * window, so no message parser ships in the renderer; main and qbsc do it when they load a
 * catalog. A message without arguments compiles to its text (quotes resolved), anything else
 * to its syntax tree.
 */

import { parse, TYPE } from '@formatjs/icu-messageformat-parser';
import type { CompiledCatalog, CompiledMessage } from './translator';

/** One message compiled; a message that does not parse throws with its id in the text. */
export function compileMessage(id: string, source: string): CompiledMessage {
  let tree;
  try {
    tree = parse(source);
  } catch (error) {
    throw new Error(`Message ${id} is not valid ICU MessageFormat: ${(error as Error).message}`);
  }
  if (tree.every((element) => element.type === TYPE.literal)) {
    return tree.map((element) => (element.type === TYPE.literal ? element.value : '')).join('');
  }
  return tree;
}

/** Every message of a catalog source (id to ICU text) compiled. */
export function compileCatalog(source: Readonly<Record<string, string>>): CompiledCatalog {
  const compiled: Record<string, CompiledMessage> = {};
  for (const [id, message] of Object.entries(source)) compiled[id] = compileMessage(id, message);
  return compiled;
}
