/**
 * When a session ends under given settings: the one statement of the contract's session
 * semantics that the advice, the baselines, the lifetime picture and the reference server's
 * login all read (docs/session-api.md, "Sessions").
 */

import { MINUTES_PER_UNIT } from './duration';
import type { SessionSettings } from './settings';

/** How long a remembered session lives, and whether the absolute timeout cut it short. */
export interface RememberedLifetime {
  /** How long after login it ends. */
  minutes: number;
  /** The remember-me period as set, in minutes. */
  periodMinutes: number;
  /** The absolute timeout is shorter than the remember-me period, so it ends the session. */
  capped: boolean;
}

/** The lifetimes of a session that starts now, in minutes after login. */
export interface SessionLifetimes {
  /** A normal session without activity ends this long after login (the idle limit, or earlier). */
  normalIdleMinutes: number;
  /** A normal session ends this long after login at the latest, however active it is. */
  normalMinutes: number;
  /** The absolute timeout, not the session timeout, ends a normal session. */
  normalCapped: boolean;
  /** A remembered session's lifetime; null when remember-me is off (every session is normal). */
  remembered: RememberedLifetime | null;
  /** The longest any session can live under these settings. */
  longestMinutes: number;
}

/**
 * The lifetime of a remembered session: its remember-me period, capped by the absolute
 * timeout; null when remember-me is off (0 days). Exported on its own for the advice, which
 * judges the two values it has even when the session timeout is invalid.
 */
export function rememberedLifetime(
  rememberMeDays: number,
  absoluteMinutes: number,
): RememberedLifetime | null {
  if (rememberMeDays <= 0) return null;
  const period = rememberMeDays * MINUTES_PER_UNIT.day;
  return {
    minutes: Math.min(period, absoluteMinutes),
    periodMinutes: period,
    capped: absoluteMinutes < period,
  };
}

/**
 * When a session that starts now ends: a normal one at the earliest of its idle, session and
 * absolute limits, a remembered one at the earlier of its remember-me period and the absolute
 * timeout (it has no idle limit).
 */
export function sessionLifetimes(settings: SessionSettings): SessionLifetimes {
  const { idleMinutes, sessionMinutes, absoluteMinutes } = settings.timeouts;
  const normalMinutes = Math.min(sessionMinutes, absoluteMinutes);
  const remembered = rememberedLifetime(settings.persistence.rememberMeDays, absoluteMinutes);
  return {
    normalIdleMinutes: Math.min(idleMinutes, normalMinutes),
    normalMinutes,
    normalCapped: absoluteMinutes < sessionMinutes,
    remembered,
    longestMinutes: Math.max(normalMinutes, remembered?.minutes ?? 0),
  };
}
