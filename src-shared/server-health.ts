/**
 * Whether a server's state is healthy: the one rule the sidebar, the tray, the store and
 * core read. Each state is classified once in a table, so a new state cannot be added
 * without saying what it means for the admin.
 */

import type { ServerState, ServerStatus } from './domain';

/** What a state means for the admin. */
type ServerHealth =
  /** Signed in and usable (read-only counts: reading works). */
  | 'healthy'
  /** Not known yet: the first check has not answered. */
  | 'pending'
  /** A problem the admin must act on. */
  | 'trouble';

const HEALTH: Record<ServerState, ServerHealth> = {
  // Stryker disable next-line StringLiteral: equivalent, only 'healthy' and 'trouble' are ever compared, so another word for pending reads the same
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

/** Whether the app is signed in to the server and can use it (read-only included). */
export function isHealthyState(state: ServerState): boolean {
  return HEALTH[state] === 'healthy';
}

/** Whether a state is a problem the admin must act on (not merely unchecked yet). */
export function isTroubleState(state: ServerState): boolean {
  return HEALTH[state] === 'trouble';
}

/** Whether a server asks for the admin's attention: a state in trouble, or unread mass logouts. */
export function needsAttention(status: ServerStatus): boolean {
  return status.unreadMassLogouts > 0 || isTroubleState(status.state);
}
