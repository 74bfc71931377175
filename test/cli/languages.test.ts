import { beforeAll, describe, expect, it, vi } from 'vitest';
import { useSeededServer } from '../main/core/fixtures';
import { cliLocale, cliTranslator } from '../../src-cli/locale';
import { relativeTime } from '../../src-cli/time-text';
import { qbsc, type QbscRun } from './run-qbsc';

// The real binary against a real reference server: the language comes from --lang, else
// LC_ALL, LC_MESSAGES and LANG in that order; JSON stays English in every language.
vi.setConfig({ testTimeout: 120_000 });
const shared = useSeededServer({ name: 'Box L' });
let dataDir: string;

/** A run with the environment's language variables cleared, then `env` over them. */
function run(args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<QbscRun> {
  return qbsc(dataDir, args, '', { LC_ALL: '', LC_MESSAGES: '', LANG: '', ...env });
}

beforeAll(async () => {
  dataDir = await shared.tempDir('qb-cli-lang-');
  const add = await qbsc(
    dataDir,
    ['servers', 'add', 'Box L', shared.server.url, '--env', 'production', '--api-key-stdin'],
    shared.secrets.writeKey,
  );
  expect(add.code, add.stderr).toBe(0);
  // A duration of hours and minutes, so the translator's duration shows in the table.
  const set = await run(['settings', 'set', 'Box L', 'timeouts.sessionMinutes=90m', '--yes']);
  expect(set.code, set.stderr).toBe(0);
});

describe('the language qbsc prints in', () => {
  it('is German with LANG=de_DE.UTF-8: labels, durations, booleans and relative times', async () => {
    const result = await run(['settings', 'get', 'Box L'], { LANG: 'de_DE.UTF-8' });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^Box L: Version \d+, aktualisiert .+ von /m);
    expect(result.stdout).toMatch(/^FELD\s+WERT\s+BEZEICHNUNG$/m);
    expect(result.stdout).toMatch(/^timeouts\.sessionMinutes\s+1 Std\., 30 Min\.\s/m);
    expect(result.stdout).toMatch(/^persistence\.cookie\.secure\s+(ja|nein)\s/m);
    expect(result.stdout).toMatch(/^persistence\.rememberMeDays\s+\d+ Tag(e)?\s/m);
    const servers = await run(['servers', 'list'], { LANG: 'de_DE.UTF-8' });
    expect(servers.stdout).toMatch(/^NAME\s+UMGEBUNG\s+ADRESSE\s+ANMELDUNG\s+ID$/m);
    expect(servers.stdout).toMatch(
      /^Box L\s+Produktion\s+http:\/\/127\.0\.0\.1:\d+\s+API-Schlüssel/m,
    );
  });

  it('is Chinese with --lang zh-CN, whatever the environment says', async () => {
    const result = await run(['--lang', 'zh-CN', 'settings', 'get', 'Box L'], {
      LANG: 'de_DE.UTF-8',
    });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^Box L：版本 \d+，由 .+ 于.+更新/m);
    expect(result.stdout).toMatch(/^字段\s+值\s+标签$/m);
    expect(result.stdout).toMatch(/^timeouts\.sessionMinutes\s+1小时30分钟\s/m);
    const servers = await run(['servers', 'list', '--lang', 'zh-CN']);
    expect(servers.stdout).toMatch(/^Box L\s+生产\s+/m);
  });

  it('is English with LC_ALL=C, which outranks LANG', async () => {
    const result = await run(['settings', 'get', 'Box L'], {
      LC_ALL: 'C',
      LANG: 'de_DE.UTF-8',
    });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^Box L: version \d+, updated .+ by /m);
    expect(result.stdout).toMatch(/^FIELD\s+VALUE\s+LABEL$/m);
    expect(result.stdout).toMatch(/^timeouts\.sessionMinutes\s+1 hr, 30 min\s+Session timeout$/m);
    expect(result.stdout).toMatch(/^persistence\.cookie\.secure\s+(yes|no)\s+Secure cookie$/m);
  });

  it('leaves --json byte-identical in English, German and Chinese', async () => {
    const english = await run(['settings', 'get', 'Box L', '--json'], { LANG: 'en_US.UTF-8' });
    const german = await run(['settings', 'get', 'Box L', '--json'], { LANG: 'de_DE.UTF-8' });
    const chinese = await run(['--lang', 'zh-CN', 'settings', 'get', 'Box L', '--json']);
    expect(english.code, english.stderr).toBe(0);
    expect(german.stdout).toBe(english.stdout);
    expect(chinese.stdout).toBe(english.stdout);
    const list = await run(['servers', 'list', '--json'], { LANG: 'de_DE.UTF-8' });
    expect(list.stdout).toContain('"environment": "production"');
  });

  it('refuses a --lang it does not speak (exit 64) and lists the languages', async () => {
    const result = await run(['--lang', 'tlh', 'servers', 'list']);
    expect(result.code).toBe(64);
    expect(result.stderr).toContain('--lang tlh is not a language qbsc speaks');
    expect(result.stderr).toContain('en, de, da, es, fr, hu, pt, zh-CN');
  });
});

describe('cliLocale', () => {
  it('takes --lang first, then LC_ALL, LC_MESSAGES, LANG; C and unknown tags are English', () => {
    expect(cliLocale('pt-BR', { LANG: 'de_DE.UTF-8' })).toBe('pt');
    expect(cliLocale(undefined, { LC_MESSAGES: 'fr_FR.UTF-8', LANG: 'de_DE.UTF-8' })).toBe('fr');
    expect(cliLocale(undefined, { LC_ALL: 'C', LANG: 'de_DE.UTF-8' })).toBe('en');
    expect(cliLocale(undefined, { LANG: 'zh_TW.UTF-8' })).toBe('en');
    expect(cliLocale(undefined, { LANG: 'dk' })).toBe('da');
    expect(() => cliLocale('xx', {})).toThrow(/--lang xx is not a language/);
  });

  it('writes relative times in the language asked for', () => {
    const now = Date.parse('2026-12-07T18:05:00.000Z');
    expect(relativeTime('2026-12-07T18:02:00.000Z', now, cliTranslator('de'))).toBe(
      'vor 3 Minuten',
    );
    expect(relativeTime('2026-12-07T20:05:00.000Z', now, cliTranslator('zh-CN'))).toBe('2小时后');
    expect(relativeTime('2026-12-07T18:04:58.000Z', now, cliTranslator('fr'))).toBe('maintenant');
  });
});
