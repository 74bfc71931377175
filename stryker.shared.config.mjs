// Mutation testing of src-shared alone (`npm run mutate:shared`), with a gate: the run fails
// below a 90% mutation score. The domain rules every process shares live there (the drift
// rule, the settings rules, the contract), so their score is held on its own; the wider
// `npm run mutate` keeps reporting the other pure modules without a gate.
// @ts-check
import base from './stryker.config.mjs';

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  ...base,
  mutate: ['src-shared/**/*.ts'],
  htmlReporter: { fileName: 'reports/mutation-shared/index.html' },
  jsonReporter: { fileName: 'reports/mutation-shared/mutation.json' },
  thresholds: { high: 90, low: 80, break: 90 },
};
