import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Logger } from '../../../src-main/core/support/logger';
import {
  DEFAULT_PREFERENCES,
  PREFERENCES_FILE,
  loadPreferences,
  savePreferences,
} from '../../../src-main/shell/preferences';

let dataDir: string;
let lines: string[];
const logger: Logger = {
  info: (message) => lines.push(`info ${message}`),
  warn: (message) => lines.push(`warn ${message}`),
  error: (message) => lines.push(`error ${message}`),
};

beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'qb-preferences-'));
  lines = [];
});
afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

describe('preferences', () => {
  it('are the defaults, silently, when there is no file yet', async () => {
    expect(await loadPreferences(dataDir, logger)).toEqual(DEFAULT_PREFERENCES);
    expect(lines).toEqual([]);
  });

  it('are written atomically (no temp file left) and read back', async () => {
    await savePreferences(dataDir, { hideToTrayOnClose: true, doNotDisturb: true });
    expect(readdirSync(dataDir)).toEqual([PREFERENCES_FILE]);
    expect(JSON.parse(readFileSync(join(dataDir, PREFERENCES_FILE), 'utf8'))).toEqual({
      hideToTrayOnClose: true,
      doNotDisturb: true,
    });
    expect(await loadPreferences(dataDir, logger)).toEqual({
      hideToTrayOnClose: true,
      doNotDisturb: true,
    });
  });

  it('read a file from before "do not disturb" existed with the switch off', async () => {
    writeFileSync(join(dataDir, PREFERENCES_FILE), '{ "hideToTrayOnClose": true }');
    expect(await loadPreferences(dataDir, logger)).toEqual({
      hideToTrayOnClose: true,
      doNotDisturb: false,
    });
    expect(lines).toEqual([]);
  });

  it.each([
    ['not JSON', '{ "hideToTrayOnClose": tr'],
    ['the wrong shape', '{ "hideToTrayOnClose": "yes" }'],
  ])('are the defaults, with a log line, when the file is %s', async (_case, text) => {
    writeFileSync(join(dataDir, PREFERENCES_FILE), text);
    expect(await loadPreferences(dataDir, logger)).toEqual(DEFAULT_PREFERENCES);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^warn Preferences file is not valid/);
  });
});
