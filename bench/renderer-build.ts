/**
 * The built renderer the renderer benchmarks measure: out/renderer, built afresh
 * (`npx electron-vite build`) when it is missing or older than the renderer's or the shared
 * sources, so that a figure never describes yesterday's code.
 */

import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** The newest modification time of the files under a folder (0 when it is missing). */
function newestIn(folder: string): number {
  if (!existsSync(folder)) return 0;
  let newest = 0;
  for (const entry of readdirSync(folder, { recursive: true, encoding: 'utf8' })) {
    newest = Math.max(newest, statSync(join(folder, entry)).mtimeMs);
  }
  return newest;
}

/** Builds out/renderer when it is missing or stale; throws when the build fails. */
export function ensureRendererBuilt(root: string): void {
  const index = join(root, 'out', 'renderer', 'index.html');
  const sources = Math.max(
    newestIn(join(root, 'src-renderer')),
    newestIn(join(root, 'src-shared')),
  );
  if (existsSync(index) && statSync(index).mtimeMs >= sources) return;
  console.log(
    `out/renderer is ${existsSync(index) ? 'older than the sources' : 'missing'}: building it (npx electron-vite build)…`,
  );
  const build = spawnSync('npx', ['electron-vite', 'build'], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) throw new Error(`npx electron-vite build exited with ${build.status}`);
}
