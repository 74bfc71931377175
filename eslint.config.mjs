// ESLint: typescript-eslint, plus the layering README.md's "Layout" describes, enforced as an
// allow-list per layer (the model is VS Code's code-layering rule).
import js from '@eslint/js';
import formatjs from 'eslint-plugin-formatjs';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import { ANY_PACKAGE, NODE_BUILTINS, layeringPlugin } from './scripts/lint/allowed-imports.mjs';

// What each layer MAY import (folders of the repository and packages); everything else is
// refused by `layering/allowed-imports` (scripts/lint/allowed-imports.mjs), which resolves a
// relative path from the importing file, so src-main/core/** reads the same flat or in
// capability folders. Tests and the root configs are in no layer.
const LAYERS = {
  'src-shared': {
    may: ['src-shared'],
    // intl-messageformat formats the catalogs' messages (src-shared/i18n); the parser
    // compiles them, in the build and in Node only (the window imports no compile step).
    packages: ['zod', 'intl-messageformat', '@formatjs/icu-messageformat-parser'],
    why: 'src-shared is pure TypeScript that every process and the server share.',
  },
  'src-main/core': {
    may: ['src-main/core', 'src-shared'],
    packages: [
      NODE_BUILTINS,
      'zod',
      'undici',
      'keytar',
      'eventsource-parser',
      'rotating-file-stream',
      'write-file-atomic',
    ],
    why: 'core is plain Node, run by the app and by qbsc: the shell adapts it to Electron.',
  },
  'src-main/shell': {
    may: ['src-main/shell', 'src-main/core', 'src-shared'],
    packages: [NODE_BUILTINS, 'electron', 'zod'],
    why: 'The shell adapts core to Electron; it never reaches into the renderer.',
  },
  'src-preload': {
    may: ['src-preload', 'src-shared'],
    packages: ['electron'],
    why: 'A sandboxed preload can require electron only; the rest is bundled from src-shared.',
  },
  'src-renderer': {
    may: ['src-renderer', 'src-shared'],
    types: ['src-preload/api'],
    packages: ['react', 'react-dom', 'zustand', 'virtual:catalogs'],
    why: 'The renderer talks to main only through the preload API (window.quickbox).',
  },
  'src-cli': {
    may: ['src-cli', 'src-main/core', 'src-shared'],
    // zod, yaml, write-file-atomic and prom-client: `qbsc watch`'s config file, its state
    // files and its /metrics (src-cli/watch).
    packages: [
      NODE_BUILTINS,
      'commander',
      'read',
      'zod',
      'yaml',
      'write-file-atomic',
      'prom-client',
    ],
    why: 'qbsc runs core in plain Node, as the app does, without its window, shell or preload.',
  },
  server: {
    may: ['server', 'src-shared'],
    packages: [
      NODE_BUILTINS,
      'fastify',
      'fastify-plugin',
      '@fastify/cookie',
      '@fastify/swagger',
      'better-sqlite3',
      'otpauth',
      'selfsigned',
      'prettier',
      'zod',
    ],
    why: 'The reference server depends only on src-shared (the app never imports it).',
  },
  bench: {
    may: ['bench', 'scripts', 'test', 'server', 'src-shared', 'src-main/core', 'src-main/shell'],
    packages: [ANY_PACKAGE],
    why: 'Benchmarks drive core, the shell and the server as the tests do; the window only through a build.',
  },
  scripts: {
    may: ['scripts', 'server', 'src-shared', 'src-main/core', 'src-main/shell', 'package.json'],
    packages: [ANY_PACKAGE],
    why: 'Scripts build, package and demo the app; the window only through a build.',
  },
};

const rawIpc = {
  name: 'electron',
  importNames: ['ipcMain', 'ipcRenderer'],
  message: 'Raw IPC only in its one wrapper (src-main/shell/ipc.ts, src-preload/ipc-transport.ts).',
};

// A string picked by whether a count is 1 (`n === 1 ? 'session' : 'sessions'`, `n === 1 ? 'is' :
// 'are'`) is the rule of src-shared/plural.ts written again: plural() and agree() are its home.
const aStringBranch = (branch) =>
  `[${branch}.type='TemplateLiteral'], [${branch}.type='Literal'][${branch}.raw=/^['"]/]`;
const handWrittenPlural = {
  selector: [
    "ConditionalExpression[test.type='BinaryExpression'][test.operator=/^[!=]==?$/]",
    ':matches([test.left.value=1], [test.right.value=1])',
    `:matches(${aStringBranch('consequent')}, ${aStringBranch('alternate')})`,
  ].join(''),
  message:
    "A word that depends on a count goes through plural() or agree() (src-shared/plural.ts), not a hand-written `n === 1 ? 'x' : 'xs'`.",
};

export default tseslint.config(
  {
    ignores: [
      'node_modules',
      'out',
      'dist',
      'packages/*/dist',
      'coverage',
      'test-results',
      'playwright-report',
      '.stryker-tmp',
      'reports',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-restricted-syntax': [
        'error',
        { selector: 'ExportDefaultDeclaration', message: 'Named exports only.' },
        handWrittenPlural,
      ],
    },
  },
  {
    // CommonJS scripts load their dependencies with require() by definition.
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['*.config.ts', '*.config.mts', '*.config.mjs'],
    rules: { 'no-restricted-syntax': 'off' },
  },
  {
    plugins: { layering: layeringPlugin },
    rules: { 'layering/allowed-imports': ['error', { layers: LAYERS }] },
  },
  {
    files: ['src-main/shell/**', 'src-preload/**'],
    ignores: ['src-main/shell/ipc.ts', 'src-preload/ipc-transport.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: [rawIpc] }] },
  },
  {
    files: ['src-renderer/**'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/src-shared/ipc-contract'],
              allowTypeImports: true,
              message:
                'The renderer imports only types from the IPC contract (its schemas would put zod in the bundle); constants live in src-shared/domain.ts.',
            },
            {
              group: [
                '**/src-shared/i18n/compile',
                '**/src-shared/i18n/catalog-sources',
                '**/src-shared/i18n/catalog-check',
                '@formatjs/icu-messageformat-parser',
              ],
              allowTypeImports: true,
              message:
                'The window gets its catalogs compiled by the build (virtual:catalogs/<language>, src-renderer/i18n/catalogs.ts): no message parser ships in it.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src-renderer/**/*.tsx'],
    plugins: { formatjs },
    rules: {
      'formatjs/no-literal-string-in-jsx': [
        'error',
        {
          props: { include: [['*', '{label,title,placeholder,description,hint,heading,caption}']] },
        },
      ],
    },
  },
);
