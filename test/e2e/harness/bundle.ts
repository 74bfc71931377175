/**
 * Bundles the in-page half of the harness (page-api.ts, which imports the real createApi)
 * into one script for `page.addInitScript`.
 */

import { build } from 'esbuild';
import { join } from 'node:path';

let cached: Promise<string> | null = null;

/** The harness script, built once per worker. */
export function pageApiScript(): Promise<string> {
  cached ??= build({
    entryPoints: [join(__dirname, 'page-api.ts')],
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    target: 'es2022',
    logLevel: 'silent',
  }).then((result) => {
    const output = result.outputFiles[0];
    if (!output) throw new Error('esbuild produced no harness bundle');
    return output.text;
  });
  return cached;
}
