#!/usr/bin/env node
// Runs a TypeScript entry point with tsx (the reference server, benchmarks), passing the
// remaining arguments through and forwarding SIGINT/SIGTERM so the child stops cleanly.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const [entry, ...args] = process.argv.slice(2);
if (!entry) {
  console.error('usage: node scripts/run-ts.mjs <file.ts> [args...]');
  process.exit(2);
}
const tsxCli = require.resolve('tsx/cli');
const child = spawn(process.execPath, [tsxCli, entry, ...args.filter((a) => a !== '--')], {
  stdio: 'inherit',
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
