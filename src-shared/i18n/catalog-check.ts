/**
 * The catalog check (run by `npm test`, test/i18n/catalogs.test.ts): every language has every
 * message of the English catalogs and no other, each parses as ICU MessageFormat, with the
 * same arguments and rich-text tags as English, the plural categories its language needs
 * (`Intl.PluralRules`) and no others, and the same select keys. Ids carry their area's prefix
 * and are unique across areas.
 */

import { parse, TYPE, type MessageFormatElement } from '@formatjs/icu-messageformat-parser';
import { LANGUAGES, SOURCE_LANGUAGE, type Language } from './locales';
import { CATALOG_AREAS, type CatalogArea } from './message-ids';

/** A catalog's source: message id to ICU text. */
type Source = Readonly<Record<string, string>>;

/** What the check reads: every language's sources by area. */
export type CatalogSet = Readonly<Record<Language, Readonly<Record<CatalogArea, Source>>>>;

/** What a message's tree asks of its translations. */
interface Shape {
  /** Argument and tag names, sorted. */
  names: string[];
  /** Select arguments and their keys. */
  selects: Map<string, string[]>;
  /** Plural arguments: their kind and the keys they use. */
  plurals: { name: string; ordinal: boolean; keys: string[] }[];
}

function shapeOf(elements: readonly MessageFormatElement[], shape: Shape): Shape {
  for (const element of elements) {
    switch (element.type) {
      case TYPE.argument:
      case TYPE.number:
      case TYPE.date:
      case TYPE.time:
        shape.names.push(element.value);
        break;
      case TYPE.tag:
        shape.names.push(`<${element.value}>`);
        shapeOf(element.children, shape);
        break;
      case TYPE.select:
        shape.names.push(element.value);
        shape.selects.set(element.value, Object.keys(element.options).sort());
        for (const option of Object.values(element.options)) shapeOf(option.value, shape);
        break;
      case TYPE.plural:
        shape.names.push(element.value);
        shape.plurals.push({
          name: element.value,
          ordinal: element.pluralType === 'ordinal',
          keys: Object.keys(element.options),
        });
        for (const option of Object.values(element.options)) shapeOf(option.value, shape);
        break;
      default:
        break;
    }
  }
  return shape;
}

function shape(text: string): Shape {
  const found = shapeOf(parse(text), { names: [], selects: new Map(), plurals: [] });
  found.names = [...new Set(found.names)].sort();
  return found;
}

/** The categories a language's plural rules have, cardinal or ordinal. */
function categories(language: Language, ordinal: boolean): string[] {
  return new Intl.PluralRules(language, { type: ordinal ? 'ordinal' : 'cardinal' })
    .resolvedOptions()
    .pluralCategories.map(String);
}

/** Every problem found, one line each ("de/app.json: app.x: missing"); empty when sound. */
export function checkCatalogs(catalogs: CatalogSet): string[] {
  const problems: string[] = [];
  const seen = new Map<string, CatalogArea>();
  for (const area of CATALOG_AREAS) {
    const english = catalogs[SOURCE_LANGUAGE][area];
    for (const id of Object.keys(english)) {
      if (!id.startsWith(`${area}.`))
        problems.push(`en/${area}.json: ${id}: not prefixed "${area}."`);
      const other = seen.get(id);
      if (other) problems.push(`en/${area}.json: ${id}: also in ${other}.json`);
      seen.set(id, area);
    }
    for (const language of LANGUAGES) {
      const file = `${language}/${area}.json`;
      const source = catalogs[language][area];
      for (const id of Object.keys(source)) {
        if (!(id in english)) problems.push(`${file}: ${id}: not in the English catalog`);
      }
      for (const [id, englishText] of Object.entries(english)) {
        const text = source[id];
        if (text === undefined) {
          problems.push(`${file}: ${id}: missing`);
          continue;
        }
        problems.push(...checkMessage(`${file}: ${id}`, language, englishText, text));
      }
    }
  }
  return problems;
}

function checkMessage(
  where: string,
  language: Language,
  englishText: string,
  text: string,
): string[] {
  let expected: Shape;
  let actual: Shape;
  try {
    expected = shape(englishText);
    actual = shape(text);
  } catch (error) {
    return [`${where}: does not parse (${(error as Error).message})`];
  }
  const problems: string[] = [];
  if (expected.names.join() !== actual.names.join()) {
    problems.push(
      `${where}: arguments {${actual.names.join(', ')}}, English has {${expected.names.join(', ')}}`,
    );
  }
  for (const [name, keys] of expected.selects) {
    const theirs = actual.selects.get(name);
    if (theirs && theirs.join() !== keys.join()) {
      problems.push(
        `${where}: select ${name} has [${theirs.join(', ')}], English has [${keys.join(', ')}]`,
      );
    }
  }
  for (const plural of actual.plurals) {
    const needed = categories(language, plural.ordinal);
    const named = plural.keys.filter((key) => !key.startsWith('='));
    const missing = needed.filter((category) => !named.includes(category));
    const unknown = named.filter((category) => !needed.includes(category));
    if (missing.length > 0) {
      problems.push(
        `${where}: plural ${plural.name} lacks ${missing.join(', ')} (${language} needs ${needed.join(', ')})`,
      );
    }
    if (unknown.length > 0) {
      problems.push(
        `${where}: plural ${plural.name} has ${unknown.join(', ')}, which ${language} never uses`,
      );
    }
  }
  return problems;
}
