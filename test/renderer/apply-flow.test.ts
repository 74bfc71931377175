import { describe, expect, it } from 'vitest';
import {
  failedOutcomes,
  outcomeCounts,
  productionTargets,
  stepAfterConfirm,
  usableWaves,
  withServerEntry,
  writableTargets,
} from '../../src-renderer/state/apply-flow';
import type { PlanTarget } from '../../src-shared/fleet';
import { applied, changeTarget, conflict, plan } from './fleet-fixtures';

const match: PlanTarget = {
  serverId: 'm',
  name: 'Box m',
  environment: 'production',
  status: 'match',
  version: 2,
};
const unreadable: PlanTarget = {
  serverId: 'u',
  name: 'Box u',
  environment: 'production',
  status: 'unreadable',
  problem: { kind: 'unreachable', code: 'unreachable', message: 'No answer.' },
};

describe('the apply flow', () => {
  const mixed = plan('p', [
    changeTarget('a', 'production'),
    changeTarget('b', 'staging'),
    match,
    unreadable,
  ]);

  it('writes only the targets with changes', () => {
    expect(writableTargets(mixed).map((target) => target.serverId)).toEqual(['a', 'b']);
  });

  it('names the production servers it would write, not those it skips or cannot read', () => {
    expect(productionTargets(mixed)).toEqual(['Box a']);
  });

  it('asks a second time when production servers would be written, then applies', () => {
    expect(stepAfterConfirm('confirm', mixed)).toBe('confirm-production');
    expect(stepAfterConfirm('confirm-production', mixed)).toBe('applying');
    const staging = plan('s', [changeTarget('b', 'staging'), match]);
    expect(stepAfterConfirm('confirm', staging)).toBe('applying');
  });

  it('keeps one entry per server, the latest last', () => {
    const list = withServerEntry(withServerEntry([applied('a')], conflict('b')), applied('b'));
    expect(list.map((outcome) => [outcome.serverId, outcome.kind])).toEqual([
      ['a', 'applied'],
      ['b', 'applied'],
    ]);
  });

  it('counts outcomes by kind and picks out the failed ones', () => {
    const outcomes = [applied('a'), conflict('b'), applied('c')];
    expect(outcomeCounts(outcomes)).toEqual({ applied: 2, conflict: 1 });
    expect(failedOutcomes(outcomes).map((outcome) => outcome.serverId)).toEqual(['b']);
  });

  it('drops waves whose canary the apply would not write', () => {
    const waves = { canaryServerId: 'b', maxFailures: 1 };
    expect(usableWaves(waves, mixed)).toBe(waves);
    expect(usableWaves({ ...waves, canaryServerId: 'm' }, mixed)).toBeNull();
    expect(usableWaves(null, mixed)).toBeNull();
  });
});
