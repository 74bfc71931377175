/**
 * Under --json every failure is one JSON document on stdout, commander's own usage errors
 * included, so a script that parses stdout always gets the error and its exit code.
 */

import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { removeAll, tempDir } from '../main/core/fixtures';
import { parsed, qbsc } from './run-qbsc';

vi.setConfig({ testTimeout: 120_000 });
let dataDir: string;

beforeAll(async () => {
  dataDir = await tempDir('qb-cli-json-');
});
afterAll(() => removeAll([dataDir]));

describe('qbsc --json failures', () => {
  it.each([
    ['an unknown command', ['--json', 'servers', 'lst'], /unknown command 'lst'/],
    ['an unknown command, --json after it', ['servers', 'lst', '--json'], /unknown command/],
    ['an unknown option', ['--json', 'servers', 'list', '--colour'], /unknown option '--colour'/],
    ['a missing argument', ['--json', 'settings', 'get'], /missing required argument 'server'/],
    ['a missing command', ['--json', 'servers'], /"qbsc servers" needs a command/],
    ['an option without its value', ['--json', 'fleet', 'plan', '--from'], /--from/],
  ])('prints %s as one JSON document with exit 64', async (_what, args, message) => {
    const result = await qbsc(dataDir, args);
    expect(result.code, result.stderr).toBe(64);
    const document = parsed<{ error: { code: string; message: string }; exitCode: number }>(result);
    expect(document).toEqual({
      error: { code: 'usage', message: expect.stringMatching(message) as string },
      exitCode: 64,
    });
    // Said once on stderr, for the person at the terminal, without commander's "error:" tag.
    expect(result.stderr).toContain(document.error.message);
  });

  it('prints a failure of a command as one JSON document too', async () => {
    const result = await qbsc(dataDir, ['--json', 'settings', 'get', 'Nowhere']);
    expect(result.code).toBe(66);
    expect(parsed(result)).toMatchObject({ error: { code: 'not_found' }, exitCode: 66 });
  });

  it('prints nothing but the help, exit 0, for --help under --json', async () => {
    const result = await qbsc(dataDir, ['--json', '--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Usage: qbsc');
  });
});
