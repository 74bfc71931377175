/**
 * The repository stands on its own: no tracked file refers to a document outside it (the
 * contract is docs/session-api.md, the architecture docs/architecture.md, the decisions
 * docs/adr/), such as a `../shared` folder beside the checkout or its DESIGN.md and
 * session-api.md, "the design" or a briefing, or an issue of the tracker ("issue 8, item 10",
 * "as the issue asks"): a rule is stated where it is used, or cited from docs/.
 */

import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = process.cwd();
const SELF = relative(ROOT, __filename);

function trackedFiles(): string[] {
  return execFileSync('git', ['ls-files', '-z'], { cwd: ROOT, encoding: 'utf8' })
    .split('\0')
    .filter(Boolean);
}

/** The tracked folders (every prefix of a tracked file's path). */
function trackedFolders(files: readonly string[]): Set<string> {
  const folders = new Set<string>();
  for (const file of files)
    for (let dir = dirname(file); dir !== '.'; dir = dirname(dir)) folders.add(dir);
  return folders;
}

const OUTSIDE_DOCUMENT =
  /\b(?:the|its|our) design\b|\bdesign (?:document|doc|notes?)\b|\bbriefing\b|\bthe brief\b|\bissues? \d+\b|\bthe issues? (?:asks?|says?|sets?|wants?)\b/i;

/** What in one file's text points outside the repository, one line each. */
function outsideReferences(file: string, text: string, folders: Set<string>): string[] {
  const found: string[] = [];
  const lines = text.split('\n');
  lines.forEach((line, index) => {
    const where = `${file}:${index + 1}: ${line.trim()}`;
    if (/\/work\/shared|shared\/(DESIGN|session-api|CONVENTIONS|STACK)\.md|DESIGN\.md/.test(line))
      found.push(where);
    // A document known only by what it is called elsewhere: "the design (document)", "the
    // design says", a briefing, the brief, an issue of the tracker by number or as "the issue".
    if (OUTSIDE_DOCUMENT.test(line)) found.push(where);
    // A relative `../shared/` is fine only when it names a folder of the repository (the
    // tests' test/shared).
    for (const match of line.matchAll(/(?:\.\.\/)+shared\//g)) {
      const target = relative(ROOT, join(ROOT, dirname(file), match[0]));
      if (target.startsWith('..') || !folders.has(target.replace(/\/$/, ''))) found.push(where);
    }
    // session-api.md exists only as docs/session-api.md.
    for (const match of line.matchAll(/([\w./-]*)session-api\.md/g)) {
      const target = relative(ROOT, join(ROOT, dirname(file), match[0]));
      if (match[1] !== 'docs/' && !match[1]?.endsWith('/docs/') && target !== 'docs/session-api.md')
        found.push(where);
    }
  });
  return [...new Set(found)];
}

describe('references outside the repository', () => {
  it('no tracked file refers to ../shared, DESIGN.md, session-api.md, the design or an issue', () => {
    const files = trackedFiles();
    const folders = trackedFolders(files);
    expect(files).toContain('docs/session-api.md');
    const found: string[] = [];
    for (const file of files) {
      if (file === SELF) continue;
      const bytes = readFileSync(join(ROOT, file));
      if (bytes.includes(0)) continue; // images and other binary files
      found.push(...outsideReferences(file, bytes.toString('utf8'), folders));
    }
    expect(found).toEqual([]);
  });

  it('no tracked file cites docs/decisions.md, whose decisions are the ADRs of docs/adr', () => {
    const found: string[] = [];
    for (const file of trackedFiles()) {
      if (file === SELF) continue;
      const bytes = readFileSync(join(ROOT, file));
      if (bytes.includes(0)) continue;
      bytes
        .toString('utf8')
        .split('\n')
        .forEach((line, index) => {
          if (/\bdecisions\.md\b/.test(line)) found.push(`${file}:${index + 1}: ${line.trim()}`);
        });
    }
    expect(found).toEqual([]);
  });

  it("recognises each kind of outside reference, and not the tests' own test/shared", () => {
    const folders = new Set(['test', 'test/shared', 'test/server', 'docs']);
    const refs = (file: string, text: string) => outsideReferences(file, text, folders);
    expect(refs('docs/adr/0001-x.md', '`../shared/session-api.md` fixes')).toHaveLength(1);
    expect(refs('server/index.ts', ' * server (shared/session-api.md)')).toHaveLength(1);
    expect(refs('eslint.config.mjs', '// the layering of DESIGN.md')).toHaveLength(1);
    expect(refs('README.md', 'see ../shared/notes.txt')).toHaveLength(1);
    expect(refs('src-shared/x.ts', '// the exact ranges of the design')).toHaveLength(1);
    expect(refs('docs/x.md', 'as the design document says')).toHaveLength(1);
    expect(refs('docs/x.md', 'The design says so.')).toHaveLength(1);
    expect(refs('server/a.ts', '// see the briefing')).toHaveLength(1);
    expect(refs('bench/a.ts', '/** Targets of issue 10. */')).toHaveLength(1);
    expect(refs('test/a.ts', "describe('rule (issue 8, item 10)'")).toHaveLength(1);
    expect(refs('src-renderer/a.ts', '/** a dozen, as the issue asks */')).toHaveLength(1);
    expect(refs('bench/a.ts', 'null when the issues set none')).toHaveLength(1);
    expect(
      refs('README.md', '([electron#42510](https://github.com/electron/electron/issues/42510))'),
    ).toEqual([]);
    expect(refs('src-main/a.ts', '// a settings issue of the 422, its issues listed')).toEqual([]);
    expect(refs('src-main/a.ts', '// as designed: the window is redesigned')).toEqual([]);
    expect(refs('src-shared/x.ts', '(session-api.md, "Sessions")')).toHaveLength(1);
    expect(
      refs('test/server/a.ts', "import { x } from '../shared/cookie-path-arbitrary';"),
    ).toEqual([]);
    expect(refs('server/README.md', '[docs/session-api.md](../docs/session-api.md)')).toEqual([]);
    expect(refs('docs/adr/README.md', '[docs/session-api.md](../session-api.md)')).toEqual([]);
  });
});
