/**
 * Words the window uses for states, environments and panels, in the language shown.
 */

import type { ConnectionReport, EnvironmentTag, PanelId, ServerState } from '../src-shared/domain';
import type { WindowMessageId } from '../src-shared/i18n/message-ids';
import { SECTION_LABELS } from '../src-shared/settings-sections';
import type { WindowTranslator } from './i18n/translator-context';

/** The id of each server state's wording (shared with the tray and qbsc). */
const STATE_IDS: Record<ServerState, WindowMessageId> = {
  unknown: 'common.state.unknown',
  connected: 'common.state.connected',
  read_only: 'common.state.read_only',
  unreachable: 'common.state.unreachable',
  auth_failed: 'common.state.auth_failed',
  signed_out_elsewhere: 'common.state.signed_out_elsewhere',
  certificate_untrusted: 'common.state.certificate_untrusted',
  certificate_changed: 'common.state.certificate_changed',
  keychain_unavailable: 'common.state.keychain_unavailable',
  no_credentials: 'common.state.no_credentials',
};

/** The id of each environment's name. */
const ENVIRONMENT_IDS: Record<EnvironmentTag, WindowMessageId> = {
  production: 'common.environment.production',
  staging: 'common.environment.staging',
  test: 'common.environment.test',
};

/** The id of each panel's tab label: a settings panel is named after its section. */
const PANEL_IDS: Record<PanelId, WindowMessageId> = {
  timeouts: 'common.section.timeouts',
  persistence: 'common.section.persistence',
  concurrency: 'common.section.concurrency',
  operations: 'app.panel.operations',
  activity: 'app.panel.activity',
};

/** A server state in words. */
export function stateLabel(t: WindowTranslator, state: ServerState): string {
  return t.t(STATE_IDS[state]);
}

/** An environment's name. */
export function environmentLabel(t: WindowTranslator, environment: EnvironmentTag): string {
  return t.t(ENVIRONMENT_IDS[environment]);
}

/** A panel's tab label. */
export function panelLabel(t: WindowTranslator, panel: PanelId): string {
  return t.t(PANEL_IDS[panel]);
}

/** A date-time as a short local string ("28 Nov, 14:05"). */
export function localTime(t: WindowTranslator, iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return t.dateTime(date, { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' });
}

/** A date as a short local string with its year ("28 Nov 2026"). */
export function localDate(t: WindowTranslator, iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return t.dateTime(date, { day: 'numeric', month: 'short', year: 'numeric' });
}

/** A connection test result in words. */
export function describeConnection(t: WindowTranslator, report: ConnectionReport): string {
  const missing = t.list(report.missingPermissions);
  const rights = report.canUpdate ? 'update' : report.canRead ? 'read' : 'none';
  // The rights clause already names any missing permission, so core's summary (which
  // names it too) is not repeated here.
  return t.t('app.connection.summary', {
    name: report.server.name,
    version: report.server.version,
    via: report.identity.via === 'api_key' ? 'api_key' : 'password',
    username: report.identity.username,
    rights,
    missing,
  });
}

// The English wording below is kept for the parts of the window not yet translated (the
// fleet view and the activity panel); they move to the functions above as they are.

/** The sidebar wording of each server state (English). */
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

/** The wording of each environment tag (English). */
export const ENVIRONMENT_LABELS: Record<EnvironmentTag, string> = {
  production: 'Production',
  staging: 'Staging',
  test: 'Test',
};

/** The tab label of each panel (English). */
export const PANEL_LABELS: Record<PanelId, string> = {
  ...SECTION_LABELS,
  operations: 'Operations',
  activity: 'Activity',
};

/** A date-time as a short English string ("28 Nov, 14:05"). */
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
