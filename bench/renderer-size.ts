/**
 * Renderer bundle size: the JavaScript of out/renderer/assets, raw and gzipped.
 */

import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

/** The renderer's JavaScript size in bytes, raw and gzipped (level 9). */
export function rendererJsSize(root: string): { files: number; raw: number; gzip: number } {
  const assets = join(root, 'out', 'renderer', 'assets');
  const files = readdirSync(assets).filter((name) => name.endsWith('.js'));
  let raw = 0;
  let gzip = 0;
  for (const name of files) {
    const content = readFileSync(join(assets, name));
    raw += content.length;
    gzip += gzipSync(content, { level: 9 }).length;
  }
  return { files: files.length, raw, gzip };
}
