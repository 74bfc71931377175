import { resolve } from 'node:path';
import { defineConfig } from 'vitest/config';
import { windowCatalogs } from './scripts/i18n/vite-catalogs';

export default defineConfig({
  // The window's compiled catalogs (virtual:catalogs/<language>), for tests of its i18n.
  plugins: [windowCatalogs(resolve(import.meta.dirname, 'src-shared/i18n/catalogs'))],
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    exclude: ['test/e2e/**', 'node_modules/**'],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    restoreMocks: true,
  },
});
