/**
 * Times as an admin at a terminal reads them: in the local time zone (the process's, which
 * Node takes from TZ), as `2026-12-07 14:05`, or relative to now ("3 min ago", "in 2 hr")
 * where the distance matters more than the hour (last seen, expires). JSON keeps the ISO
 * text the server sent: a script compares instants, not words.
 */

const RELATIVE = new Intl.RelativeTimeFormat('en', { numeric: 'auto', style: 'short' });

const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['year', 365 * 86_400_000],
  ['month', 30 * 86_400_000],
  ['week', 7 * 86_400_000],
  ['day', 86_400_000],
  ['hour', 3_600_000],
  ['minute', 60_000],
  ['second', 1000],
];

function parsed(iso: string): Date | null {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? null : date;
}

const two = (value: number): string => String(value).padStart(2, '0');

/** `2026-12-07 14:05` in the local time zone; the text itself when it is not a time. */
export function localTime(iso: string): string {
  const date = parsed(iso);
  if (!date) return iso;
  return `${date.getFullYear()}-${two(date.getMonth() + 1)}-${two(date.getDate())} ${two(date.getHours())}:${two(date.getMinutes())}`;
}

/** `2026-12-07 14:05:09` in the local time zone, for a log of events as they come. */
export function logTime(iso: string): string {
  const date = parsed(iso);
  if (!date) return iso;
  return `${localTime(iso)}:${two(date.getSeconds())}`;
}

/** "3 min ago", "in 2 hr", "now", from `now` (ms); the text itself when it is not a time. */
export function relativeTime(iso: string, now: number = Date.now()): string {
  const date = parsed(iso);
  if (!date) return iso;
  const delta = date.getTime() - now;
  if (Math.abs(delta) < 10_000) return 'now';
  for (const [unit, size] of UNITS) {
    if (Math.abs(delta) >= size || unit === 'second') {
      // Shorter words than Intl's ("min." becomes "min"): they read as well, and take less room.
      return RELATIVE.format(Math.trunc(delta / size), unit).replace(/\./g, '');
    }
  }
  return iso;
}

/** A time relative to now within a day of it, else the local date and time. */
export function whenText(iso: string, now: number = Date.now()): string {
  const date = parsed(iso);
  if (!date) return iso;
  return Math.abs(date.getTime() - now) < 86_400_000 ? relativeTime(iso, now) : localTime(iso);
}
