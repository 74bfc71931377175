/**
 * Times as an admin at a terminal reads them: in the local time zone (the process's, which
 * Node takes from TZ), as `2026-12-07 14:05`, or relative to now ("3 minutes ago", "in 2 hours",
 * in the language qbsc prints in)
 * where the distance matters more than the hour (last seen, expires). JSON keeps the ISO
 * text the server sent: a script compares instants, not words.
 */

import { cliTranslator, type CliTranslator } from './locale';

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

/**
 * "3 minutes ago", "in 2 hours", "now" (within 10 s), from `now` (ms), in the translator's
 * language (English by default); the text itself when it is not a time.
 */
export function relativeTime(
  iso: string,
  now: number = Date.now(),
  t: CliTranslator = cliTranslator(),
): string {
  const date = parsed(iso);
  if (!date) return iso;
  return t.relative(Math.abs(date.getTime() - now) < 10_000 ? now : date, now);
}

/** A time relative to now within a day of it, else the local date and time. */
export function whenText(
  iso: string,
  now: number = Date.now(),
  t: CliTranslator = cliTranslator(),
): string {
  const date = parsed(iso);
  if (!date) return iso;
  return Math.abs(date.getTime() - now) < 86_400_000 ? relativeTime(iso, now, t) : localTime(iso);
}
