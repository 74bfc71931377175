/**
 * Every catalog's source text, for the programs that run in Node (main and qbsc), which
 * compile the one language they need when they start (src-shared/i18n/compile.ts). The
 * window does not import this: the build compiles its catalogs ahead, one chunk per language
 * (src-renderer/i18n/catalogs.ts).
 */

import daApp from './catalogs/da/app.json';
import daCli from './catalogs/da/cli.json';
import daCommon from './catalogs/da/common.json';
import daFleet from './catalogs/da/fleet.json';
import daShell from './catalogs/da/shell.json';
import deApp from './catalogs/de/app.json';
import deCli from './catalogs/de/cli.json';
import deCommon from './catalogs/de/common.json';
import deFleet from './catalogs/de/fleet.json';
import deShell from './catalogs/de/shell.json';
import enApp from './catalogs/en/app.json';
import enCli from './catalogs/en/cli.json';
import enCommon from './catalogs/en/common.json';
import enFleet from './catalogs/en/fleet.json';
import enShell from './catalogs/en/shell.json';
import esApp from './catalogs/es/app.json';
import esCli from './catalogs/es/cli.json';
import esCommon from './catalogs/es/common.json';
import esFleet from './catalogs/es/fleet.json';
import esShell from './catalogs/es/shell.json';
import frApp from './catalogs/fr/app.json';
import frCli from './catalogs/fr/cli.json';
import frCommon from './catalogs/fr/common.json';
import frFleet from './catalogs/fr/fleet.json';
import frShell from './catalogs/fr/shell.json';
import huApp from './catalogs/hu/app.json';
import huCli from './catalogs/hu/cli.json';
import huCommon from './catalogs/hu/common.json';
import huFleet from './catalogs/hu/fleet.json';
import huShell from './catalogs/hu/shell.json';
import ptApp from './catalogs/pt/app.json';
import ptCli from './catalogs/pt/cli.json';
import ptCommon from './catalogs/pt/common.json';
import ptFleet from './catalogs/pt/fleet.json';
import ptShell from './catalogs/pt/shell.json';
import zhApp from './catalogs/zh-CN/app.json';
import zhCli from './catalogs/zh-CN/cli.json';
import zhCommon from './catalogs/zh-CN/common.json';
import zhFleet from './catalogs/zh-CN/fleet.json';
import zhShell from './catalogs/zh-CN/shell.json';
import { compileCatalog } from './compile';
import { catalogLanguage, type Language, type Locale } from './locales';
import type { CatalogArea } from './message-ids';
import { pseudoCatalog } from './pseudo';
import { createTranslator, type CompiledCatalog, type Translator } from './translator';

/** A catalog's source: message id to ICU MessageFormat text. */
export type CatalogSource = Readonly<Record<string, string>>;

/** Every language's catalog sources, by area. */
export const CATALOG_SOURCES: Readonly<Record<Language, Record<CatalogArea, CatalogSource>>> = {
  en: { common: enCommon, app: enApp, fleet: enFleet, shell: enShell, cli: enCli },
  de: { common: deCommon, app: deApp, fleet: deFleet, shell: deShell, cli: deCli },
  da: { common: daCommon, app: daApp, fleet: daFleet, shell: daShell, cli: daCli },
  es: { common: esCommon, app: esApp, fleet: esFleet, shell: esShell, cli: esCli },
  fr: { common: frCommon, app: frApp, fleet: frFleet, shell: frShell, cli: frCli },
  hu: { common: huCommon, app: huApp, fleet: huFleet, shell: huShell, cli: huCli },
  pt: { common: ptCommon, app: ptApp, fleet: ptFleet, shell: ptShell, cli: ptCli },
  'zh-CN': { common: zhCommon, app: zhApp, fleet: zhFleet, shell: zhShell, cli: zhCli },
};

/** The areas of one locale compiled into one catalog (a pseudo-locale from English). */
export function compiledCatalogOf(locale: Locale, areas: readonly CatalogArea[]): CompiledCatalog {
  const language = catalogLanguage(locale);
  const merged: Record<string, string> = {};
  for (const area of areas) Object.assign(merged, CATALOG_SOURCES[language][area]);
  const compiled = compileCatalog(merged);
  return locale === language ? compiled : pseudoCatalog(locale as 'en-XA' | 'en-XB', compiled);
}

/** A translator for Node programs over the areas they show. */
export function nodeTranslator<Id extends string>(
  locale: Locale,
  areas: readonly CatalogArea[],
): Translator<Id> {
  return createTranslator<Id>(locale, compiledCatalogOf(locale, areas));
}
