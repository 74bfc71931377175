/**
 * The language qbsc prints in: `--lang`, else the environment as POSIX orders it (LC_ALL,
 * LC_MESSAGES, LANG; `LC_ALL=C` is English), matched to a shipped language, English when
 * none is. Tables, notes and relative times are translated; JSON, YAML, error codes and the
 * log stay English, so a script reads the same bytes in every language.
 */

import { nodeTranslator } from '../src-shared/i18n/catalog-sources';
import {
  LANGUAGES,
  PSEUDO_LOCALES,
  SOURCE_LANGUAGE,
  chooseLocale,
  environmentLanguageTag,
  matchLocale,
  type Locale,
} from '../src-shared/i18n/locales';
import type { CliMessageId } from '../src-shared/i18n/message-ids';
import type { Translator } from '../src-shared/i18n/translator';
import { usage } from './failure';

/** qbsc's translator: the `common` and `cli` areas. */
export type CliTranslator = Translator<CliMessageId>;

/** The languages `--lang` takes, as its help and its usage error list them. */
export const LANG_CHOICES = [...LANGUAGES, ...PSEUDO_LOCALES].join(', ');

/** The locale of a run: `--lang` (an unknown one is a usage error), else the environment. */
export function cliLocale(
  lang: string | undefined,
  env: Readonly<Record<string, string | undefined>> = process.env,
): Locale {
  if (lang !== undefined) {
    const locale = matchLocale(lang);
    if (!locale) throw usage(`--lang ${lang} is not a language qbsc speaks: ${LANG_CHOICES}.`);
    return locale;
  }
  return chooseLocale([environmentLanguageTag(env)]);
}

const translators = new Map<Locale, CliTranslator>();

/** The translator of a locale (compiled once per run). */
export function cliTranslator(locale: Locale = SOURCE_LANGUAGE): CliTranslator {
  let translator = translators.get(locale);
  if (!translator) {
    translator = nodeTranslator<CliMessageId>(locale, ['common', 'cli']);
    translators.set(locale, translator);
  }
  return translator;
}
