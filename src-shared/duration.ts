/**
 * Durations as people read them, from whole minutes (the unit of the settings).
 */

const MINUTES_PER_UNIT = { d: 1440, h: 60, min: 1 } as const;

/** Formats whole minutes as a friendly duration: 1590 -> "1 d 2 h 30 min", 0 -> "0 min". */
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
