/**
 * What a mass logout or a drift says in a notification, and the notice the grouping takes
 * for it (notice-grouping.ts). Plain code without Electron: the tray and the event-latency
 * benchmark build notices with the same functions.
 */

import type { EventMap } from '../../src-shared/ipc-contract';
import { plural } from '../../src-shared/plural';
import { FIELD_RULES } from '../../src-shared/settings';
import { sectionOf } from '../../src-shared/settings-sections';
import type { Notice } from './notice-grouping';

/** The text of a mass-logout notification. */
export function massLogoutNotice(payload: EventMap['events:mass-logout']): {
  title: string;
  body: string;
} {
  const { event, serverName } = payload;
  const count = event.type === 'sessions.invalidated_all' ? event.data.invalidated : 0;
  const when = new Date(event.at).toLocaleString();
  return {
    title: `Everyone was logged out of ${serverName}`,
    body: `${event.actor} ended ${plural(count, 'session')} at ${when}.`,
  };
}

/** The text of a drift notification: the server, its profile, the fields and who changed them. */
export function driftNotice(payload: EventMap['events:drift']): { title: string; body: string } {
  const fields = payload.fields.map(
    (change) =>
      `${FIELD_RULES[change.field].label} (${String(change.from)} to ${String(change.to)})`,
  );
  const when = new Date(payload.at).toLocaleString();
  return {
    title: `${payload.serverName} drifted from ${payload.profileName}`,
    body: `${payload.actor} changed ${fields.join(', ')} at ${when}.`,
  };
}

/** The notice of a mass logout: one per server and event id. */
export function massLogoutNoticeOf(payload: EventMap['events:mass-logout']): Notice {
  return {
    key: `${payload.serverId}#${payload.event.id}`,
    kind: 'mass-logout',
    serverId: payload.serverId,
    serverName: payload.serverName,
    actor: payload.event.actor,
    at: payload.event.at,
    ...massLogoutNotice(payload),
    target: { serverId: payload.serverId, panel: 'operations' },
  };
}

/**
 * The notice of a drift, one per server and event id, opening the panel of its first field;
 * null for a drift without a field (nothing to say).
 */
export function driftNoticeOf(payload: EventMap['events:drift']): Notice | null {
  const first = payload.fields[0];
  if (!first) return null;
  return {
    key: `drift:${payload.serverId}#${payload.eventId}`,
    kind: 'drift',
    serverId: payload.serverId,
    serverName: payload.serverName,
    actor: payload.actor,
    at: payload.at,
    ...driftNotice(payload),
    target: { serverId: payload.serverId, panel: sectionOf(first.field) },
  };
}
