/**
 * `npm run bench:renderer-size`: the renderer's JavaScript, raw and gzipped (level 9), of
 * the built app (built first when missing or stale). Target: under 250 KB gzipped. One
 * reading: the size of a build does not vary from run to run. Prints figures; asserts nothing.
 */

import { join } from 'node:path';
import { reportFigures } from './figures';
import { ensureRendererBuilt } from './renderer-build';
import { rendererJsSize } from './renderer-size';

const root = join(__dirname, '..');
const TARGET_KB = 250;
const COMMAND = 'npm run bench:renderer-size';

try {
  ensureRendererBuilt(root);
  const size = rendererJsSize(root);
  const gzipKb = size.gzip / 1024;
  console.log(
    `renderer JS: ${size.files} file(s), ${(size.raw / 1024).toFixed(1)} KB raw, ${gzipKb.toFixed(1)} KB gzipped (target < ${TARGET_KB} KB: ${gzipKb < TARGET_KB ? 'met' : 'NOT met'})`,
  );
  reportFigures([
    {
      id: 'renderer.js-gzip',
      label: 'renderer JavaScript, gzipped (level 9)',
      value: Number(gzipKb.toFixed(1)),
      unit: 'KB',
      target: `< ${TARGET_KB}`,
      met: gzipKb < TARGET_KB,
      command: COMMAND,
    },
    {
      id: 'renderer.js-raw',
      label: 'renderer JavaScript, raw',
      value: Number((size.raw / 1024).toFixed(1)),
      unit: 'KB',
      target: null,
      met: null,
      command: COMMAND,
    },
  ]);
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
}
