/**
 * The entry point of the Electron main process (out/main/index.js): everything it does is
 * in lifecycle.ts, so the shell tests can start it as often as they need.
 */

import { runShell } from './lifecycle';

runShell({ bundleDir: __dirname });
