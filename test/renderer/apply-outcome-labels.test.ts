import { describe, expect, it } from 'vitest';
import { failureSummary, outcomeDetail, outcomeLabel } from '../../src-renderer/fleet/fleet-labels';
import { failedOutcomes } from '../../src-renderer/state/apply-flow';
import type { ApplyOutcome } from '../../src-shared/fleet';
import { windowTranslator } from './translator';

const t = windowTranslator('en');

const common = { serverId: 's', name: 'Box', environment: null };

describe('the apply results of a save whose answer was lost', () => {
  it('says an applied save whose answer was lost was read back', () => {
    const outcome: ApplyOutcome = {
      ...common,
      kind: 'applied',
      version: 7,
      changed: ['timeouts.idleMinutes'],
      answerLost: true,
    };
    expect(outcomeDetail(t, outcome)).toBe(
      "Saved as version 7: Idle timeout. The server's answer was lost; read back, the values sent are there.",
    );
    expect(failedOutcomes([outcome])).toEqual([]);
  });

  it('labels "unknown", counts it as failed, and does not call it left as it was', () => {
    const unknown: ApplyOutcome = {
      ...common,
      kind: 'unknown',
      message: 'No answer in time: the change may or may not have been saved.',
    };
    const unreachable: ApplyOutcome = {
      ...common,
      serverId: 't',
      kind: 'unreachable',
      code: 'unreachable',
      message: 'Read back: still version 3: nothing was changed.',
    };
    expect(outcomeLabel(t, 'unknown')).toBe('Outcome unknown');
    expect(outcomeDetail(t, unknown)).toBe(unknown.message);
    const failed = failedOutcomes([unknown, unreachable]);
    expect(failed).toHaveLength(2);
    expect(failureSummary(t, failed)).toBe(
      '1 server failed and was left exactly as it was: Box. 1 server may or may not have been saved: Box. Check it before retrying.',
    );
    expect(failureSummary(t, [unknown])).not.toContain('left exactly as');
  });
});
