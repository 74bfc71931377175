/**
 * The pseudo-locales, made from the compiled English catalog (ADR 0180): `en-XA` accents
 * every letter, brackets every text and lengthens it by 40% (an untranslated word, a joined
 * sentence or a clipped box shows at a glance); `en-XB` wraps every text in right-to-left
 * override marks. Arguments, plural and select keys and rich-text tags are left as they are.
 */

import type { MessageFormatElement } from '@formatjs/icu-messageformat-parser';
import type { PseudoLocale } from './locales';
import type { CompiledCatalog, CompiledMessage } from './translator';

const ACCENTED: Record<string, string> = Object.fromEntries(
  [...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ'].map((letter, index) => [
    letter,
    [...'àƀçđéƒĝĥîĵķļɱñöþǫŕšţûṽŵẋýžÀƁÇĐÉƑĜĤÎĴĶĻṀÑÖÞǪŔŠŢÛṼŴẊÝŽ'][index]!,
  ]),
);

/** Right-to-left override and pop directional formatting. */
const RLO = '\u202e';
const PDF = '\u202c';

/** Element types of the syntax tree (as @formatjs/icu-messageformat-parser numbers them). */
const LITERAL = 0;
const SELECT = 5;
const PLURAL = 6;
const TAG = 8;

function accent(text: string): string {
  return [...text].map((character) => ACCENTED[character] ?? character).join('');
}

/** The letters of a tree's literal parts (the other branches of a plural counted once). */
function literalLength(elements: readonly MessageFormatElement[]): number {
  let length = 0;
  for (const element of elements) {
    if (element.type === LITERAL) length += element.value.length;
    else if (element.type === TAG) length += literalLength(element.children);
    else if (element.type === SELECT || element.type === PLURAL) {
      const first = Object.values(element.options)[0];
      if (first) length += literalLength(first.value);
    }
  }
  return length;
}

function mapLiterals(
  elements: readonly MessageFormatElement[],
  transform: (text: string) => string,
): MessageFormatElement[] {
  return elements.map((element) => {
    if (element.type === LITERAL) return { ...element, value: transform(element.value) };
    if (element.type === TAG) {
      return { ...element, children: mapLiterals(element.children, transform) };
    }
    if (element.type === SELECT || element.type === PLURAL) {
      const options = Object.fromEntries(
        Object.entries(element.options).map(([key, option]) => [
          key,
          { ...option, value: mapLiterals(option.value, transform) },
        ]),
      );
      return { ...element, options } as MessageFormatElement;
    }
    return element;
  });
}

/** Padding that brings a text of `length` letters to 140% with its brackets. */
function padding(length: number): string {
  const extra = Math.max(0, Math.ceil(length * 0.4) - 2);
  return extra === 0 ? '' : ' ' + '·'.repeat(extra - 1);
}

function literal(value: string): MessageFormatElement {
  return { type: LITERAL, value } as MessageFormatElement;
}

/** One compiled message in a pseudo-locale. */
export function pseudoMessage(locale: PseudoLocale, message: CompiledMessage): CompiledMessage {
  if (locale === 'en-XB') {
    return typeof message === 'string'
      ? RLO + message + PDF
      : [literal(RLO), ...message, literal(PDF)];
  }
  if (typeof message === 'string') return `[${accent(message)}${padding(message.length)}]`;
  const length = literalLength(message);
  return [literal('['), ...mapLiterals(message, accent), literal(`${padding(length)}]`)];
}

/** The compiled English catalog as a pseudo-locale shows it. */
export function pseudoCatalog(locale: PseudoLocale, english: CompiledCatalog): CompiledCatalog {
  return Object.fromEntries(
    Object.entries(english).map(([id, message]) => [id, pseudoMessage(locale, message)]),
  );
}
