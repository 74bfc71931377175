/**
 * The language slice: the admin's language choice as main keeps it ('system' or a locale),
 * read once at start, changed through `language:set` and followed on `events:language` (a
 * choice made in the tray). Showing the words in the new language is the window language's
 * work (src-renderer/i18n/window-language.ts), which main.tsx wires to the same event.
 */

import type { LanguageChoice, LanguageState, Result } from '../../src-shared/ipc-contract';
import { DONE, type SliceCreator } from './app-state';

/** The language slice. */
export interface LanguageSlice {
  /** The choice and the locale it means; null until main has answered. */
  language: LanguageState | null;
  loadLanguage(): Promise<Result<void>>;
  chooseLanguage(choice: LanguageChoice): Promise<Result<void>>;
  receiveLanguage(state: LanguageState): Result<void>;
}

/** Creates the language slice. */
export const createLanguageSlice: SliceCreator<LanguageSlice> = (api) => (set) => ({
  language: null,
  async loadLanguage() {
    const result = await api.language.get();
    if (!result.ok) return result;
    set({ language: result.value });
    return DONE;
  },
  async chooseLanguage(choice) {
    const result = await api.language.set({ choice });
    if (!result.ok) return result;
    set({ language: result.value });
    return DONE;
  },
  receiveLanguage(state) {
    set({ language: state });
    return DONE;
  },
});
