/**
 * Renderer bundle size: the JavaScript of out/renderer/assets, raw and gzipped, in all and
 * for the start-up set alone (what index.html loads before anything is shown: its module
 * scripts and the chunks they import statically, which Vite lists as modulepreload links).
 * The start language's catalog chunk (`<language>-app-<hash>.js`, src-renderer/i18n/catalogs.ts)
 * belongs to the start-up set too: the window fetches it beside its first requests. The rest
 * are the parts loaded when first used (src-renderer/lazy-parts.tsx).
 */

import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

/** Bytes of a set of JavaScript files, raw and gzipped (level 9, file by file). */
export type JsSize = { files: number; raw: number; gzip: number };

function sizeOf(assets: string, names: readonly string[]): JsSize {
  let raw = 0;
  let gzip = 0;
  for (const name of names) {
    const content = readFileSync(join(assets, name));
    raw += content.length;
    gzip += gzipSync(content, { level: 9 }).length;
  }
  return { files: names.length, raw, gzip };
}

/** The asset file names that a built index.html loads at start (scripts, modulepreloads). */
export function startupScripts(indexHtml: string): string[] {
  const names = new Set<string>();
  const tags = indexHtml.match(/<(script|link)\b[^>]*>/g) ?? [];
  for (const tag of tags) {
    const isScript = tag.startsWith('<script') && /\btype="module"/.test(tag);
    const isPreload = tag.startsWith('<link') && /\brel="modulepreload"/.test(tag);
    const source = /\b(?:src|href)="\.?\/?assets\/([^"]+\.js)"/.exec(tag)?.[1];
    if ((isScript || isPreload) && source) names.add(source);
  }
  return [...names];
}

/** The renderer's JavaScript size in bytes: all of it, and the start-up set in `language`. */
export function rendererJsSize(root: string, language = 'en'): { total: JsSize; startup: JsSize } {
  const renderer = join(root, 'out', 'renderer');
  const assets = join(renderer, 'assets');
  const all = readdirSync(assets).filter((name) => name.endsWith('.js'));
  const startup = startupScripts(readFileSync(join(renderer, 'index.html'), 'utf8'));
  const missing = startup.filter((name) => !all.includes(name));
  if (startup.length === 0 || missing.length > 0) {
    throw new Error(
      `out/renderer/index.html loads no script found in out/renderer/assets (${missing.join(', ') || 'none listed'}): build again with npm run build`,
    );
  }
  const catalog = all.find((name) => name.startsWith(`${language}-app-`));
  if (!catalog) {
    throw new Error(
      `out/renderer/assets has no ${language}-app catalog chunk: build again with npm run build`,
    );
  }
  return { total: sizeOf(assets, all), startup: sizeOf(assets, [...startup, catalog]) };
}
