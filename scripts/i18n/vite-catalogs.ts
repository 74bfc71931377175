/**
 * The window's catalogs, compiled at build time (ADR 0180): `virtual:catalogs/<language>/app`
 * (the `common` and `app` areas, loaded at start) and `virtual:catalogs/<language>/fleet`
 * (loaded with the fleet view) are one chunk each, so the window fetches the active
 * language's chunks alone and ships no message parser (src-shared/i18n/compile.ts runs
 * here). Pseudo-locales are made from English in the window (src-shared/i18n/pseudo.ts).
 * Each chunk is named after its language and part (`assets/en-app-<hash>.js`), so the size
 * bench can count the start language's chunk.
 */

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Plugin } from 'vite';
import { compileCatalog } from '../../src-shared/i18n/compile';
import { isLanguage } from '../../src-shared/i18n/locales';

const PREFIX = 'virtual:catalogs/';

/** The catalog areas in each of the window's chunks. */
const WINDOW_PARTS: Record<string, readonly string[]> = {
  app: ['common', 'app'],
  fleet: ['fleet'],
};

/** The file name of a built chunk: a catalog's is `<language>-<part>-<hash>.js`. */
export function catalogChunkName(chunk: { facadeModuleId: string | null }): string {
  const id = chunk.facadeModuleId ?? '';
  if (!id.startsWith(`\0${PREFIX}`)) return 'assets/[name]-[hash].js';
  return `assets/${id.slice(PREFIX.length + 1).replace('/', '-')}-[hash].js`;
}

/** The plugin; `catalogFolder` is src-shared/i18n/catalogs. */
export function windowCatalogs(catalogFolder: string): Plugin {
  return {
    name: 'quickbox:window-catalogs',
    config() {
      return { build: { rollupOptions: { output: { chunkFileNames: catalogChunkName } } } };
    },
    resolveId(id) {
      return id.startsWith(PREFIX) ? `\0${id}` : null;
    },
    load(id) {
      if (!id.startsWith(`\0${PREFIX}`)) return null;
      const [language, part] = id.slice(PREFIX.length + 1).split('/');
      const areas = part === undefined ? undefined : WINDOW_PARTS[part];
      if (!isLanguage(language) || !areas) throw new Error(`No window catalog "${id.slice(1)}"`);
      const merged: Record<string, string> = {};
      for (const area of areas) {
        const file = join(catalogFolder, language, `${area}.json`);
        this.addWatchFile(file);
        Object.assign(merged, JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>);
      }
      return `export const catalog = ${JSON.stringify(compileCatalog(merged))};`;
    },
  };
}
