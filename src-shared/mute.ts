/**
 * Per-server mute of notifications: for an hour, or until the next morning. Plain functions
 * of a clock, shared by core (which stores the end and drops it once past), the shell
 * (which asks whether a server is muted right now) and the renderer (which shows it).
 */

/** What the admin can ask for: an hour, until tomorrow morning, or an end to the mute. */
export const MUTE_CHOICES = ['hour', 'tomorrow'] as const;
export type MuteChoice = (typeof MUTE_CHOICES)[number];

/** The local hour at which "until tomorrow" ends: the start of a working day. */
export const MORNING_HOUR = 8;

const HOUR_MS = 60 * 60 * 1000;

/**
 * When a mute asked for at `now` ends (milliseconds since the epoch). "Tomorrow" is the next
 * 08:00 local time that is more than an hour away, so it never ends sooner than "an hour":
 * at 02:00 it is 08:00 the same morning (the admin's night is not over), at 07:30 or in the
 * afternoon it is 08:00 of the next day. Local time includes daylight saving changes.
 */
export function muteEnd(choice: MuteChoice, now: number): number {
  if (choice === 'hour') return now + HOUR_MS;
  const morning = new Date(now);
  morning.setHours(MORNING_HOUR, 0, 0, 0);
  while (morning.getTime() <= now + HOUR_MS) morning.setDate(morning.getDate() + 1);
  return morning.getTime();
}

/** The end of a mute still in force at `now` (ISO), or null: a past end is no mute at all. */
export function activeMute(mutedUntil: string | null | undefined, now: number): string | null {
  // Stryker disable next-line ConditionalExpression: equivalent, without the early return Date.parse of null, undefined or "" is NaN and the end is refused below
  if (!mutedUntil) return null;
  const end = Date.parse(mutedUntil);
  return Number.isFinite(end) && end > now ? mutedUntil : null;
}

/** "until Tue 08:00": the end of a mute in local time, in words for a menu. */
export function muteUntilText(mutedUntil: string): string {
  const end = new Date(mutedUntil);
  const day = end.toLocaleDateString([], { weekday: 'short' });
  return `until ${day} ${end.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })}`;
}
