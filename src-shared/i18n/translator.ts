/**
 * The one translator of the window, the tray and qbsc (ADR 0180): messages from a compiled
 * catalog, formatted with intl-messageformat (ICU MessageFormat: plurals and selects as each
 * language needs them), and numbers, dates, relative times, lists and durations from `Intl`
 * in the same language. Nothing here parses a message: catalogs arrive compiled (a plain
 * literal as a string, anything with an argument as its syntax tree), so the window ships
 * no message parser.
 */

import { IntlMessageFormat, type FormatXMLElementFn, type PrimitiveType } from 'intl-messageformat';
import type { MessageFormatElement } from '@formatjs/icu-messageformat-parser';
import { DURATION_UNITS, MINUTES_PER_UNIT } from '../duration';
import { formattingLocale, textDirection, type Locale } from './locales';
import type { MessageId } from './message-ids';

/** A compiled message: a literal text as it reads, or the syntax tree of one with arguments. */
export type CompiledMessage = string | MessageFormatElement[];

/** A compiled catalog: message id to compiled message. */
export type CompiledCatalog = Readonly<Record<string, CompiledMessage>>;

/** The values a message's arguments take. */
export type MessageValues = Record<string, PrimitiveType | Date>;

/**
 * A message to be shown, as code that has no translator of its own (a settings rule, a
 * core error, a notification's wording) hands it on: its id and its values. The caller that
 * shows it translates it, in the language the admin reads at that moment.
 */
export interface Message<Id extends string = MessageId> {
  readonly id: Id;
  readonly values?: MessageValues;
}

/** How a duration is written: `long` "2 hours, 30 minutes", `short` "2 hr, 30 min", `narrow` "2h 30m". */
export type DurationStyle = 'long' | 'short' | 'narrow';

/** Formats messages and values in one locale. */
export interface Translator<Id extends string = MessageId> {
  /** The locale shown (a pseudo-locale included). */
  readonly locale: Locale;
  /** The locale `Intl` formats in (English for a pseudo-locale). */
  readonly formattingLocale: string;
  /** The direction text runs in. */
  readonly direction: 'ltr' | 'rtl';
  /** A message with its arguments filled in. */
  t(id: Id, values?: MessageValues): string;
  /** A message handed on by code without a translator. */
  message(message: Message<Id>): string;
  /**
   * A message with rich parts (`<b>name</b>` calls `values.b` with the parts inside): the
   * parts in order, strings and whatever the functions return.
   */
  rich<T>(
    id: Id,
    values: Record<string, PrimitiveType | Date | T | FormatXMLElementFn<T, T | string>>,
  ): (string | T)[];
  /** A number as the locale writes it ("1,200", "1.200", "1 200"). */
  number(value: number, options?: Intl.NumberFormatOptions): string;
  /** A date and time (default: medium date, short time) in the local time zone. */
  dateTime(value: Date | string | number, options?: Intl.DateTimeFormatOptions): string;
  /** How long ago or how far ahead a moment is, in the largest whole unit ("3 min ago"). */
  relative(value: Date | string | number, now?: number): string;
  /** Items joined as the locale joins them ("A, B and C"; "A, B oder C" with `disjunction`). */
  list(items: readonly string[], type?: 'conjunction' | 'disjunction'): string;
  /** Whole minutes as a duration ("1 day, 2 hr, 30 min"; "0 min"). */
  duration(minutes: number, style?: DurationStyle): string;
}

/** `Intl.DurationFormat` (ES2025), which TypeScript's libraries do not describe yet. */
interface DurationFormatter {
  format(duration: Record<string, number>): string;
}
type DurationFormatConstructor = new (
  locale: string,
  options: { style: DurationStyle } & Record<string, string>,
) => DurationFormatter;

/** The units the relative time picks from, largest first, with their length in seconds. */
const RELATIVE_UNITS: readonly [Intl.RelativeTimeFormatUnit, number][] = [
  ['year', 365 * 86_400],
  ['month', 30 * 86_400],
  ['week', 7 * 86_400],
  ['day', 86_400],
  ['hour', 3_600],
  ['minute', 60],
  ['second', 1],
];

/** The duration's parts in `Intl.DurationFormat`'s names. */
const DURATION_FIELDS = { day: 'days', hour: 'hours', minute: 'minutes' } as const;

/**
 * A translator over one compiled catalog. A missing id (which typecheck and the catalog check
 * keep out of the shipped app) is shown as the id itself, so it is noticed and nothing breaks.
 */
export function createTranslator<Id extends string = MessageId>(
  locale: Locale,
  catalog: CompiledCatalog,
): Translator<Id> {
  const intlLocale = formattingLocale(locale);
  const formats = new Map<string, IntlMessageFormat>();
  const numberFormats = new Map<string, Intl.NumberFormat>();
  const dateFormats = new Map<string, Intl.DateTimeFormat>();
  const durationFormats = new Map<string, DurationFormatter>();
  const listFormats = new Map<string, Intl.ListFormat>();
  const relativeFormat = new Intl.RelativeTimeFormat(intlLocale, { numeric: 'auto' });

  function formatterOf(id: string): IntlMessageFormat | string {
    const compiled = catalog[id];
    if (compiled === undefined) return id;
    if (typeof compiled === 'string') return compiled;
    let format = formats.get(id);
    if (!format) {
      format = new IntlMessageFormat(compiled, intlLocale);
      formats.set(id, format);
    }
    return format;
  }

  function t(id: Id, values?: MessageValues): string {
    const format = formatterOf(id);
    return typeof format === 'string' ? format : String(format.format(values));
  }

  function numberFormat(options: Intl.NumberFormatOptions = {}): Intl.NumberFormat {
    const key = JSON.stringify(options);
    let format = numberFormats.get(key);
    if (!format) {
      format = new Intl.NumberFormat(intlLocale, options);
      numberFormats.set(key, format);
    }
    return format;
  }

  function dateFormat(options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
    const key = JSON.stringify(options);
    let format = dateFormats.get(key);
    if (!format) {
      format = new Intl.DateTimeFormat(intlLocale, options);
      dateFormats.set(key, format);
    }
    return format;
  }

  /** The duration formatter of a style; `zero` shows the minutes even when they are 0. */
  function durationFormat(style: DurationStyle, zero = false): DurationFormatter {
    const key = `${style}:${zero}`;
    let format = durationFormats.get(key);
    if (!format) {
      const DurationFormat = (Intl as unknown as { DurationFormat: DurationFormatConstructor })
        .DurationFormat;
      format = new DurationFormat(
        intlLocale,
        zero ? { style, minutesDisplay: 'always' } : { style },
      );
      durationFormats.set(key, format);
    }
    return format;
  }

  function listFormat(type: 'conjunction' | 'disjunction'): Intl.ListFormat {
    let format = listFormats.get(type);
    if (!format) {
      format = new Intl.ListFormat(intlLocale, { type, style: 'long' });
      listFormats.set(type, format);
    }
    return format;
  }

  return {
    locale,
    formattingLocale: intlLocale,
    direction: textDirection(locale),
    t,
    message: (message) => t(message.id, message.values),
    rich(id, values) {
      const format = formatterOf(id);
      if (typeof format === 'string') return [format];
      const parts = format.format(values as never) as unknown;
      return (Array.isArray(parts) ? parts : [parts]) as never;
    },
    number: (value, options) => numberFormat(options).format(value),
    dateTime(value, options = { dateStyle: 'medium', timeStyle: 'short' }) {
      const date = value instanceof Date ? value : new Date(value);
      if (Number.isNaN(date.getTime())) return String(value);
      return dateFormat(options).format(date);
    },
    relative(value, now = Date.now()) {
      const date = value instanceof Date ? value : new Date(value);
      if (Number.isNaN(date.getTime())) return String(value);
      const seconds = Math.round((date.getTime() - now) / 1000);
      const [unit, size] =
        RELATIVE_UNITS.find(([, length]) => Math.abs(seconds) >= length) ?? RELATIVE_UNITS[6]!;
      return relativeFormat.format(Math.trunc(seconds / size), unit);
    },
    list: (items, type = 'conjunction') => listFormat(type).format(items),
    duration(minutes, style = 'short') {
      if (!Number.isFinite(minutes)) return String(minutes);
      const whole = Math.round(minutes);
      if (whole === 0) return durationFormat(style, true).format({ minutes: 0 });
      const sign = Math.sign(whole);
      let rest = Math.abs(whole);
      const duration: Record<string, number> = {};
      for (const unit of DURATION_UNITS) {
        const count = Math.floor(rest / MINUTES_PER_UNIT[unit]);
        rest -= count * MINUTES_PER_UNIT[unit];
        if (count > 0) duration[DURATION_FIELDS[unit]] = sign * count;
      }
      return durationFormat(style).format(duration);
    },
  };
}
