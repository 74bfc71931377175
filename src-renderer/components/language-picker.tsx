/**
 * The language picker of the window: "Same as the system", then each language in its own
 * name (an admin who cannot read the language shown still finds theirs). A choice goes to
 * main (`language:set`), which keeps it and tells the window and the tray at once.
 */

import { useId, type ReactNode } from 'react';
import { isLocale, LANGUAGE_NAMES, LANGUAGES } from '../../src-shared/i18n/locales';
import { useT } from '../i18n/translator-context';
import { useApp } from '../store-context';

/** The picker: a labelled select, disabled until main has told the choice. */
export function LanguagePicker(): ReactNode {
  const t = useT();
  const id = useId();
  const language = useApp((state) => state.language);
  const chooseLanguage = useApp((state) => state.chooseLanguage);
  return (
    <div className="language-picker">
      <label htmlFor={id}>{t.t('common.language.label')}</label>
      <select
        id={id}
        value={language?.choice ?? 'system'}
        disabled={language === null}
        onChange={(event) => {
          const choice = event.target.value;
          if (choice === 'system' || isLocale(choice)) void chooseLanguage(choice);
        }}
      >
        <option value="system">{t.t('common.language.system')}</option>
        {LANGUAGES.map((language) => (
          <option key={language} value={language} lang={language}>
            {LANGUAGE_NAMES[language]}
          </option>
        ))}
      </select>
    </div>
  );
}
