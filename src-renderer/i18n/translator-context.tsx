/**
 * The window's translator, given to every component by context: `useT()` answers the
 * translator of the language shown. `WindowLanguage` follows src-renderer/i18n/window-language.ts,
 * so a change of language re-renders the window with the new translator and every visible word
 * changes at once; `TranslatorProvider` gives a fixed one (tests).
 */

import { createContext, useContext, useEffect, useSyncExternalStore, type ReactNode } from 'react';
import type { WindowMessageId } from '../../src-shared/i18n/message-ids';
import type { Translator } from '../../src-shared/i18n/translator';
import { currentTranslator, subscribeLanguage } from './window-language';

/** The translator of the window's messages. */
export type WindowTranslator = Translator<WindowMessageId>;

const TranslatorContext = createContext<WindowTranslator | null>(null);

/** Gives `translator` to everything inside. */
export function TranslatorProvider(props: {
  translator: WindowTranslator;
  children: ReactNode;
}): ReactNode {
  return (
    <TranslatorContext.Provider value={props.translator}>
      {props.children}
    </TranslatorContext.Provider>
  );
}

/** Gives the translator of the language shown, and sets the page's language and direction. */
export function WindowLanguage(props: { children: ReactNode }): ReactNode {
  const translator = useSyncExternalStore(subscribeLanguage, currentTranslator);
  useEffect(() => {
    document.documentElement.lang = translator.locale;
    document.documentElement.dir = translator.direction;
  }, [translator]);
  return <TranslatorProvider translator={translator}>{props.children}</TranslatorProvider>;
}

/** The translator of the language shown. */
export function useT(): WindowTranslator {
  const translator = useContext(TranslatorContext);
  if (!translator) throw new Error('useT() is used outside the TranslatorProvider');
  return translator;
}
