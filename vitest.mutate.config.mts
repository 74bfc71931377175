// The vitest run that Stryker drives (`npm run mutate`): only the tests of the mutated
// modules, which are pure and need no keychain, reference server or browser. The full
// suite would run every mutant against minutes of integration tests for no gain.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: [
      'test/shared/**/*.test.ts',
      'test/main/core/watch/sse-parser.test.ts',
      'test/main/core/registry/server-registry*.test.ts',
      'test/renderer/editor*.test.ts',
    ],
    environment: 'node',
    testTimeout: 30_000,
    restoreMocks: true,
  },
});
