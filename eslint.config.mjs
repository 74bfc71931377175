// ESLint: typescript-eslint, plus the layering README.md's "Layout" describes enforced by import
// restrictions per folder (the model is VS Code's code-layering rule).
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const rendererImports = {
  group: ['**/src-renderer/**', '../src-renderer/*', '../../src-renderer/*'],
  message: 'Nothing outside the renderer imports from it.',
};
const serverImports = {
  group: ['**/server/**', '../server/*', '../../server/*'],
  message:
    'The app never imports the reference server (it is a dev dependency for tests and demos).',
};
const nodeBuiltins = {
  group: ['node:*', 'fs', 'path', 'os', 'crypto', 'http', 'https', 'net', 'tls', 'child_process'],
  message: 'src-shared is pure TypeScript: no Node import.',
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
    files: ['src-shared/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: 'src-shared imports no electron.' }],
          patterns: [
            nodeBuiltins,
            rendererImports,
            serverImports,
            {
              group: ['**/src-main/**', '**/src-preload/**', '../src-main/*', '../src-preload/*'],
              message: 'src-shared imports nothing of the others.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src-main/core/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'electron',
              message: 'src-main/core is plain Node: no electron import (the shell adapts it).',
            },
          ],
          patterns: [
            { group: ['electron/*'], message: 'src-main/core is plain Node: no electron import.' },
            rendererImports,
            serverImports,
            { group: ['**/shell/**', '../shell/*'], message: 'core never imports the shell.' },
          ],
        },
      ],
    },
  },
  {
    files: ['src-main/shell/**', 'src-preload/**'],
    ignores: ['src-main/shell/ipc.ts', 'src-preload/ipc-transport.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: [rawIpc], patterns: [rendererImports, serverImports] },
      ],
    },
  },
  {
    // qbsc runs core in plain Node, as the app does, without its window or shell.
    files: ['src-cli/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: 'qbsc is plain Node: no electron import.' }],
          patterns: [
            { group: ['electron/*'], message: 'qbsc is plain Node: no electron import.' },
            rendererImports,
            serverImports,
            {
              group: ['**/src-main/shell/**', '**/src-preload/**', '../src-preload/*'],
              message: 'qbsc uses core and src-shared only, never the shell or the preload.',
            },
          ],
        },
      ],
    },
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
          paths: [
            {
              name: 'electron',
              message: 'No Node or electron in the renderer: use window.quickbox.',
            },
          ],
          patterns: [
            nodeBuiltins,
            serverImports,
            {
              group: ['**/src-main/**', '../src-main/*'],
              message: 'The renderer talks to main only through the preload API.',
            },
            {
              group: ['**/src-shared/ipc-contract'],
              allowTypeImports: true,
              message:
                'The renderer imports only types from the IPC contract (its schemas would put zod in the bundle); constants live in src-shared/domain.ts.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['server/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: 'The reference server is plain Node.' }],
          patterns: [
            rendererImports,
            {
              group: ['**/src-main/**', '**/src-preload/**', '../src-main/*', '../src-preload/*'],
              message: 'server depends only on src-shared.',
            },
          ],
        },
      ],
    },
  },
);
