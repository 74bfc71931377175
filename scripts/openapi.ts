/**
 * `npm run openapi`: writes docs/openapi.json from the reference server's route schemas
 * (server/openapi.ts). `--check` writes nothing and exits 1 when the file is out of date.
 */

import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { OPENAPI_FILE, renderOpenApiDocument } from '../server/openapi';

async function main(): Promise<void> {
  const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
  const file = join(root, OPENAPI_FILE);
  const text = await renderOpenApiDocument(root);
  const current = existsSync(file) ? readFileSync(file, 'utf8') : null;
  if (process.argv.includes('--check')) {
    if (current === text) {
      console.log(`${OPENAPI_FILE} is up to date.`);
      return;
    }
    console.error(`${OPENAPI_FILE} is out of date: run npm run openapi.`);
    process.exitCode = 1;
    return;
  }
  if (current === text) {
    console.log(`${OPENAPI_FILE} is up to date.`);
    return;
  }
  writeFileSync(file, text);
  console.log(`wrote ${OPENAPI_FILE} (${Buffer.byteLength(text)} bytes)`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
