/**
 * The languages the app, the tray and qbsc speak (those of the QuickBox dashboard), the two
 * pseudo-locales used to test that every word is translated and that nothing overflows, and
 * the one rule that turns what a system, a user or the dashboard calls a language into one
 * of them (ADR 0180).
 */

/** The shipped languages, English first (the source language and the fallback). */
export const LANGUAGES = ['en', 'de', 'da', 'es', 'fr', 'hu', 'pt', 'zh-CN'] as const;

/** A shipped language. */
export type Language = (typeof LANGUAGES)[number];

/**
 * Pseudo-locales, derived from English at load time: `en-XA` accents every letter and
 * lengthens every text by 40% (untranslated text and clipped boxes stand out); `en-XB` wraps
 * every text in right-to-left marks and lays the window out right to left.
 */
export const PSEUDO_LOCALES = ['en-XA', 'en-XB'] as const;

/** A pseudo-locale. */
export type PseudoLocale = (typeof PSEUDO_LOCALES)[number];

/** What the app can be shown in. */
export type Locale = Language | PseudoLocale;

/** The source language: every other catalog is measured against it. */
export const SOURCE_LANGUAGE: Language = 'en';

/**
 * Each language's name in itself, as a language picker shows them (an admin who cannot read
 * the current language can still find their own).
 */
export const LANGUAGE_NAMES: Record<Language, string> = {
  en: 'English',
  de: 'Deutsch',
  da: 'Dansk',
  es: 'Español',
  fr: 'Français',
  hu: 'Magyar',
  pt: 'Português',
  'zh-CN': '简体中文',
};

/** Whether a value is a shipped language. */
export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

/** Whether a value is a locale the app can be shown in (a language or a pseudo-locale). */
export function isLocale(value: unknown): value is Locale {
  return isLanguage(value) || (PSEUDO_LOCALES as readonly string[]).includes(value as string);
}

/** The catalog a locale reads its messages from: a pseudo-locale is English, transformed. */
export function catalogLanguage(locale: Locale): Language {
  return isLanguage(locale) ? locale : SOURCE_LANGUAGE;
}

/** The locale `Intl` formats numbers, dates and lists in: a pseudo-locale formats as English. */
export function formattingLocale(locale: Locale): string {
  return catalogLanguage(locale);
}

/** The direction text runs in: `en-XB` is the right-to-left test locale. */
export function textDirection(locale: Locale): 'ltr' | 'rtl' {
  return locale === 'en-XB' ? 'rtl' : 'ltr';
}

/**
 * The dashboard's own language codes that are not standard tags (its Danish is `dk`), in
 * lower case.
 */
const DASHBOARD_CODES: Record<string, Language> = { dk: 'da' };

/**
 * The shipped locale a language tag means, or null when none matches: a BCP 47 tag
 * (`de-AT`, `zh-Hans-CN`), a POSIX locale (`de_DE.UTF-8`, `pt_BR@euro`) or a dashboard code
 * (`dk`, `zh-cn`); case is ignored. Chinese matches only when it is Simplified (`zh`,
 * `zh-CN`, `zh-SG`, `zh-Hans…`); Traditional Chinese (`zh-TW`, `zh-HK`, `zh-Hant…`) does not,
 * so it falls through to the next language the admin reads. `C` and `POSIX` match nothing.
 */
export function matchLocale(tag: string): Locale | null {
  const cleaned = tag.trim().split(/[.@]/)[0]!.replace(/_/g, '-');
  if (cleaned === '' || /^(c|posix)$/i.test(cleaned)) return null;
  const pseudo = PSEUDO_LOCALES.find((locale) => locale.toLowerCase() === cleaned.toLowerCase());
  if (pseudo) return pseudo;
  const parts = cleaned.toLowerCase().split('-');
  const primary = parts[0]!;
  const dashboard = DASHBOARD_CODES[primary];
  if (dashboard) return dashboard;
  if (primary === 'zh') {
    const rest = parts.slice(1);
    if (rest.includes('hant') || rest.some((part) => ['tw', 'hk', 'mo'].includes(part))) {
      return rest.includes('hans') ? 'zh-CN' : null;
    }
    return 'zh-CN';
  }
  return LANGUAGES.find((language) => language === primary) ?? null;
}

/**
 * The first of the admin's languages, in their order of preference, that the app speaks;
 * English when none is.
 */
export function chooseLocale(preferred: readonly (string | null | undefined)[]): Locale {
  for (const tag of preferred) {
    if (!tag) continue;
    const locale = matchLocale(tag);
    if (locale) return locale;
  }
  return SOURCE_LANGUAGE;
}

/**
 * The language a command line program is asked to speak by its environment, as POSIX sets the
 * order: the first non-empty of `LC_ALL`, `LC_MESSAGES` and `LANG` decides (so `LC_ALL=C`
 * means English even when `LANG` is German). Null when none is set.
 */
export function environmentLanguageTag(
  environment: Readonly<Record<string, string | undefined>>,
): string | null {
  for (const name of ['LC_ALL', 'LC_MESSAGES', 'LANG']) {
    const value = environment[name];
    if (value && value.trim() !== '') return value;
  }
  return null;
}
