/**
 * Durations as people read them, from whole minutes (the unit of the settings).
 */

/**
 * The units a duration is written in, largest first, and the minutes in each: the one table
 * behind the formatter below, the panels' unit pickers and the suffixes `qbsc settings set`
 * reads.
 */
export const MINUTES_PER_UNIT = { day: 1440, hour: 60, minute: 1 } as const;

/** A unit of a duration. */
export type DurationUnit = keyof typeof MINUTES_PER_UNIT;

/** The units, largest first. */
export const DURATION_UNITS = Object.keys(MINUTES_PER_UNIT) as readonly DurationUnit[];

/** How the formatter abbreviates each unit. */
const SHORT: Record<DurationUnit, string> = { day: 'd', hour: 'h', minute: 'min' };

/** Formats whole minutes as a friendly duration: 1590 -> "1 d 2 h 30 min", 0 -> "0 min". */
export function formatMinutes(minutes: number): string {
  if (!Number.isFinite(minutes)) return String(minutes);
  const sign = minutes < 0 ? '-' : '';
  let rest = Math.abs(Math.round(minutes));
  const parts: string[] = [];
  for (const unit of DURATION_UNITS) {
    const size = MINUTES_PER_UNIT[unit];
    const count = Math.floor(rest / size);
    rest -= count * size;
    if (count > 0) parts.push(`${count} ${SHORT[unit]}`);
  }
  return parts.length === 0 ? '0 min' : sign + parts.join(' ');
}

/** The largest unit in which `minutes` is a whole number (2880: day; 90: minute; 0: minute). */
export function largestWholeUnit(minutes: number): DurationUnit {
  return (
    DURATION_UNITS.find(
      (unit) => minutes >= MINUTES_PER_UNIT[unit] && minutes % MINUTES_PER_UNIT[unit] === 0,
    ) ?? 'minute'
  );
}

/**
 * A decimal amount of a unit (`minutesPerUnit` minutes each; 1 for plain counts) in minutes,
 * as the panels' unit pickers and `qbsc settings set` read it: rounded to a millionth, so
 * 0.1 h is 6 minutes and not 6.000000000000001. Null when the text is not a plain decimal
 * number; `whole` says whether it comes to whole minutes (the settings' only unit).
 */
export function amountInMinutes(
  amount: string,
  minutesPerUnit: number,
): { minutes: number; whole: boolean } | null {
  if (!/^\d+(\.\d+)?$/.test(amount)) return null;
  const minutes = Math.round(Number(amount) * minutesPerUnit * 1e6) / 1e6;
  return { minutes, whole: Number.isInteger(minutes) };
}
