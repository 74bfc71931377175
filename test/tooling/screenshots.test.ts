import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CHOSEN, problems } from '../../scripts/screenshots.mjs';

// `npm run screenshots` copies the chosen screenshots of the e2e suite into docs/screenshots,
// and copies nothing when one is missing or is not a PNG. Checked on throw-away folders.
const ROOT = join(__dirname, '..', '..');
const SCRIPT = join(ROOT, 'scripts', 'screenshots.mjs');
const work = mkdtempSync(join(tmpdir(), 'qb-screenshots-'));
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);

afterAll(() => rmSync(work, { recursive: true, force: true }));

function folder(name: string, files: Record<string, Buffer>): string {
  const dir = join(work, name);
  mkdirSync(dir, { recursive: true });
  for (const [file, bytes] of Object.entries(files)) writeFileSync(join(dir, file), bytes);
  return dir;
}

function screenshots(...args: string[]) {
  return spawnSync(process.execPath, [SCRIPT, ...args], { cwd: ROOT, encoding: 'utf8' });
}

describe('npm run screenshots', () => {
  it('chooses every screenshot the README shows, and the fleet view', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const shown = [...readme.matchAll(/docs\/screenshots\/([\w-]+\.png)/g)].map((m) => m[1]);
    expect(shown.length).toBeGreaterThan(4);
    expect(CHOSEN).toEqual(expect.arrayContaining(shown));
    expect(shown).toContain('fleet-table-light.png');
    expect(new Set(CHOSEN).size).toBe(CHOSEN.length);
  });

  it('names each missing or broken screenshot, and copies nothing', () => {
    const [first = '', second = '', ...rest] = CHOSEN;
    const from = folder('partial', {
      [first]: Buffer.from('not an image'),
      ...Object.fromEntries(rest.map((name) => [name, PNG])),
    });
    const to = folder('untouched', {});
    expect(problems(from)).toEqual([`${first}: not a PNG`, `${second}: missing`]);
    const run = screenshots('--from', from, '--to', to);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(`${first}: not a PNG`);
    expect(run.stderr).toContain(`${second}: missing`);
    expect(run.stderr).toContain('npm run screenshots -- --run');
    expect(readdirSync(to)).toEqual([]);
  });

  it('copies every chosen screenshot when all are there', () => {
    const from = folder(
      'complete',
      Object.fromEntries(
        CHOSEN.map((name, index) => [name, Buffer.concat([PNG, Buffer.from([index])])]),
      ),
    );
    writeFileSync(join(from, 'not-chosen-light.png'), PNG);
    const to = join(work, 'docs');
    const run = screenshots('--from', from, '--to', to);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(readdirSync(to).sort()).toEqual([...CHOSEN].sort());
    for (const name of CHOSEN)
      expect(readFileSync(join(to, name))).toEqual(readFileSync(join(from, name)));
  });

  it('refuses an option it does not know', () => {
    const run = screenshots('--runn');
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('unknown option --runn');
  });
});
