/**
 * `--since`: a time back from now (`90s`, `30m`, `2h`, `7d`) or a date and time (ISO 8601,
 * `2026-12-07T08:00`, read in the local time zone when it has none), as milliseconds since
 * the epoch.
 */

import { usage } from './failure';

const UNIT_MS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** The instant `--since <text>` names, at `now`. */
export function sinceTime(text: string, now: number = Date.now()): number {
  const relative = /^(\d+(?:\.\d+)?)\s*(s|m|min|h|d)$/i.exec(text.trim());
  if (relative) {
    const unit = (relative[2] ?? 's').toLowerCase().slice(0, 1);
    return now - Number(relative[1]) * (UNIT_MS[unit] ?? 1000);
  }
  if (/^\d{4}-\d{2}-\d{2}/.test(text.trim())) {
    const at = Date.parse(text.trim());
    if (Number.isFinite(at)) return at;
  }
  throw usage(
    `--since takes a time back (90s, 30m, 2h, 7d) or a date (2026-12-07T08:00), not "${text}".`,
  );
}
