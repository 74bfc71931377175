import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build, mergeConfig } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { electronViteConfig } from './electron-vite-config';

// The main bundle as `electron-vite build` makes it, built here into a temporary folder.
const outDir = mkdtempSync(join(tmpdir(), 'qb-main-bundle-'));
let bundle: string;

beforeAll(async () => {
  const config = await electronViteConfig('build');
  await build(mergeConfig(config.main ?? {}, { logLevel: 'silent', build: { outDir } }));
  bundle = readFileSync(join(outDir, 'index.js'), 'utf8');
});

afterAll(() => rmSync(outDir, { recursive: true, force: true }));

describe('the built main bundle (out/main/index.js)', () => {
  it('is CommonJS', () => {
    expect(bundle).toMatch(/\brequire\(["']electron["']\)/);
    expect(bundle).not.toMatch(/^\s*import\s/m);
  });

  it('loads keytar with require, not a dynamic import() (electron#38957, #46614)', () => {
    expect(bundle).toMatch(/\brequire\(["']keytar["']\)/);
    expect(bundle).not.toMatch(/\bimport\(\s*["']keytar["']\s*\)/);
  });
});
