/**
 * The tray icon, its menu of servers with their state, and the notifications (mass logouts,
 * drift from an assigned profile).
 */

import { Menu, Notification, Tray, nativeImage, type MenuItemConstructorOptions } from 'electron';
import type { PanelId, ServerState, ServerView } from '../../src-shared/domain';
import type { EventMap } from '../../src-shared/ipc-contract';
import { plural } from '../../src-shared/plural';
import { needsAttention } from '../../src-shared/server-health';
import { FIELD_RULES } from '../../src-shared/settings';
import { sectionOf } from '../../src-shared/settings-diff';
import { OPEN_LOGS_LABEL } from './app-menu';
import { NotificationKeeper } from './notification-keeper';

const STATE_WORDS: Record<ServerState, string> = {
  unknown: 'not checked yet',
  connected: 'ok',
  read_only: 'ok, read-only',
  unreachable: 'unreachable',
  auth_failed: 'sign-in failed',
  signed_out_elsewhere: 'signed out by a sign-in elsewhere',
  certificate_untrusted: 'certificate not trusted',
  certificate_changed: 'certificate changed',
  keychain_unavailable: 'keychain unavailable',
  no_credentials: 'needs credentials',
};

/** One line of the tray menu for a server: its name, state and unread mass logouts. */
export function trayLabel(server: ServerView): string {
  const unread = server.status.unreadMassLogouts;
  const environment = server.environment ? ` [${server.environment}]` : '';
  const suffix = unread > 0 ? ` (${plural(unread, 'mass logout')})` : '';
  return `${server.name}${environment}: ${STATE_WORDS[server.status.state]}${suffix}`;
}

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

/** What the tray asks of the rest of the shell. */
export interface TrayActions {
  showWindow(): void;
  navigate(serverId: string, panel: PanelId): void;
  quit(): void;
  /** Opens the folder of the log files (app-menu.ts has the same item). */
  openLogsFolder(): void;
  /** A notification could not be shown (e.g. an unsigned macOS build). */
  notificationFailed(payload: EventMap['events:mass-logout'] | EventMap['events:drift']): void;
}

/** A checkbox of the tray menu for a preference. */
export interface TrayCheckbox {
  label: string;
  checked: boolean;
  onChange(checked: boolean): void;
}

/** Owns the Tray and the notifications; the shell feeds it server lists and events. */
export class TrayController {
  private readonly tray: Tray;
  private readonly shown = new Set<string>();
  private readonly notifications = new NotificationKeeper();
  private servers: ServerView[] = [];
  private options: TrayCheckbox[] = [];

  constructor(
    iconPath: string,
    private readonly actions: TrayActions,
  ) {
    this.tray = new Tray(nativeImage.createFromPath(iconPath));
    this.tray.setToolTip('QuickBox Session Companion');
    this.tray.on('click', () => this.actions.showWindow());
    this.render();
  }

  /** Shows the servers' current states in the menu and tooltip. */
  update(servers: ServerView[]): void {
    this.servers = servers;
    this.render();
  }

  /** Shows these preference checkboxes in the menu, above Open and Quit. */
  setOptions(options: TrayCheckbox[]): void {
    this.options = options;
    this.render();
  }

  /** Shows a native notification for a mass logout, once per server and event id. */
  notifyMassLogout(payload: EventMap['events:mass-logout']): void {
    this.notifyOnce(
      `${payload.serverId}#${payload.event.id}`,
      massLogoutNotice(payload),
      { serverId: payload.serverId, panel: 'operations' },
      payload,
    );
  }

  /**
   * Shows a native notification for a drift, once per server and event id, through the same
   * keeper as mass logouts; a click opens the server at the panel of the first drifted field.
   */
  notifyDrift(payload: EventMap['events:drift']): void {
    const first = payload.fields[0];
    if (!first) return;
    this.notifyOnce(
      `drift:${payload.serverId}#${payload.eventId}`,
      driftNotice(payload),
      { serverId: payload.serverId, panel: sectionOf(first.field) },
      payload,
    );
  }

  /** One notification per key, kept until dealt with; a click opens `target`. */
  private notifyOnce(
    key: string,
    text: { title: string; body: string },
    target: { serverId: string; panel: PanelId },
    payload: EventMap['events:mass-logout'] | EventMap['events:drift'],
  ): void {
    if (this.shown.has(key) || !Notification.isSupported()) return;
    this.shown.add(key);
    const notification = new Notification(text);
    notification.on('click', () => {
      this.actions.showWindow();
      this.actions.navigate(target.serverId, target.panel);
    });
    notification.on('failed', () => this.actions.notificationFailed(payload));
    this.notifications.show(notification);
  }

  /** Tells the admin, once, that closing the window keeps the app running. */
  notifyStillRunning(): void {
    if (!Notification.isSupported()) return;
    this.notifications.show(
      new Notification({
        title: 'QuickBox Session Companion is still running',
        body: 'It keeps watching your servers for mass logouts. Quit it from the tray icon.',
      }),
    );
  }

  /** Removes the tray icon. */
  destroy(): void {
    this.tray.destroy();
  }

  private render(): void {
    const attention = this.servers.filter((server) => needsAttention(server.status)).length;
    this.tray.setToolTip(
      attention > 0
        ? `QuickBox Session Companion: ${plural(attention, 'server')} ${attention === 1 ? 'needs' : 'need'} attention`
        : 'QuickBox Session Companion',
    );
    const serverItems: MenuItemConstructorOptions[] =
      this.servers.length === 0
        ? [{ label: 'No servers yet', enabled: false }]
        : this.servers.map((server) => ({
            label: trayLabel(server),
            click: () => {
              this.actions.showWindow();
              this.actions.navigate(server.id, 'operations');
            },
          }));
    this.tray.setContextMenu(
      Menu.buildFromTemplate([
        ...serverItems,
        { type: 'separator' },
        ...this.options.map((option): MenuItemConstructorOptions => ({
          label: option.label,
          type: 'checkbox',
          checked: option.checked,
          click: (item) => option.onChange(item.checked),
        })),
        { label: 'Open', click: () => this.actions.showWindow() },
        { label: OPEN_LOGS_LABEL, click: () => this.actions.openLogsFolder() },
        { label: 'Quit', click: () => this.actions.quit() },
      ]),
    );
  }
}
