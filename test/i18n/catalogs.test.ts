import { describe, expect, it } from 'vitest';
import { checkCatalogs, type CatalogSet } from '../../src-shared/i18n/catalog-check';
import { CATALOG_SOURCES } from '../../src-shared/i18n/catalog-sources';
import { LANGUAGES } from '../../src-shared/i18n/locales';
import { CATALOG_AREAS } from '../../src-shared/i18n/message-ids';

/** The shipped catalogs with one change made to a copy. */
function changed(edit: (catalogs: Record<string, Record<string, Record<string, string>>>) => void) {
  const copy = structuredClone(CATALOG_SOURCES) as unknown as Record<
    string,
    Record<string, Record<string, string>>
  >;
  edit(copy);
  return copy as unknown as CatalogSet;
}

describe('the catalogs', () => {
  it('have every message in every language, with the arguments and plural forms each needs', () => {
    expect(checkCatalogs(CATALOG_SOURCES)).toEqual([]);
  });

  it('have a file per language and area', () => {
    for (const language of LANGUAGES) {
      expect(Object.keys(CATALOG_SOURCES[language]).sort()).toEqual([...CATALOG_AREAS].sort());
    }
  });
});

describe('the catalog check', () => {
  it('finds a message deleted from the German catalog', () => {
    const catalogs = changed((all) => {
      delete all.de!.common!['common.count.sessions'];
    });
    expect(checkCatalogs(catalogs)).toEqual(['de/common.json: common.count.sessions: missing']);
  });

  it('finds a message the English catalog does not have', () => {
    const catalogs = changed((all) => {
      all.fr!.app!['app.stray'] = 'Égaré';
    });
    expect(checkCatalogs(catalogs)).toEqual(['fr/app.json: app.stray: not in the English catalog']);
  });

  it('finds a placeholder renamed in a translation', () => {
    const catalogs = changed((all) => {
      all.da!.common!['common.count.sessions'] = '{n, plural, one {# session} other {# sessioner}}';
    });
    expect(checkCatalogs(catalogs)).toEqual([
      'da/common.json: common.count.sessions: arguments {n}, English has {count}',
    ]);
  });

  it('finds a plural form a language needs and one it never uses', () => {
    const catalogs = changed((all) => {
      all.es!.common!['common.count.sessions'] =
        '{count, plural, one {# sesión} other {# sesiones}}';
      all['zh-CN']!.common!['common.count.sessions'] =
        '{count, plural, one {# 个会话} other {# 个会话}}';
    });
    expect(checkCatalogs(catalogs)).toEqual([
      'es/common.json: common.count.sessions: plural count lacks many (es needs one, many, other)',
      'zh-CN/common.json: common.count.sessions: plural count has one, which zh-CN never uses',
    ]);
  });

  it('finds a message that does not parse and an id without its area prefix', () => {
    const catalogs = changed((all) => {
      all.hu!.app!['app.language.label'] = 'Nyelv {';
      for (const language of LANGUAGES) all[language]!.cli!['stray.id'] = 'x';
    });
    const problems = checkCatalogs(catalogs);
    expect(problems).toContain('en/cli.json: stray.id: not prefixed "cli."');
    expect(
      problems.some((line) => line.startsWith('hu/app.json: app.language.label: does not parse')),
    ).toBe(true);
  });
});
