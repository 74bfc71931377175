/**
 * `npm run bench:renderer-size`: the renderer's JavaScript, raw and gzipped (level 9), of
 * the built app (built first when missing or stale): the start-up set (what the window loads,
 * the English catalog chunk included,
 * before its first panel; target 100 KB gzipped or less) and everything (the parts loaded
 * when first used included; target under 250 KB). One reading: the size of a build does not
 * vary from run to run. Prints figures; asserts nothing.
 */

import { join } from 'node:path';
import { reportFigures } from './figures';
import { ensureRendererBuilt } from './renderer-build';
import { rendererJsSize, type JsSize } from './renderer-size';

const root = join(__dirname, '..');
const STARTUP_TARGET_KB = 100;
const TOTAL_TARGET_KB = 250;
const COMMAND = 'npm run bench:renderer-size';

const kb = (bytes: number): number => Number((bytes / 1024).toFixed(1));

function line(what: string, size: JsSize, target: string, met: boolean): string {
  return `${what}: ${size.files} file(s), ${kb(size.raw)} KB raw, ${kb(size.gzip)} KB gzipped (target ${target}: ${met ? 'met' : 'NOT met'})`;
}

try {
  ensureRendererBuilt(root);
  const { startup, total } = rendererJsSize(root);
  const startupMet = kb(startup.gzip) <= STARTUP_TARGET_KB;
  const totalMet = kb(total.gzip) < TOTAL_TARGET_KB;
  console.log(line('renderer JS at start-up', startup, `≤ ${STARTUP_TARGET_KB} KB`, startupMet));
  console.log(line('renderer JS in all', total, `< ${TOTAL_TARGET_KB} KB`, totalMet));
  reportFigures([
    {
      id: 'renderer.startup-js-gzip',
      label: 'renderer JavaScript loaded at start-up, gzipped (level 9)',
      value: kb(startup.gzip),
      unit: 'KB',
      target: `≤ ${STARTUP_TARGET_KB}`,
      met: startupMet,
      command: COMMAND,
    },
    {
      id: 'renderer.js-gzip',
      label: 'renderer JavaScript in all (parts loaded when used included), gzipped',
      value: kb(total.gzip),
      unit: 'KB',
      target: `< ${TOTAL_TARGET_KB}`,
      met: totalMet,
      command: COMMAND,
    },
    {
      id: 'renderer.js-raw',
      label: 'renderer JavaScript in all, raw',
      value: kb(total.raw),
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
