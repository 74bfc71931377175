/**
 * The shell's words (tray, menus, notifications, native dialogs) in the language the admin
 * chose: a translator over the `common` and `shell` catalogs, compiled for one locale when
 * the shell starts and again when the choice changes (`events:language`). Plain code
 * without Electron, so the shell's texts are tested in any language.
 */

import { nodeTranslator } from '../../src-shared/i18n/catalog-sources';
import type { Locale } from '../../src-shared/i18n/locales';
import type { ShellMessageId } from '../../src-shared/i18n/message-ids';
import type { Translator } from '../../src-shared/i18n/translator';

/** The translator of the shell's words. */
export type ShellTranslator = Translator<ShellMessageId>;

/** The shell's translator for `locale`. */
export function shellTranslator(locale: Locale): ShellTranslator {
  return nodeTranslator<ShellMessageId>(locale, ['common', 'shell']);
}

/** The product's name, which is not translated (the window's title, the tray's tooltip). */
export const APP_NAME = 'QuickBox Session Companion';
