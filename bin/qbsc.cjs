#!/usr/bin/env node
// qbsc, the command line of QuickBox Session Companion. It runs the TypeScript sources with
// tsx's require hook registered in this very process (no second Node process, no build step),
// so the command line and the app run the same core code.
const { register } = require('tsx/cjs/api');

register();
const { runCli } = require('../src-cli/main.ts');

runCli(process.argv).then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    process.stderr.write(
      `qbsc: unexpected failure: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    process.exitCode = 70;
  },
);
