#!/usr/bin/env node
// Runs a TypeScript entry point with tsx (the reference server, benchmarks), passing the
// remaining arguments through and forwarding SIGINT/SIGTERM so the child stops cleanly.
// The child is Node itself with tsx's loader (`--import tsx`), not tsx's CLI: the CLI is one
// more process that relays signals and, when its child has not confirmed one within 30 ms
// (a loaded machine), kills it, so a clean SIGTERM stop ended with exit 143.
import { spawn } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const [entry, ...args] = process.argv.slice(2);
if (!entry) {
  console.error('usage: node scripts/run-ts.mjs <file.ts> [args...]');
  process.exit(2);
}
const tsxLoader = pathToFileURL(require.resolve('tsx')).href;
const child = spawn(
  process.execPath,
  ['--import', tsxLoader, entry, ...args.filter((a) => a !== '--')],
  { stdio: 'inherit' },
);
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
