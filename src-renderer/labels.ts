/**
 * Words the window uses for states, environments and panels.
 */

import type { ConnectionReport, EnvironmentTag, PanelId, ServerState } from '../src-shared/domain';
import { SECTION_LABELS } from '../src-shared/settings-sections';

/** The sidebar wording of each server state. */
export const STATE_LABELS: Record<ServerState, string> = {
  unknown: 'Checking…',
  connected: 'Connected',
  read_only: 'Read-only',
  unreachable: 'Unreachable',
  auth_failed: 'Sign-in failed',
  signed_out_elsewhere: 'Signed out by your sign-in elsewhere',
  certificate_untrusted: 'Certificate not trusted',
  certificate_changed: 'Certificate changed',
  keychain_unavailable: 'Keychain unavailable',
  no_credentials: 'No credentials',
};

/** The wording of each environment tag. */
export const ENVIRONMENT_LABELS: Record<EnvironmentTag, string> = {
  production: 'Production',
  staging: 'Staging',
  test: 'Test',
};

/** The tab label of each panel: a settings panel is named after its section. */
export const PANEL_LABELS: Record<PanelId, string> = {
  ...SECTION_LABELS,
  operations: 'Operations',
  activity: 'Activity',
};

/** A date-time as a short local string ("28 Nov, 14:05"). */
export function formatTime(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return date.toLocaleString('en-GB', {
    day: 'numeric',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
  });
}

/** A date as a short local string with its year ("28 Nov 2026"). */
export function formatDate(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return date.toLocaleDateString('en-GB', { day: 'numeric', month: 'short', year: 'numeric' });
}

/** A connection test result in words. */
export function describeConnection(report: ConnectionReport): string {
  const who =
    report.identity.via === 'api_key'
      ? `with the API key “${report.identity.username}”`
      : `as ${report.identity.username}`;
  const rights = report.canUpdate
    ? 'can read and change session settings.'
    : report.canRead
      ? `can read session settings but not change them (missing ${report.missingPermissions.join(', ')}).`
      : `cannot read session settings (missing ${report.missingPermissions.join(', ')}).`;
  // The rights clause already names any missing permission, so core's summary (which
  // names it too) is not repeated here.
  return `Connected to ${report.server.name} (version ${report.server.version}), signed in ${who}, ${rights}`;
}
