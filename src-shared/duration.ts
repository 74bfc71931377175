/**
 * Durations as people read them, from whole minutes (the unit of the settings).
 */

const MINUTES_PER_UNIT = { d: 1440, h: 60, min: 1 } as const;

/** Formats whole minutes as a friendly duration: 1590 -> "1 d 2 h 30 min", 0 -> "0 min". */
export function formatMinutes(minutes: number): string {
  if (!Number.isFinite(minutes)) return String(minutes);
  // Stryker disable next-line EqualityOperator: equivalent, a minutes value that rounds to 0 is written "0 min" without the sign
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
