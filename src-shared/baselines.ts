/**
 * Security baselines a server's settings can be compared with (a badge per server, never
 * blocking). Separate from `validateSettings` on purpose: baselines are not advice.
 */

import { formatMinutes } from './duration';
import type { SessionSettings } from './settings';

/** The baselines the app knows. */
export type BaselineId = 'owasp-session' | 'nist-800-63b-aal2' | 'asvs4-l2';

/** One rule of a baseline that the settings miss. */
export interface BaselineMiss {
  rule: string;
  field: string;
  message: string;
}

/** Whether the settings meet one baseline, and each rule they miss. */
export interface BaselineResult {
  id: BaselineId;
  name: string;
  met: boolean;
  misses: BaselineMiss[];
}

/**
 * The longest a session can live under these settings, in minutes: a normal session ends
 * at the earlier of its session and absolute timeouts, a remembered one at the earlier of
 * its remember-me period and the absolute timeout.
 */
export function longestSessionMinutes(settings: SessionSettings): number {
  const { sessionMinutes, absoluteMinutes } = settings.timeouts;
  const normal = Math.min(sessionMinutes, absoluteMinutes);
  const days = settings.persistence.rememberMeDays;
  const remembered = days > 0 ? Math.min(days * 1440, absoluteMinutes) : 0;
  return Math.max(normal, remembered);
}

interface BaselineSpec {
  id: BaselineId;
  name: string;
  idleMin: number;
  idleMax: number;
  overallMin: number;
  overallMax: number;
}

const SPECS: readonly BaselineSpec[] = [
  {
    id: 'owasp-session',
    name: 'OWASP Session Management Cheat Sheet',
    idleMin: 15,
    idleMax: 30,
    overallMin: 240,
    overallMax: 480,
  },
  {
    id: 'nist-800-63b-aal2',
    name: 'NIST SP 800-63B rev 4, AAL2',
    idleMin: 0,
    idleMax: 60,
    overallMin: 0,
    overallMax: 1440,
  },
  {
    id: 'asvs4-l2',
    name: 'OWASP ASVS 4, level 2',
    idleMin: 0,
    idleMax: 30,
    overallMin: 0,
    overallMax: 720,
  },
];

function range(min: number, max: number): string {
  return min > 0
    ? `${formatMinutes(min)} to ${formatMinutes(max)}`
    : `at most ${formatMinutes(max)}`;
}

function evaluate(spec: BaselineSpec, settings: SessionSettings): BaselineResult {
  const misses: BaselineMiss[] = [];
  const idle = settings.timeouts.idleMinutes;
  const idleRule = `idle timeout ${range(spec.idleMin, spec.idleMax)}`;
  if (idle < spec.idleMin || idle > spec.idleMax) {
    misses.push({
      rule: idleRule,
      field: 'timeouts.idleMinutes',
      message: `Idle timeout is ${formatMinutes(idle)}; ${spec.name} asks for ${range(spec.idleMin, spec.idleMax)}.`,
    });
  }
  if (settings.persistence.rememberMeDays > 0) {
    misses.push({
      rule: idleRule,
      field: 'persistence.rememberMeDays',
      message: `Remembered sessions have no idle timeout; ${spec.name} asks for one on every session (turn remember-me off to meet it).`,
    });
  }
  const overall = longestSessionMinutes(settings);
  if (overall < spec.overallMin || overall > spec.overallMax) {
    const field =
      settings.persistence.rememberMeDays > 0 &&
      Math.min(settings.persistence.rememberMeDays * 1440, settings.timeouts.absoluteMinutes) >
        Math.min(settings.timeouts.sessionMinutes, settings.timeouts.absoluteMinutes)
        ? 'persistence.rememberMeDays'
        : settings.timeouts.sessionMinutes <= settings.timeouts.absoluteMinutes
          ? 'timeouts.sessionMinutes'
          : 'timeouts.absoluteMinutes';
    misses.push({
      rule: `overall session lifetime ${range(spec.overallMin, spec.overallMax)}`,
      field,
      message: `A session can last ${formatMinutes(overall)}; ${spec.name} asks for ${range(spec.overallMin, spec.overallMax)}.`,
    });
  }
  return { id: spec.id, name: spec.name, met: misses.length === 0, misses };
}

/** Compares valid settings with each baseline (OWASP, NIST AAL2, ASVS L2). */
export function evaluateBaselines(settings: SessionSettings): BaselineResult[] {
  return SPECS.map((spec) => evaluate(spec, settings));
}
