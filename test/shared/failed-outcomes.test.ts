// Which apply outcomes count as failures: what the waves count and retry-failed plans again.
import { describe, expect, it } from 'vitest';
import {
  FAILED_OUTCOME_KINDS,
  SERVER_PROBLEM_KINDS,
  isFailedOutcome,
  type ApplyOutcome,
} from '../../src-shared/fleet';

const target = { serverId: 'box-a', name: 'Box A', environment: null };

describe('isFailedOutcome', () => {
  it('counts a conflict, an invalid save, a failed verification and an unknown result', () => {
    const outcomes: ApplyOutcome[] = [
      { ...target, kind: 'conflict', message: 'm', current: {} as never },
      { ...target, kind: 'invalid', message: 'm', errors: [] },
      { ...target, kind: 'verify_failed', message: 'm', version: 2, mismatched: [] },
      { ...target, kind: 'unknown', message: 'm' },
    ];
    expect(outcomes.map(isFailedOutcome)).toEqual([true, true, true, true]);
  });

  it('counts every state of a server that could not be reached or written', () => {
    const kinds = ['unreachable', 'forbidden', 'not_signed_in', 'certificate_blocked', 'failed'];
    expect([...SERVER_PROBLEM_KINDS]).toEqual(kinds);
    for (const kind of SERVER_PROBLEM_KINDS) {
      const outcome: ApplyOutcome = { ...target, kind, code: 'unreachable', message: 'm' };
      expect(isFailedOutcome(outcome)).toBe(true);
    }
  });

  it('does not count an applied, skipped or not attempted target', () => {
    const outcomes: ApplyOutcome[] = [
      { ...target, kind: 'applied', version: 3, changed: ['timeouts.idleMinutes'] },
      { ...target, kind: 'skipped', reason: 'matches' },
      { ...target, kind: 'not_attempted', reason: 'waves stopped' },
    ];
    expect(outcomes.map(isFailedOutcome)).toEqual([false, false, false]);
    expect(FAILED_OUTCOME_KINDS).toHaveLength(4 + SERVER_PROBLEM_KINDS.length);
  });
});
