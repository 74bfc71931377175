/**
 * The language the window is shown in: its translator, the catalog parts loaded so far
 * (`app` at start, `fleet` with the fleet view) and whoever re-renders when it changes. A
 * change of language loads the new language's parts first and then swaps the translator in
 * one step, so every visible word changes at once and no id shows in between.
 */

import type { Locale } from '../../src-shared/i18n/locales';
import type { WindowCatalogPart } from '../../src-shared/i18n/message-ids';
import { createTranslator, type CompiledCatalog } from '../../src-shared/i18n/translator';
import { loadCatalog } from './catalogs';
import type { WindowTranslator } from './translator-context';

interface Shown {
  readonly locale: Locale;
  readonly parts: ReadonlyMap<WindowCatalogPart, CompiledCatalog>;
  readonly translator: WindowTranslator;
}

let shown: Shown | null = null;
let starting: Promise<unknown> | null = null;
const listeners = new Set<() => void>();

function show(locale: Locale, parts: ReadonlyMap<WindowCatalogPart, CompiledCatalog>): void {
  const catalog = Object.assign({}, ...parts.values()) as CompiledCatalog;
  shown = { locale, parts, translator: createTranslator(locale, catalog) };
  for (const listener of listeners) listener();
}

async function loadParts(
  locale: Locale,
  parts: readonly WindowCatalogPart[],
): Promise<Map<WindowCatalogPart, CompiledCatalog>> {
  const catalogs = await Promise.all(parts.map((part) => loadCatalog(locale, part)));
  return new Map(parts.map((part, index) => [part, catalogs[index]!]));
}

/** Loads the start part in `locale` and shows it. */
export async function startLanguage(locale: Locale): Promise<WindowTranslator> {
  const loading = loadParts(locale, ['app']);
  starting = loading;
  show(locale, await loading);
  return currentTranslator();
}

/** The translator shown now. */
export function currentTranslator(): WindowTranslator {
  if (!shown) throw new Error('The window language is not started');
  return shown.translator;
}

/** The locale shown now, or null before the start. */
export function currentLocale(): Locale | null {
  return shown?.locale ?? null;
}

/** Calls `listener` whenever the translator changes; answers the unsubscribe. */
export function subscribeLanguage(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/**
 * Loads a part of the catalog in the language shown (once), before the part it serves shows;
 * asked for before the start language is shown, it waits for it.
 */
export async function loadCatalogPart(part: WindowCatalogPart): Promise<void> {
  if (!shown && starting) await starting.catch(() => undefined);
  for (;;) {
    const before = shown;
    if (!before) throw new Error('The window language is not started');
    if (before.parts.has(part)) return;
    const catalog = await loadCatalog(before.locale, part);
    // A language chosen while this part loaded is loaded again in that language.
    if (shown?.locale !== before.locale) continue;
    show(before.locale, new Map([...shown.parts, [part, catalog]]));
    return;
  }
}

/** Shows the window in another language: its parts are loaded first, then swapped in at once. */
export async function showLanguage(locale: Locale): Promise<void> {
  if (!shown || shown.locale === locale) return;
  const parts = await loadParts(locale, [...shown.parts.keys()]);
  show(locale, parts);
}
