import { describe, expect, it } from 'vitest';
import { withVerdict, type DriftRecord, type DriftVerdict } from '../../src-shared/drift';

function record(eventId: number, fields: DriftRecord['fields'][number]['field'][]): DriftRecord {
  return {
    eventId,
    at: `2026-11-28T1${eventId}:00:00.000Z`,
    actor: 'automation',
    fields: fields.map((field) => ({ field, from: 1, to: 2 })),
    notified: true,
    verdicts: [],
  };
}

const reverted: DriftVerdict = {
  field: 'timeouts.idleMinutes',
  kind: 'reverted',
  at: '2026-11-28T15:00:00.000Z',
  by: 'admin',
  until: null,
};

describe('withVerdict', () => {
  it('writes the verdict on the newest record that drifted the field, and only once', () => {
    const history = [
      record(3, ['concurrency.maxSessionsPerUser']),
      record(2, ['timeouts.idleMinutes', 'timeouts.sessionMinutes']),
      record(1, ['timeouts.idleMinutes']),
    ];

    const judged = withVerdict(history, reverted);
    const again = withVerdict(judged, { ...reverted, kind: 'adopted', by: null });

    expect(judged.map((entry) => entry.verdicts.length)).toEqual([0, 1, 0]);
    expect(judged[1]?.verdicts).toEqual([reverted]);
    expect(again).toEqual(judged);
    expect(history[1]?.verdicts).toEqual([]);
  });

  it('leaves a history without that field as it is', () => {
    const history = [record(1, ['persistence.cookie.path'])];
    expect(withVerdict(history, reverted)).toEqual(history);
  });
});
