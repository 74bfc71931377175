import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';
import type { Plugin } from 'vite';
import { windowCatalogs } from './scripts/i18n/vite-catalogs';
import { devContentSecurityPolicy, withMetaPolicy } from './src-main/shell/content-security-policy';

/**
 * The dev server's Content Security Policy, for `npm run dev` only (`apply: 'serve'`; a
 * build keeps index.html's strict policy as it is). It allows React Refresh's inline
 * preamble by hash and Vite's injected `<style>` tags, which the app's policy blocks (a
 * blank window: "@vitejs/plugin-react can't detect preamble"). It replaces the meta tag's
 * policy and is sent as the page's header, as main adds the app's header only to the built
 * page (src-main/shell/window.ts).
 */
function devContentSecurityPolicyPlugin(): Plugin {
  let policy = '';
  return {
    name: 'quickbox:dev-content-security-policy',
    apply: 'serve',
    configResolved(config) {
      policy = devContentSecurityPolicy([react.preambleCode.replace('__BASE__', config.base)]);
    },
    configureServer(server) {
      server.middlewares.use((_request, response, next) => {
        response.setHeader('Content-Security-Policy', policy);
        next();
      });
    },
    transformIndexHtml: { order: 'pre', handler: (html) => withMetaPolicy(html, policy) },
  };
}

// Main and preload are CommonJS: an ESM preload cannot run with `sandbox: true`.
// The preload bundles everything but `electron` (a sandboxed preload can require nothing else).
export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      rollupOptions: {
        input: { index: resolve(__dirname, 'src-main/shell/main.ts') },
        output: {
          format: 'cjs',
          entryFileNames: '[name].js',
          // An external loaded with import() (keytar, in core) becomes require(): a dynamic
          // import from inside app.asar has failed where require works (electron#38957,
          // electron#46614).
          dynamicImportInCjs: false,
        },
      },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      externalizeDeps: false,
      rollupOptions: {
        input: { index: resolve(__dirname, 'src-preload/index.ts') },
        external: ['electron'],
        output: { format: 'cjs', entryFileNames: '[name].js' },
      },
    },
  },
  renderer: {
    root: resolve(__dirname, 'src-renderer'),
    plugins: [
      react(),
      devContentSecurityPolicyPlugin(),
      windowCatalogs(resolve(__dirname, 'src-shared/i18n/catalogs')),
    ],
    // The window's catalogs arrive compiled (scripts/i18n/vite-catalogs.ts): intl-messageformat
    // gets the parser's build without the parser, so none ships in the window (ADR 0180).
    resolve: {
      alias: [
        {
          find: /^@formatjs\/icu-messageformat-parser$/,
          replacement: '@formatjs/icu-messageformat-parser/no-parser.js',
        },
      ],
    },
    build: {
      outDir: resolve(__dirname, 'out/renderer'),
      emptyOutDir: true,
      minify: true,
      rollupOptions: { input: { index: resolve(__dirname, 'src-renderer/index.html') } },
    },
  },
});
