/**
 * Security baselines a server's settings can be compared with (a badge per server, never
 * blocking). Separate from `validateSettings` on purpose: baselines are not advice.
 */

import { formatMinutes } from './duration';
import { sessionLifetimes } from './session-lifetimes';
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
  const lifetimes = sessionLifetimes(settings);
  const idle = settings.timeouts.idleMinutes;
  const idleRule = `idle timeout ${range(spec.idleMin, spec.idleMax)}`;
  if (idle < spec.idleMin || idle > spec.idleMax) {
    misses.push({
      rule: idleRule,
      field: 'timeouts.idleMinutes',
      message: `Idle timeout is ${formatMinutes(idle)}; ${spec.name} asks for ${range(spec.idleMin, spec.idleMax)}.`,
    });
  }
  if (lifetimes.remembered) {
    misses.push({
      rule: idleRule,
      field: 'persistence.rememberMeDays',
      message: `Remembered sessions have no idle timeout; ${spec.name} asks for one on every session (turn remember-me off to meet it).`,
    });
  }
  const overall = lifetimes.longestMinutes;
  if (overall < spec.overallMin || overall > spec.overallMax) {
    // The miss names the value that sets the longest lifetime, so the admin changes that one.
    const field =
      lifetimes.remembered && lifetimes.remembered.minutes > lifetimes.normalMinutes
        ? 'persistence.rememberMeDays'
        : lifetimes.normalCapped
          ? 'timeouts.absoluteMinutes'
          : 'timeouts.sessionMinutes';
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
