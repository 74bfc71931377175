import { describe, expect, it } from 'vitest';
import type { ServerState, ServerStatus } from '../../src-shared/domain';
import { isHealthyState, isTroubleState, needsAttention } from '../../src-shared/server-health';

const HEALTHY: ServerState[] = ['connected', 'read_only'];
const TROUBLE: ServerState[] = [
  'unreachable',
  'auth_failed',
  'signed_out_elsewhere',
  'certificate_untrusted',
  'certificate_changed',
  'keychain_unavailable',
  'no_credentials',
];

function status(state: ServerState, unreadMassLogouts = 0): ServerStatus {
  return { state, message: null, checkedAt: null, unreadMassLogouts };
}

describe('server health', () => {
  it.each(HEALTHY)('%s is healthy, not trouble', (state) => {
    expect(isHealthyState(state)).toBe(true);
    expect(isTroubleState(state)).toBe(false);
  });

  it.each(TROUBLE)('%s is trouble, not healthy', (state) => {
    expect(isHealthyState(state)).toBe(false);
    expect(isTroubleState(state)).toBe(true);
  });

  it('an unchecked server is neither healthy nor in trouble', () => {
    expect(isHealthyState('unknown')).toBe(false);
    expect(isTroubleState('unknown')).toBe(false);
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
