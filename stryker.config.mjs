// Mutation testing (`npm run mutate`): StrykerJS changes the pure modules one small edit at
// a time and reruns their tests; a change that no test notices marks a behaviour the tests
// do not pin. Kept out of `npm test` because a run takes minutes.
// @ts-check

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  plugins: ['@stryker-mutator/vitest-runner'],
  vitest: { configFile: 'vitest.mutate.config.mts' },
  // Each mutant reruns only the tests that reach its code.
  coverageAnalysis: 'perTest',
  mutate: [
    'src-shared/**/*.ts',
    'src-main/core/watch/sse-parser.ts',
    // The whole file: its pure part (the file's schema and reading) shares the module with
    // the atomic writes, and a line range would drift as the file changes.
    'src-main/core/registry/server-registry.ts',
    'src-renderer/state/editor.ts',
  ],
  // The build machines have 2 cores.
  concurrency: 2,
  tempDirName: '.stryker-tmp',
  // Only what the mutated modules and their tests need goes into the sandbox.
  ignorePatterns: [
    'out',
    'dist',
    'coverage',
    'test-results',
    'playwright-report',
    'reports',
    'docs',
    'build',
    'bench',
    'test/e2e',
  ],
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: 'reports/mutation/index.html' },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  clearTextReporter: { allowColor: false, logTests: false },
  thresholds: { high: 90, low: 80, break: null },
};
