#!/usr/bin/env node
// qbsc, the command line of QuickBox Session Companion. In the checkout it runs the
// TypeScript sources with tsx's require hook registered in this very process (no second Node
// process, no build step), so the command line and the app run the same core code, and an
// edit shows at the next run. The installable package (packages/qbsc) is this same file
// bundled with the sources by scripts/build-qbsc.mjs, which defines QBSC_BUNDLED: there the
// sources are JavaScript already and tsx is left out of the bundle.
/* global QBSC_BUNDLED */
if (typeof QBSC_BUNDLED === 'undefined') require('tsx/cjs/api').register();
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
