#!/usr/bin/env node
// qbsc as its npm package installs it. Node's compile cache (Node 22.1 and later) keeps the
// compiled bundle between runs, so from the second run on it is not compiled again; then the
// bundle (built by scripts/build-qbsc.mjs from the app's sources) runs.
const { enableCompileCache } = require('node:module');

if (typeof enableCompileCache === 'function') enableCompileCache();
require('../dist/qbsc.cjs');
