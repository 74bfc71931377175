import { describe, expect, it } from 'vitest';
import { nodeTranslator } from '../../src-shared/i18n/catalog-sources';
import { compileCatalog } from '../../src-shared/i18n/compile';
import { chooseLocale, environmentLanguageTag, matchLocale } from '../../src-shared/i18n/locales';
import { pseudoCatalog } from '../../src-shared/i18n/pseudo';
import { createTranslator } from '../../src-shared/i18n/translator';
import { loadCatalog } from '../../src-renderer/i18n/catalogs';

const HOUR_AGO = Date.parse('2026-12-07T09:00:00Z');
const NOW = Date.parse('2026-12-07T10:00:00Z');

describe('a translator', () => {
  it('writes plurals, numbers, durations, lists and relative times in its language', () => {
    const de = nodeTranslator<string>('de', ['common']);
    expect(de.t('common.count.sessions', { count: 1200 })).toBe('1.200 Sitzungen');
    expect(de.t('common.count.sessions', { count: 1 })).toBe('1 Sitzung');
    expect(de.duration(1590)).toBe('1 Tg., 2 Std. und 30 Min.');
    expect(de.list(['Box A', 'Box B', 'Box C'])).toBe('Box A, Box B und Box C');
    expect(de.relative(HOUR_AGO, NOW)).toBe('vor 1 Stunde');
    const zh = nodeTranslator<string>('zh-CN', ['common']);
    expect(zh.t('common.count.sessions', { count: 3 })).toBe('3 个会话');
    expect(zh.duration(90)).toBe('1小时30分钟');
  });

  it('writes no duration as zero minutes, and a negative one with its sign', () => {
    const en = nodeTranslator<string>('en', ['common']);
    expect(en.duration(0)).toBe('0 min');
    expect(en.duration(-5)).toBe('-5 min');
    expect(en.duration(2880, 'long')).toBe('2 days');
  });

  it('shows a missing id as itself rather than failing', () => {
    expect(createTranslator<string>('en', {}).t('app.nowhere')).toBe('app.nowhere');
  });

  it('fills rich parts through the functions given for their tags', () => {
    const t = createTranslator<string>(
      'en',
      compileCatalog({ x: 'Type <b>{name}</b> to confirm' }),
    );
    const bold = (parts: unknown[]) => ({ bold: parts });
    expect(t.rich('x', { name: 'Box A', b: bold })).toEqual([
      'Type ',
      { bold: ['Box A'] },
      ' to confirm',
    ]);
  });
});

describe('the pseudo-locales', () => {
  const english = compileCatalog({
    plain: 'Session timeout',
    counted: '{count, plural, one {# session} other {# sessions}}',
  });

  it('accent, bracket and lengthen by at least 40% in en-XA, keeping the arguments', () => {
    const t = createTranslator<string>('en-XA', pseudoCatalog('en-XA', english));
    const text = t.t('plain');
    expect(text).toMatch(/^\[Šéššîöñ ţîɱéöûţ ·+\]$/);
    expect(text.length).toBeGreaterThanOrEqual(Math.ceil('Session timeout'.length * 1.4));
    expect(t.t('counted', { count: 2 })).toMatch(/^\[2 šéššîöñš.*\]$/);
  });

  it('wrap every text right to left in en-XB, and say the window runs right to left', () => {
    const t = createTranslator<string>('en-XB', pseudoCatalog('en-XB', english));
    expect(t.t('plain')).toBe('\u202eSession timeout\u202c');
    expect(t.direction).toBe('rtl');
  });
});

describe('choosing the language', () => {
  it('reads system, POSIX and dashboard codes', () => {
    expect(matchLocale('de_DE.UTF-8')).toBe('de');
    expect(matchLocale('dk')).toBe('da');
    expect(matchLocale('zh-cn')).toBe('zh-CN');
    expect(matchLocale('zh-Hans-SG')).toBe('zh-CN');
    expect(matchLocale('zh-TW')).toBeNull();
    expect(matchLocale('pt-BR')).toBe('pt');
    expect(matchLocale('en-xa')).toBe('en-XA');
    expect(matchLocale('C')).toBeNull();
    expect(matchLocale('sv-SE')).toBeNull();
  });

  it('takes the first language the app speaks, else English', () => {
    expect(chooseLocale(['sv-SE', 'zh-TW', 'fr-CA', 'de'])).toBe('fr');
    expect(chooseLocale(['sv-SE'])).toBe('en');
  });

  it('lets LC_ALL decide over LC_MESSAGES and LANG, as POSIX does', () => {
    expect(environmentLanguageTag({ LANG: 'de_DE.UTF-8', LC_ALL: 'C' })).toBe('C');
    expect(environmentLanguageTag({ LANG: 'de_DE.UTF-8', LC_MESSAGES: 'fr_FR' })).toBe('fr_FR');
    expect(environmentLanguageTag({ LANG: 'hu_HU.UTF-8', LC_ALL: '' })).toBe('hu_HU.UTF-8');
    expect(environmentLanguageTag({})).toBeNull();
  });
});

describe("the window's catalogs", () => {
  it('come compiled from the build, one language at a time', async () => {
    const catalog = await loadCatalog('de', 'app');
    expect(catalog['app.language.label']).toBe('Sprache');
    expect(Array.isArray(catalog['common.count.sessions'])).toBe(true);
    expect(createTranslator<string>('de', catalog).t('common.count.sessions', { count: 2 })).toBe(
      '2 Sitzungen',
    );
    const fleet = await loadCatalog('de', 'fleet');
    expect(fleet['fleet.title']).toBe('Flotte');
    expect(Object.keys(fleet).every((id) => id.startsWith('fleet.'))).toBe(true);
    expect((await loadCatalog('en-XA', 'app'))['app.language.label']).toMatch(/^\[Ļàñĝûàĝé/);
  });
});
