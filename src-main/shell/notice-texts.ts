/**
 * What a mass logout or a drift says in a notification, and the notice the grouping takes
 * for it (notice-grouping.ts). Plain code without Electron: the tray and the event-latency
 * benchmark build notices with the same functions.
 */

import type { EventMap } from '../../src-shared/ipc-contract';
import { FIELD_RULES } from '../../src-shared/settings';
import { sectionOf } from '../../src-shared/settings-sections';
import type { Notice } from './notice-grouping';
import type { ShellTranslator } from './shell-language';

/** The text of a mass-logout notification, in the translator's language. */
export function massLogoutNotice(
  payload: EventMap['events:mass-logout'],
  t: ShellTranslator,
): { title: string; body: string } {
  const { event, serverName } = payload;
  const count = event.type === 'sessions.invalidated_all' ? event.data.invalidated : 0;
  return {
    title: t.t('shell.notice.massLogout.title', { server: serverName }),
    body: t.t('shell.notice.massLogout.body', {
      actor: event.actor,
      count,
      time: t.dateTime(event.at),
    }),
  };
}

/** The text of a drift notification: the server, its profile, the fields and who changed them. */
export function driftNotice(
  payload: EventMap['events:drift'],
  t: ShellTranslator,
): { title: string; body: string } {
  const fields = payload.fields.map((change) =>
    t.t('shell.notice.drift.field', {
      field: FIELD_RULES[change.field].label,
      from: String(change.from),
      to: String(change.to),
    }),
  );
  return {
    title: t.t('shell.notice.drift.title', {
      server: payload.serverName,
      profile: payload.profileName,
    }),
    body: t.t('shell.notice.drift.body', {
      actor: payload.actor,
      fields: t.list(fields),
      time: t.dateTime(payload.at),
    }),
  };
}

/** The notice of a mass logout: one per server and event id, worded in `t`'s language. */
export function massLogoutNoticeOf(
  payload: EventMap['events:mass-logout'],
  t: ShellTranslator,
): Notice {
  return {
    key: `${payload.serverId}#${payload.event.id}`,
    kind: 'mass-logout',
    serverId: payload.serverId,
    serverName: payload.serverName,
    actor: payload.event.actor,
    at: payload.event.at,
    ...massLogoutNotice(payload, t),
    target: { serverId: payload.serverId, panel: 'operations' },
  };
}

/**
 * The notice of a drift, one per server and event id, opening the panel of its first field;
 * null for a drift without a field (nothing to say).
 */
export function driftNoticeOf(
  payload: EventMap['events:drift'],
  t: ShellTranslator,
): Notice | null {
  const first = payload.fields[0];
  if (!first) return null;
  return {
    key: `drift:${payload.serverId}#${payload.eventId}`,
    kind: 'drift',
    serverId: payload.serverId,
    serverName: payload.serverName,
    actor: payload.actor,
    at: payload.at,
    ...driftNotice(payload, t),
    target: { serverId: payload.serverId, panel: sectionOf(first.field) },
  };
}
