// Verdicts on a drift record are kept per field: a record that drifted two fields takes one
// verdict for each, and the first verdict on a field stands.
import { describe, expect, it } from 'vitest';
import { withVerdict, type DriftRecord, type DriftVerdict } from '../../src-shared/drift';

const record: DriftRecord = {
  eventId: 7,
  at: '2026-12-07T10:00:00.000Z',
  actor: 'automation',
  fields: [
    { field: 'timeouts.idleMinutes', from: 30, to: 45 },
    { field: 'timeouts.sessionMinutes', from: 480, to: 600 },
  ],
  notified: true,
  verdicts: [],
};

function verdict(field: DriftVerdict['field'], kind: DriftVerdict['kind']): DriftVerdict {
  return { field, kind, at: '2026-12-07T11:00:00.000Z', by: null, until: null };
}

describe('withVerdict on a record that drifted several fields', () => {
  it('takes a verdict on each of its fields, in the order they came', () => {
    const adopted = verdict('timeouts.sessionMinutes', 'adopted');
    const reverted = verdict('timeouts.idleMinutes', 'reverted');
    const history = withVerdict(withVerdict([record], adopted), reverted);
    expect(history[0]?.verdicts).toEqual([adopted, reverted]);
  });

  it('keeps the first verdict on a field and ignores a later one on the same field', () => {
    const adopted = verdict('timeouts.sessionMinutes', 'adopted');
    const once = withVerdict([record], adopted);
    const twice = withVerdict(once, verdict('timeouts.sessionMinutes', 'reverted'));
    expect(twice[0]?.verdicts).toEqual([adopted]);
  });
});
