import { describe, expect, it } from 'vitest';
import type { ServerState, ServerStatus } from '../../src-shared/domain';
import { isHealthyState, isTroubleState, needsAttention } from '../../src-shared/server-health';

const EVERY_STATE: Record<ServerState, 'healthy' | 'pending' | 'trouble'> = {
  unknown: 'pending',
  connected: 'healthy',
  read_only: 'healthy',
  unreachable: 'trouble',
  auth_failed: 'trouble',
  signed_out_elsewhere: 'trouble',
  certificate_untrusted: 'trouble',
  certificate_changed: 'trouble',
  keychain_unavailable: 'trouble',
  no_credentials: 'trouble',
};

function status(state: ServerState, unreadMassLogouts = 0): ServerStatus {
  return { state, message: null, checkedAt: null, unreadMassLogouts };
}

describe('server health', () => {
  it.each(Object.entries(EVERY_STATE) as [ServerState, string][])('%s is %s', (state, health) => {
    expect(isHealthyState(state)).toBe(health === 'healthy');
    expect(isTroubleState(state)).toBe(health === 'trouble');
  });

  it('asks for attention for a state in trouble, not for one that is unchecked or healthy', () => {
    expect(needsAttention(status('unreachable'))).toBe(true);
    expect(needsAttention(status('unknown'))).toBe(false);
    expect(needsAttention(status('read_only'))).toBe(false);
  });

  it('asks for attention for unread mass logouts, even on a healthy server', () => {
    expect(needsAttention(status('connected', 1))).toBe(true);
  });
});
