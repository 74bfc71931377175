import { describe, expect, it } from 'vitest';
import {
  exceptionHolds,
  exceptionsOf,
  profileDrift,
  type DriftedField,
} from '../../src-shared/drift';
import { DEFAULT_SETTINGS, setField } from '../../src-shared/settings';

const NOW = Date.parse('2026-12-07T12:00:00Z');

function field(name: DriftedField['field'], acceptedUntil: string | null): DriftedField {
  return { field: name, profileValue: 15, serverValue: 45, since: '', by: null, acceptedUntil };
}

describe('the exception rule', () => {
  it('holds until its date, not at it nor after, and never without one', () => {
    expect(exceptionHolds('2026-12-07T12:00:00.001Z', NOW)).toBe(true);
    expect(exceptionHolds('2026-12-07T12:00:00Z', NOW)).toBe(false);
    expect(exceptionHolds('2026-12-06T00:00:00Z', NOW)).toBe(false);
    expect(exceptionHolds(null, NOW)).toBe(false);
    expect(exceptionHolds(undefined, NOW)).toBe(false);
    expect(exceptionHolds('not a date', NOW)).toBe(false);
  });

  it("gives a server's exceptions to the profile it drifted from only", () => {
    const drift = {
      profileId: 'p1',
      fields: [
        field('timeouts.idleMinutes', '2027-01-01T00:00:00Z'),
        field('timeouts.sessionMinutes', null),
        field('concurrency.maxSessionsPerUser', '2026-12-01T00:00:00Z'),
      ],
    };
    expect(exceptionsOf(drift, 'p1')).toEqual({
      'timeouts.idleMinutes': '2027-01-01T00:00:00Z',
      'concurrency.maxSessionsPerUser': '2026-12-01T00:00:00Z',
    });
    expect(exceptionsOf(drift, 'p2')).toEqual({});
    expect(exceptionsOf(drift, null)).toEqual({});
    expect(exceptionsOf(null, 'p1')).toEqual({});
  });

  it('counts as drift what differs from the profile, less the exceptions that still hold', () => {
    let server = setField(DEFAULT_SETTINGS, 'timeouts.idleMinutes', 45);
    server = setField(server, 'concurrency.maxSessionsPerUser', 9);
    server = setField(server, 'timeouts.sessionMinutes', 600);
    const exceptions = {
      'timeouts.idleMinutes': '2027-01-01T00:00:00Z',
      'concurrency.maxSessionsPerUser': '2026-12-01T00:00:00Z',
    };
    const drift = profileDrift(DEFAULT_SETTINGS, server, exceptions, NOW);
    expect(drift.differences.map((change) => change.field)).toEqual([
      'timeouts.sessionMinutes',
      'concurrency.maxSessionsPerUser',
    ]);
    expect(drift.accepted).toEqual([{ field: 'timeouts.idleMinutes', from: 30, to: 45 }]);
    expect(profileDrift(DEFAULT_SETTINGS, server, undefined, NOW).differences).toHaveLength(3);
    expect(profileDrift(server, server, exceptions, NOW)).toEqual({
      differences: [],
      accepted: [],
    });
  });
});
