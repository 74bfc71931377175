/** The window's translator in a language, for tests that render components or texts. */

import { nodeTranslator } from '../../src-shared/i18n/catalog-sources';
import type { Locale } from '../../src-shared/i18n/locales';
import type { WindowMessageId } from '../../src-shared/i18n/message-ids';
import type { Translator } from '../../src-shared/i18n/translator';

/** The translator the window would use in `locale` (English unless said). */
export function windowTranslator(locale: Locale = 'en'): Translator<WindowMessageId> {
  return nodeTranslator<WindowMessageId>(locale, ['common', 'app', 'fleet']);
}
