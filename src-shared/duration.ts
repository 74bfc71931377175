/**
 * Durations as people read and type them, in whole minutes (the unit of the settings).
 */

const MINUTES_PER_UNIT = { w: 10080, d: 1440, h: 60, min: 1 } as const;
type DurationUnit = keyof typeof MINUTES_PER_UNIT;

const UNIT_WORDS: Record<string, DurationUnit> = {
  w: 'w',
  wk: 'w',
  wks: 'w',
  week: 'w',
  weeks: 'w',
  d: 'd',
  day: 'd',
  days: 'd',
  h: 'h',
  hr: 'h',
  hrs: 'h',
  hour: 'h',
  hours: 'h',
  m: 'min',
  min: 'min',
  mins: 'min',
  minute: 'min',
  minutes: 'min',
};

/**
 * Formats whole minutes as a friendly duration: 1590 -> "1 d 2 h 30 min", 0 -> "0 min".
 * Weeks are not used, so the output always reads back with `parseDuration`.
 */
export function formatMinutes(minutes: number): string {
  if (!Number.isFinite(minutes)) return String(minutes);
  const sign = minutes < 0 ? '-' : '';
  let rest = Math.abs(Math.round(minutes));
  const parts: string[] = [];
  for (const unit of ['d', 'h', 'min'] as const) {
    const size = MINUTES_PER_UNIT[unit];
    const count = Math.floor(rest / size);
    rest -= count * size;
    if (count > 0) parts.push(`${count} ${unit}`);
  }
  return parts.length === 0 ? '0 min' : sign + parts.join(' ');
}

/** The result of reading a typed duration. */
export type DurationParse = { ok: true; minutes: number } | { ok: false; message: string };

/**
 * Reads what a person types as a duration, in whole minutes: "90", "1h30", "1 h 30 min",
 * "2 days", "1.5h", "1 d 2 h 30 min". A bare number is in `defaultUnit`; a bare number after
 * hours means minutes ("1h30"). Never throws.
 */
export function parseDuration(text: string, defaultUnit: 'min' | 'h' | 'd' = 'min'): DurationParse {
  const source = text.trim().toLowerCase();
  if (source === '')
    return { ok: false, message: 'Enter a duration, for example "30", "1h30" or "2 days".' };
  const token = /(\d+(?:\.\d+)?|\.\d+)\s*([a-z]*)\s*,?\s*/gy;
  let total = 0;
  let index = 0;
  let previous: DurationUnit | null = null;
  const used = new Set<DurationUnit>();
  while (index < source.length) {
    token.lastIndex = index;
    const match = token.exec(source);
    if (!match) {
      return {
        ok: false,
        message: `Cannot read "${text.trim()}" as a duration: use numbers with units such as "45 min", "1h30" or "2 days".`,
      };
    }
    index = token.lastIndex;
    const amount = Number(match[1]);
    // Stryker disable next-line StringLiteral: equivalent, group 2 ([a-z]*) takes part in every match, so the fallback is never used
    const word = match[2] ?? '';
    let unit: DurationUnit | undefined;
    if (word === '') {
      if (previous === 'h') unit = 'min';
      else if (previous === 'd') unit = 'h';
      else if (previous === null) unit = defaultUnit;
      else {
        return {
          ok: false,
          message: `Add a unit after ${match[1]} in "${text.trim()}" (min, h or d).`,
        };
      }
    } else {
      unit = UNIT_WORDS[word];
      if (!unit) {
        return { ok: false, message: `Unknown unit "${word}": use min, h, d or w.` };
      }
    }
    if (used.has(unit)) {
      return { ok: false, message: `"${text.trim()}" names the same unit twice.` };
    }
    used.add(unit);
    previous = unit;
    total += amount * MINUTES_PER_UNIT[unit];
  }
  const rounded = Math.round(total * 1e6) / 1e6;
  if (!Number.isInteger(rounded)) {
    return {
      ok: false,
      message: `"${text.trim()}" is ${rounded} minutes: durations are whole minutes.`,
    };
  }
  if (!Number.isSafeInteger(rounded)) {
    return { ok: false, message: `"${text.trim()}" is too long a duration.` };
  }
  return { ok: true, minutes: rounded };
}
