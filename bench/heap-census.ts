/**
 * A census of a v8 heap snapshot (.heapsnapshot, from v8.writeHeapSnapshot): how many objects
 * of each constructor (and closures, arrays, strings by kind) it holds and their own size, and
 * the comparison of two censuses, so that a benchmark can name what grows between them.
 */

import { readFileSync } from 'node:fs';

interface SnapshotFile {
  snapshot: { meta: { node_fields: string[]; node_types: [string[], ...unknown[]] } };
  nodes: number[];
  strings: string[];
}

/** Per kind of object (type and constructor name): how many, and their own bytes. */
export type Census = Map<string, { count: number; bytes: number }>;

/** Kinds of node whose name says what they are (a constructor's, a closure's). */
const NAMED = new Set(['object', 'closure', 'native']);

/** Counts the objects of a heap snapshot by type and name. */
export function censusOf(file: string): Census {
  const parsed = JSON.parse(readFileSync(file, 'utf8')) as SnapshotFile;
  const fields = parsed.snapshot.meta.node_fields;
  const types = parsed.snapshot.meta.node_types[0];
  const width = fields.length;
  const typeAt = fields.indexOf('type');
  const nameAt = fields.indexOf('name');
  const sizeAt = fields.indexOf('self_size');
  const census: Census = new Map();
  const { nodes, strings } = parsed;
  for (let i = 0; i < nodes.length; i += width) {
    const type = types[nodes[i + typeAt] ?? 0] ?? '?';
    const name = NAMED.has(type) ? (strings[nodes[i + nameAt] ?? 0] ?? '?') : '';
    const key = name === '' ? `(${type})` : `${type === 'object' ? '' : `${type} `}${name}`;
    const entry = census.get(key) ?? { count: 0, bytes: 0 };
    entry.count += 1;
    entry.bytes += nodes[i + sizeAt] ?? 0;
    census.set(key, entry);
  }
  return census;
}

/** What grew most from `before` to `after` (by count), the `top` first. */
export function growthOf(
  before: Census,
  after: Census,
  top = 15,
): { key: string; count: number; bytes: number; from: number }[] {
  return [...after.entries()]
    .map(([key, entry]) => {
      const was = before.get(key) ?? { count: 0, bytes: 0 };
      return {
        key,
        count: entry.count - was.count,
        bytes: entry.bytes - was.bytes,
        from: was.count,
      };
    })
    .filter((entry) => entry.count > 0)
    .sort((a, b) => b.count - a.count)
    .slice(0, top);
}
