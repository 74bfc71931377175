/**
 * The window's catalogs: per language, an `app` chunk (with `common`) loaded at start and a
 * `fleet` chunk loaded with the fleet view, compiled at build time
 * (scripts/i18n/vite-catalogs.ts). Only the active language's chunks are fetched.
 */

import type { Language, Locale } from '../../src-shared/i18n/locales';
import { catalogLanguage } from '../../src-shared/i18n/locales';
import type { WindowCatalogPart } from '../../src-shared/i18n/message-ids';
import { pseudoCatalog } from '../../src-shared/i18n/pseudo';
import type { CompiledCatalog } from '../../src-shared/i18n/translator';

type Chunk = () => Promise<{ catalog: CompiledCatalog }>;

// Each import is written out so the build makes one chunk per language and part.
const CHUNKS: Record<Language, Record<WindowCatalogPart, Chunk>> = {
  en: {
    app: () => import('virtual:catalogs/en/app'),
    fleet: () => import('virtual:catalogs/en/fleet'),
  },
  de: {
    app: () => import('virtual:catalogs/de/app'),
    fleet: () => import('virtual:catalogs/de/fleet'),
  },
  da: {
    app: () => import('virtual:catalogs/da/app'),
    fleet: () => import('virtual:catalogs/da/fleet'),
  },
  es: {
    app: () => import('virtual:catalogs/es/app'),
    fleet: () => import('virtual:catalogs/es/fleet'),
  },
  fr: {
    app: () => import('virtual:catalogs/fr/app'),
    fleet: () => import('virtual:catalogs/fr/fleet'),
  },
  hu: {
    app: () => import('virtual:catalogs/hu/app'),
    fleet: () => import('virtual:catalogs/hu/fleet'),
  },
  pt: {
    app: () => import('virtual:catalogs/pt/app'),
    fleet: () => import('virtual:catalogs/pt/fleet'),
  },
  'zh-CN': {
    app: () => import('virtual:catalogs/zh-CN/app'),
    fleet: () => import('virtual:catalogs/zh-CN/fleet'),
  },
};

/** The compiled catalog of one part of the window in a locale (a pseudo-locale from English). */
export async function loadCatalog(
  locale: Locale,
  part: WindowCatalogPart,
): Promise<CompiledCatalog> {
  const language = catalogLanguage(locale);
  const { catalog } = await CHUNKS[language][part]();
  return locale === language ? catalog : pseudoCatalog(locale as 'en-XA' | 'en-XB', catalog);
}
