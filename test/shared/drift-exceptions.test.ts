import { describe, expect, it } from 'vitest';
import { acceptedFields, exceptionHolds, type DriftedField } from '../../src-shared/drift';

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

  it("gives the accepted fields of a server's drift against the profile it drifted from only", () => {
    const drift = {
      profileId: 'p1',
      fields: [
        field('timeouts.idleMinutes', '2027-01-01T00:00:00Z'),
        field('timeouts.sessionMinutes', null),
        field('concurrency.maxSessionsPerUser', '2026-12-01T00:00:00Z'),
      ],
    };
    expect([...acceptedFields(drift, 'p1', NOW)]).toEqual(['timeouts.idleMinutes']);
    expect([...acceptedFields(drift, 'p2', NOW)]).toEqual([]);
    expect([...acceptedFields(drift, null, NOW)]).toEqual([]);
  });
});
