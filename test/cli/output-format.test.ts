/**
 * The pieces of qbsc's output layer that are pure: the table's fit to a fixed width, the
 * YAML emitter (read back by a YAML parser), field selection, times in a time zone, the
 * colour decision, the suggestions and the masking of --verbose's URLs. The binary's
 * behaviour is in output.test.ts.
 */

import { parse as parseYaml } from 'yaml';
import { afterEach, describe, expect, it } from 'vitest';
import { CliFailure } from '../../src-cli/failure';
import { declareFields, selectFields } from '../../src-cli/fields';
import { jsonArgs } from '../../src-cli/global-options';
import { renderTable, wrapText, type Column } from '../../src-cli/render-table';
import { maskedUrl } from '../../src-cli/request-log';
import { colorWanted, createStyle } from '../../src-cli/style';
import { closest, editDistance } from '../../src-cli/suggest';
import { localTime, relativeTime } from '../../src-cli/time-text';
import { yamlText } from '../../src-cli/yaml-text';
import { Command } from 'commander';

interface Row {
  name: string;
  detail: string;
  id: string;
}

const COLUMNS: Column<Row>[] = [
  { header: 'NAME', value: (row) => row.name },
  { header: 'DETAIL', value: (row) => row.detail, shrink: 'wrap' },
  { header: 'ID', value: (row) => row.id.slice(0, 8) },
  { header: 'FULL ID', value: (row) => row.id, wide: true },
];

const ROWS: Row[] = [
  {
    name: 'Production box',
    detail:
      'No answer in time (the deadline of 3 s passed): the change may or may not have been saved.',
    id: '16978aca-3faf-44bf-8b51-8a5a643b3ed3',
  },
  { name: 'B', detail: 'fine', id: '26978aca-3faf-44bf-8b51-8a5a643b3ed3' },
];

describe('the table', () => {
  it('fits 80 columns in the default view, wrapping the long cell, and shows every column with wide', () => {
    const style = createStyle(false);
    const fitted = renderTable(ROWS, COLUMNS, { wide: false, width: 80, style });
    for (const line of fitted.split('\n')) expect(line.length).toBeLessThanOrEqual(80);
    expect(fitted).not.toContain('FULL ID');
    // Nothing is lost by wrapping: the words of the detail are all there.
    expect(fitted.replace(/\s+/g, ' ')).toContain('may or may not have been saved.');
    const wide = renderTable(ROWS, COLUMNS, { wide: true, width: 80, style });
    expect(wide).toMatch(/^NAME\s+DETAIL\s+ID\s+FULL ID$/m);
    expect(wide).toContain('16978aca-3faf-44bf-8b51-8a5a643b3ed3');
    expect(Math.max(...wide.split('\n').map((line) => line.length))).toBeGreaterThan(80);
  });

  it('escapes control characters in cells before measuring them', () => {
    const text = renderTable([{ name: 'a\u001b[2Kb', detail: '', id: '' }], COLUMNS.slice(0, 1));
    expect(text).toBe('NAME\na\\x1b[2Kb');
  });

  it('wraps after spaces, and cuts a word longer than the width', () => {
    expect(wrapText('one two three', 7)).toEqual(['one two', 'three']);
    expect(wrapText('abcdefghij', 4)).toEqual(['abcd', 'efgh', 'ij']);
  });
});

describe('the YAML emitter', () => {
  const tricky = {
    servers: [
      { name: 'Box A', environment: 'production', ok: true, count: 3, gone: null },
      { name: 'yes', environment: 'no', ok: false, count: 0.5, gone: '~' },
    ],
    strings: ['1.5', '0x1F', '2026-12-07', 'a: b', '#x', '- y', ' lead', 'trail ', '', 'null'],
    quotes: 'say "hi" \\ now',
    lines: 'line 1\nline 2',
    empty: { list: [], map: {} },
    nested: [[1, 2], [{ a: 1 }]],
    'key with: colon': 1,
  };

  it('writes what a YAML parser reads back as the same data', () => {
    expect(parseYaml(yamlText(tricky))).toEqual(tricky);
    for (const scalar of [null, true, 12, 'plain', ''])
      expect(parseYaml(yamlText(scalar))).toEqual(scalar);
  });

  it('writes text-direction and control characters as escapes, never raw', () => {
    const hostile = { name: 'mallory\u001b]52;c;x\u0007\u202e', other: 'a\u2028b\u0085' };
    const text = yamlText(hostile);
    // eslint-disable-next-line no-control-regex
    expect(text).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2028]/);
    expect(parseYaml(text)).toEqual(hostile);
  });
});

describe('field selection', () => {
  const answer = {
    profile: null,
    servers: [
      { serverId: 'a1', name: 'Box A', environment: 'production', state: 'drifted' },
      { serverId: 'b2', name: 'Box B', environment: null, state: 'matches' },
    ],
  };
  const declared = { rows: ['servers'], fields: ['serverId', 'name', 'environment', 'state'] };

  it('keeps the fields asked for of each row, under the names asked for (env for environment)', () => {
    expect(selectFields(answer, ['name', 'env', 'state'], declared)).toEqual({
      profile: null,
      servers: [
        { name: 'Box A', env: 'production', state: 'drifted' },
        { name: 'Box B', env: null, state: 'matches' },
      ],
    });
  });

  it('refuses a field that is not there (64), naming the closest', () => {
    let failure: unknown;
    try {
      selectFields(answer, ['nmae'], declared);
    } catch (error) {
      failure = error;
    }
    expect(failure).toBeInstanceOf(CliFailure);
    expect((failure as CliFailure).exitCode).toBe(64);
    expect((failure as CliFailure).message).toContain('Did you mean "name"?');
  });

  it('reads `--json word` as fields only when the word is a list or a declared field, never a command', () => {
    const declaredFields = new Set(['name', 'state']);
    const isFields = (word: string): boolean => word.includes(',') || declaredFields.has(word);
    expect(jsonArgs(['servers', 'list', '--json', 'name,env'], isFields)).toEqual([
      'servers',
      'list',
      '--json=name,env',
    ]);
    expect(jsonArgs(['--json', 'servers', 'list'], isFields)).toEqual([
      '--json=',
      'servers',
      'list',
    ]);
    expect(jsonArgs(['fleet', 'drift', '--json', 'state'], isFields)).toEqual([
      'fleet',
      'drift',
      '--json=state',
    ]);
    expect(jsonArgs(['settings', 'get', '--json', 'Box A'], isFields)).toEqual([
      'settings',
      'get',
      '--json=',
      'Box A',
    ]);
    expect(jsonArgs(['servers', 'list', '--json'], isFields)).toEqual([
      'servers',
      'list',
      '--json',
    ]);
    expect(jsonArgs(['x', '--', '--json', 'a,b'], isFields)).toEqual(['x', '--', '--json', 'a,b']);
  });

  it('keeps the declaration on the command (completion and the man page read it)', () => {
    const command = declareFields(new Command('x'), declared);
    expect(command.name()).toBe('x');
  });
});

describe('times', () => {
  const saved = process.env.TZ;
  afterEach(() => {
    process.env.TZ = saved;
  });

  it('are shown in the local time zone, as TZ says', () => {
    process.env.TZ = 'UTC';
    expect(localTime('2026-12-07T18:05:00.000Z')).toBe('2026-12-07 18:05');
    process.env.TZ = 'Asia/Tokyo';
    expect(localTime('2026-12-07T18:05:00.000Z')).toBe('2026-12-08 03:05');
    process.env.TZ = 'America/New_York';
    expect(localTime('2026-12-07T18:05:00.000Z')).toBe('2026-12-07 13:05');
  });

  it('read relative to now where the distance matters', () => {
    const now = Date.parse('2026-12-07T18:05:00.000Z');
    expect(relativeTime('2026-12-07T18:02:00.000Z', now)).toBe('3 minutes ago');
    expect(relativeTime('2026-12-07T20:05:00.000Z', now)).toBe('in 2 hours');
    expect(relativeTime('2026-12-07T18:04:58.000Z', now)).toBe('now');
    expect(relativeTime('not a time', now)).toBe('not a time');
  });
});

describe('colour', () => {
  it('is on at a terminal only, never with NO_COLOR or --no-color, and FORCE_COLOR turns it on for a pipe', () => {
    expect(colorWanted(true, {})).toBe(true);
    expect(colorWanted(false, {})).toBe(false);
    expect(colorWanted(true, { NO_COLOR: '1' })).toBe(false);
    expect(colorWanted(true, {}, false)).toBe(false);
    expect(colorWanted(false, { FORCE_COLOR: '1' })).toBe(true);
    expect(colorWanted(false, { FORCE_COLOR: '1', NO_COLOR: '1' })).toBe(false);
    expect(colorWanted(false, { FORCE_COLOR: '0' })).toBe(false);
    expect(colorWanted(true, { TERM: 'dumb' })).toBe(false);
  });
});

describe('suggestions', () => {
  it('name the closest word by edit distance, or none when nothing is close', () => {
    expect(editDistance('lsit', 'list')).toBe(1);
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(closest('Box Aa', ['Box A', 'Box B', 'Stage'])).toBe('Box A');
    expect(
      closest('timeouts.idleMinute', ['timeouts.idleMinutes', 'timeouts.sessionMinutes']),
    ).toBe('timeouts.idleMinutes');
    expect(closest('zzz', ['Box A', 'Box B'])).toBeNull();
  });
});

describe("--verbose's URL", () => {
  it('masks the value of a query parameter named like a secret, keeps the others', () => {
    expect(maskedUrl('http://h/api/sessions?limit=5&cursor=abc')).toBe(
      'http://h/api/sessions?limit=5&cursor=abc',
    );
    expect(maskedUrl('http://h/x?access_token=s3cret&after=4')).toBe(
      'http://h/x?access_token=***&after=4',
    );
  });
});
