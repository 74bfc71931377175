/**
 * The advice on valid session settings: what QuickBox recommends, shown beside a value and
 * never blocking a save (docs/session-api.md, "The rules of the settings"). The errors, which
 * do block, are checked in settings.ts and settings-leaf.ts.
 */

import { formatMinutes } from './duration';
import { rememberedLifetime } from './session-lifetimes';
import type { SettingsAdviceCode, SettingsField, SettingsIssue } from './settings';

/**
 * The advice about the valid values found in a settings document (`validateSettings` passes
 * the leaves that passed their checks; an invalid or missing one gets no advice).
 */
export function collectAdvice(valid: ReadonlyMap<SettingsField, unknown>): SettingsIssue[] {
  const advice: SettingsIssue[] = [];
  const add = (field: SettingsField, code: SettingsAdviceCode, message: string): void => {
    advice.push({ field, code, message });
  };
  const idle = valid.get('timeouts.idleMinutes') as number | undefined;
  const session = valid.get('timeouts.sessionMinutes') as number | undefined;
  const absolute = valid.get('timeouts.absoluteMinutes') as number | undefined;
  const rememberDays = valid.get('persistence.rememberMeDays') as number | undefined;
  const maxSessions = valid.get('concurrency.maxSessionsPerUser') as number | undefined;
  if (idle !== undefined && (idle < 15 || idle > 30)) {
    add(
      'timeouts.idleMinutes',
      'idle_outside_recommended',
      `QuickBox recommends an idle timeout of 15 to 30 minutes (this is ${formatMinutes(idle)}).`,
    );
  }
  if (session !== undefined && session < 15) {
    add(
      'timeouts.sessionMinutes',
      'session_very_short',
      `A session timeout under 15 minutes (this is ${formatMinutes(session)}) frustrates active users: they are logged out mid-task.`,
    );
  }
  if (maxSessions === 1) {
    add(
      'concurrency.maxSessionsPerUser',
      'single_device',
      'A limit of 1 enforces a single device: logging in on a phone logs the desktop out. A limit of 3 to 5 covers legitimate use.',
    );
  } else if (maxSessions !== undefined && maxSessions > 5) {
    add(
      'concurrency.maxSessionsPerUser',
      'allows_sharing',
      `A limit of 3 to 5 covers legitimate use; ${maxSessions} concurrent sessions make credential sharing easy.`,
    );
  }
  const remembered =
    rememberDays !== undefined && absolute !== undefined
      ? rememberedLifetime(rememberDays, absolute)
      : null;
  if (remembered?.capped) {
    add(
      'persistence.rememberMeDays',
      'remember_me_capped',
      `Remember-me (${formatMinutes(remembered.periodMinutes)}) is longer than the absolute timeout (${formatMinutes(remembered.minutes)}), which caps it: remembered sessions end after ${formatMinutes(remembered.minutes)}.`,
    );
  }
  if (valid.get('persistence.cookie.secure') === false) {
    add(
      'persistence.cookie.secure',
      'cookie_not_secure',
      'Without Secure, the session cookie is also sent over plain HTTP, where it can be intercepted. Turn it on if the dashboard is served over HTTPS.',
    );
  }
  return advice;
}
