/**
 * The admin's language choice: 'system' (follow the system's languages) or one locale, kept
 * in `language.json` of the data folder (a preference: open-or-default, written atomically),
 * and the locale it means now. A change is pushed on `events:language` to every window and
 * the shell (tray, menus, notifications), which switch at once.
 */

import { join } from 'node:path';
import { z } from 'zod';
import {
  chooseLocale,
  LANGUAGES,
  matchLocale,
  PSEUDO_LOCALES,
  type Locale,
} from '../../../src-shared/i18n/locales';
import type { LanguageChoice, LanguageState } from '../../../src-shared/ipc-contract';
import { readJsonOrDefault } from '../files/json-document';
import { writeJsonFile } from '../files/json-file-store';
import type { EventBus } from '../support/event-bus';
import type { Logger } from '../support/logger';

/** The file of the choice, in the data folder. */
export const LANGUAGE_FILE = 'language.json';

const languageFileSchema = z.object({
  choice: z.union([z.literal('system'), z.enum([...LANGUAGES, ...PSEUDO_LOCALES])]),
});

/**
 * The system's languages the app speaks, in the system's order, each once: `de_DE`, `de-AT`
 * and `de` are all `de`; the dashboard's `dk` is `da`, its `zh-cn` is `zh-CN`; a language
 * the app does not speak is left out.
 */
export function systemLocales(tags: readonly string[]): Locale[] {
  const locales: Locale[] = [];
  for (const tag of tags) {
    const locale = matchLocale(tag);
    if (locale && !locales.includes(locale)) locales.push(locale);
  }
  return locales;
}

/** What the language service is made of. */
export interface LanguageServiceOptions {
  /** The choice's file; null keeps the choice in memory only (a program without a window). */
  file: string | null;
  choice: LanguageChoice;
  /** The system's preferred languages as it names them (`app.getPreferredSystemLanguages()`). */
  systemLanguages: readonly string[];
  bus: EventBus;
  logger: Logger;
}

/** Keeps the choice, answers the locale it means, and tells everyone when it changes. */
export class LanguageService {
  private choice: LanguageChoice;
  private readonly systemLanguages: Locale[];
  private saving: Promise<void> = Promise.resolve();

  constructor(private readonly options: LanguageServiceOptions) {
    this.choice = options.choice;
    this.systemLanguages = systemLocales(options.systemLanguages);
  }

  /**
   * Opens the choice kept in `dataDir`: 'system' when there is none, and when the file cannot
   * be used (logged, left as it is, replaced at the next choice).
   */
  static async open(
    dataDir: string,
    systemLanguages: readonly string[],
    bus: EventBus,
    logger: Logger,
  ): Promise<LanguageService> {
    const file = join(dataDir, LANGUAGE_FILE);
    const kept = await readJsonOrDefault(
      file,
      languageFileSchema,
      { choice: 'system' as const },
      logger,
      'language: the choice file is not valid; following the system',
    );
    return new LanguageService({ file, choice: kept.choice, systemLanguages, bus, logger });
  }

  /** The choice, the locale it means now, and the system's languages the app speaks. */
  get(): LanguageState {
    return {
      choice: this.choice,
      locale: this.choice === 'system' ? chooseLocale(this.systemLanguages) : this.choice,
      systemLanguages: [...this.systemLanguages],
    };
  }

  /**
   * Keeps a new choice and pushes the new state; a choice that cannot be written is refused
   * (the error goes to the caller) and the one before stays.
   */
  async set(choice: LanguageChoice): Promise<LanguageState> {
    const file = this.options.file;
    if (file) {
      // One write at a time, in the order chosen: the last choice is the one on disk.
      const write = this.saving.then(() => writeJsonFile(file, { choice }));
      this.saving = write.catch(() => undefined);
      await write;
    }
    this.choice = choice;
    const state = this.get();
    this.options.bus.emit('events:language', state);
    return state;
  }
}
