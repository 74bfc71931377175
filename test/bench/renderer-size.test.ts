import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { rendererJsSize, startupScripts } from '../../bench/renderer-size';

const INDEX = `<!doctype html><html><head>
<script type="module" crossorigin src="./assets/index-AAA.js"></script>
<link rel="modulepreload" crossorigin href="./assets/vendor-BBB.js">
<link rel="stylesheet" crossorigin href="./assets/index-CCC.css">
</head><body><div id="root"></div></body></html>`;

describe('the renderer size bench', () => {
  const made: string[] = [];
  afterEach(() => {
    for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('counts as start-up what index.html loads: its module script and modulepreloads, not stylesheets', () => {
    expect(startupScripts(INDEX)).toEqual(['index-AAA.js', 'vendor-BBB.js']);
  });

  it('sizes the start-up set apart from every chunk, and refuses an index.html whose script is missing', () => {
    const root = mkdtempSync(join(tmpdir(), 'qb-size-'));
    made.push(root);
    const assets = join(root, 'out', 'renderer', 'assets');
    mkdirSync(assets, { recursive: true });
    writeFileSync(join(root, 'out', 'renderer', 'index.html'), INDEX);
    writeFileSync(join(assets, 'index-AAA.js'), 'a'.repeat(1000));
    writeFileSync(join(assets, 'vendor-BBB.js'), 'b'.repeat(2000));
    writeFileSync(join(assets, 'fleet-view-DDD.js'), 'c'.repeat(4000));
    writeFileSync(join(assets, 'en-app-EEE.js'), 'e'.repeat(300));
    const size = rendererJsSize(root);
    expect(size.startup.files).toBe(3);
    expect(size.startup.raw).toBe(3300);
    expect(size.total.files).toBe(4);
    expect(size.total.raw).toBe(7300);
    expect(size.startup.gzip).toBeLessThan(size.total.gzip);

    rmSync(join(assets, 'vendor-BBB.js'));
    expect(() => rendererJsSize(root)).toThrow(/vendor-BBB\.js.*npm run build/);
  });

  it("counts the start language's catalog chunk (fetched at start) in the start-up set, not the others'", () => {
    const root = mkdtempSync(join(tmpdir(), 'qb-size-'));
    made.push(root);
    const assets = join(root, 'out', 'renderer', 'assets');
    mkdirSync(assets, { recursive: true });
    writeFileSync(join(root, 'out', 'renderer', 'index.html'), INDEX);
    writeFileSync(join(assets, 'index-AAA.js'), 'a'.repeat(1000));
    writeFileSync(join(assets, 'vendor-BBB.js'), 'b'.repeat(2000));
    writeFileSync(join(assets, 'en-app-EEE.js'), 'e'.repeat(300));
    writeFileSync(join(assets, 'en-fleet-FFF.js'), 'f'.repeat(50));
    writeFileSync(join(assets, 'de-app-GGG.js'), 'g'.repeat(400));
    const size = rendererJsSize(root);
    expect(size.startup.files).toBe(3);
    expect(size.startup.raw).toBe(3300);
    expect(rendererJsSize(root, 'de').startup.raw).toBe(3400);

    rmSync(join(assets, 'en-app-EEE.js'));
    expect(() => rendererJsSize(root)).toThrow(/en-app.*npm run build/);
  });
});
