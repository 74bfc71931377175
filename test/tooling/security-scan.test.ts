import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  SOURCE_FOLDERS,
  formatScan,
  isBlocking,
  scanSources,
} from '../../scripts/security-scan.cjs';

// `npm run security:scan`: Electronegativity 1.10 over src-main, src-preload, src-renderer and
// src-shared together, for Electron 45.5.0 (the library API the CLI calls; see the script).
const ROOT = resolve(__dirname, '../..');

describe('the Electronegativity scan', () => {
  it('reports no HIGH or MEDIUM finding of FIRM or CERTAIN confidence', async () => {
    const scan = await scanSources(ROOT);
    console.log(formatScan(scan));
    expect(scan.checks).toBeGreaterThan(30);
    expect(scan.errors).toEqual([]);
    expect(scan.findings.filter(isBlocking)).toEqual([]);
    // The one finding switched off after review: the preload, which every app with one gets.
    expect(scan.inlineExceptions).toEqual([
      { check: 'PRELOAD_JS_CHECK', file: 'src-main/shell/window.ts', line: expect.any(Number) },
    ]);
  }, 60_000);

  it('runs as npm run security:scan to its verdict and exit code where no network answers', () => {
    // Electronegativity fetches translations for $LANG before a scan; where that name does
    // not resolve (no network), its HTTP client crashed the process on Node 24.
    const run = spawnSync(process.execPath, [join(ROOT, 'scripts/security-scan.cjs')], {
      cwd: ROOT,
      encoding: 'utf8',
    });

    expect(run.stderr).toBe('');
    expect(run.stdout).toContain('none HIGH or MEDIUM of FIRM or CERTAIN confidence.');
    expect(run.status).toBe(0);
  }, 60_000);

  it('fails a window that loses its sandbox or its Auxclick switch', async () => {
    const copy = mkdtempSync(join(tmpdir(), 'qb-scan-copy-'));
    try {
      for (const folder of SOURCE_FOLDERS) {
        cpSync(join(ROOT, folder), join(copy, folder), { recursive: true });
      }
      const windowFile = join(copy, 'src-main/shell/window.ts');
      const source = readFileSync(windowFile, 'utf8');
      writeFileSync(
        windowFile,
        source
          .replace('sandbox: true', 'sandbox: false')
          .replace("disableBlinkFeatures: 'Auxclick',", ''),
      );
      const blocking = (await scanSources(copy)).findings.filter(isBlocking).map((f) => f.id);
      expect(blocking).toEqual(expect.arrayContaining(['SANDBOX_JS_CHECK', 'AUXCLICK_JS_CHECK']));
    } finally {
      rmSync(copy, { recursive: true, force: true });
    }
  }, 60_000);
});
