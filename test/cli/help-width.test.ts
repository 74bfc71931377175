/**
 * `qbsc --help` and `qbsc <command> --help` for every command of the tree (walked from the
 * same definitions the binary runs, hidden ones aside) read at 80 columns: each run of the
 * real binary, its stdout piped as a script's would be (so 80 columns is its width), has no
 * line wider than 80 characters.
 */

import { describe, expect, it, vi } from 'vitest';
import { buildProgram } from '../../src-cli/main';
import { commandsOf } from '../../src-cli/man-page';
import { Runner } from '../../src-cli/program';
import { tempDir } from '../main/core/fixtures';
import { qbsc, type QbscRun } from './run-qbsc';

vi.setConfig({ testTimeout: 300_000 });

/** The lines of `text` wider than `width` characters (code points, as a terminal counts). */
function wideLines(text: string, width: number): string[] {
  return text.split('\n').filter((line) => [...line].length > width);
}

describe('qbsc --help at 80 columns', () => {
  it('has no line over 80 characters, for the program and every command in its tree', async () => {
    const dataDir = await tempDir('qb-cli-help-');
    const paths = [[], ...commandsOf(buildProgram(new Runner('0.0.0'))).map(({ path }) => path)];
    expect(paths.length).toBeGreaterThan(30);
    const runs: { path: string[]; run: QbscRun }[] = [];
    // A few at a time: each run starts Node.
    for (let start = 0; start < paths.length; start += 4) {
      const batch = paths.slice(start, start + 4);
      runs.push(
        ...(await Promise.all(
          batch.map(async (path) => ({ path, run: await qbsc(dataDir, [...path, '--help']) })),
        )),
      );
    }
    const wide: string[] = [];
    for (const { path, run } of runs) {
      const name = ['qbsc', ...path].join(' ');
      expect(run.code, `${name} --help: ${run.stderr}`).toBe(0);
      expect(run.stdout, name).toMatch(/^Usage: qbsc/);
      for (const line of wideLines(run.stdout, 80)) {
        wide.push(`${name} --help (${[...line].length}): ${line}`);
      }
    }
    expect(wide).toEqual([]);
  });
});
