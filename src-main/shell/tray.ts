/**
 * The tray icon, its menu of servers with their state (each with Open and its mute), and
 * the notifications (mass logouts, drift from an assigned profile). Which notification to
 * show is decided by notice-grouping.ts; a muted server or "do not disturb" shows none.
 */

import { Menu, Notification, Tray, nativeImage, type MenuItemConstructorOptions } from 'electron';
import type { ServerState, ServerView } from '../../src-shared/domain';
import type { EventMap } from '../../src-shared/ipc-contract';
import { activeMute, muteUntilText, type MuteChoice } from '../../src-shared/mute';
import { agree, plural } from '../../src-shared/plural';
import { needsAttention } from '../../src-shared/server-health';
import { OPEN_LOGS_LABEL } from './app-menu';
import {
  NoticeGrouper,
  REAL_CLOCK,
  DEFAULT_GROUPING,
  type GroupingClock,
  type GroupingOptions,
  type NoticeDisplay,
  type NoticeTarget,
} from './notice-grouping';
import { driftNoticeOf, massLogoutNoticeOf } from './notice-texts';
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

/** The label of "do not disturb" in the tray menu. */
export const DO_NOT_DISTURB_LABEL = 'Do not disturb';

/** The tray's words for the mute choices. */
export const MUTE_LABELS: Record<MuteChoice, string> = {
  hour: 'Mute for an hour',
  tomorrow: 'Mute until tomorrow morning',
};

/** One line of the tray menu for a server: its name, state, unread mass logouts and mute. */
export function trayLabel(server: ServerView): string {
  const unread = server.status.unreadMassLogouts;
  const environment = server.environment ? ` [${server.environment}]` : '';
  const suffix = unread > 0 ? ` (${plural(unread, 'mass logout')})` : '';
  const muted = server.mutedUntil ? ' · muted' : '';
  return `${server.name}${environment}: ${STATE_WORDS[server.status.state]}${suffix}${muted}`;
}

/** What the tray asks of the rest of the shell. */
export interface TrayActions {
  showWindow(): void;
  /** Shows a server's panel, or the fleet-wide activity (a group's notification). */
  navigate(target: NoticeTarget): void;
  quit(): void;
  /** Opens the folder of the log files (app-menu.ts has the same item). */
  openLogsFolder(): void;
  /** A notification could not be shown (e.g. an unsigned macOS build). */
  notificationFailed(): void;
  /** Mutes a server's notifications, or ends its mute (null), through core. */
  mute(serverId: string, until: MuteChoice | null): void;
}

/** A checkbox of the tray menu for a preference. */
export interface TrayCheckbox {
  label: string;
  checked: boolean;
  onChange(checked: boolean): void;
}

/** How the tray's notifications are grouped (tests pass a fake clock). */
export interface TrayGrouping {
  clock: GroupingClock;
  options: GroupingOptions;
}

/** Owns the Tray and the notifications; the shell feeds it server lists and events. */
export class TrayController {
  private readonly tray: Tray;
  private readonly notifications = new NotificationKeeper();
  private readonly grouper: NoticeGrouper;
  private readonly clock: GroupingClock;
  private servers: ServerView[] = [];
  private mutes = new Map<string, string | null>();
  private options: TrayCheckbox[] = [];
  private doNotDisturb = false;
  /** The notification on screen now: a group's update replaces it. */
  private onScreen: { id: number; notification: Notification } | null = null;

  constructor(
    iconPath: string,
    private readonly actions: TrayActions,
    grouping: TrayGrouping = { clock: REAL_CLOCK, options: DEFAULT_GROUPING },
  ) {
    this.clock = grouping.clock;
    this.grouper = new NoticeGrouper(
      (display) => this.display(display),
      (serverId) => this.silenced(serverId),
      grouping.clock,
      grouping.options,
    );
    this.tray = new Tray(nativeImage.createFromPath(iconPath));
    this.tray.setToolTip('QuickBox Session Companion');
    this.tray.on('click', () => this.actions.showWindow());
    this.render();
  }

  /** Shows the servers' current states (and mutes) in the menu and tooltip. */
  update(servers: ServerView[]): void {
    this.servers = servers;
    this.mutes = new Map(servers.map((server) => [server.id, server.mutedUntil]));
    this.render();
  }

  /** Shows these preference checkboxes in the menu, above Open and Quit. */
  setOptions(options: TrayCheckbox[]): void {
    this.options = options;
    this.render();
  }

  /** While on, no native notification is shown at all (the unread counts still count). */
  setDoNotDisturb(on: boolean): void {
    this.doNotDisturb = on;
  }

  /** Offers a mass logout to the grouping: shown once per server and event id. */
  notifyMassLogout(payload: EventMap['events:mass-logout']): void {
    this.grouper.offer(massLogoutNoticeOf(payload));
  }

  /**
   * Offers a drift to the same grouping as mass logouts, once per server and event id; on
   * its own, a click opens the server at the panel of the first drifted field.
   */
  notifyDrift(payload: EventMap['events:drift']): void {
    const notice = driftNoticeOf(payload);
    if (notice) this.grouper.offer(notice);
  }

  /** Whether a server's notifications are silenced now: do not disturb, or its mute. */
  private silenced(serverId: string): boolean {
    return this.doNotDisturb || activeMute(this.mutes.get(serverId), this.clock.now()) !== null;
  }

  /** Shows what the grouping decided, in place of the notification it replaces. */
  private display(display: NoticeDisplay): void {
    if (!Notification.isSupported()) return;
    if (display.replaces !== null && this.onScreen?.id === display.replaces) {
      this.onScreen.notification.close();
    }
    const notification = new Notification({
      title: display.title,
      body: display.body,
      silent: display.silent,
    });
    notification.on('click', () => {
      this.actions.showWindow();
      this.actions.navigate(display.target);
    });
    notification.on('failed', () => this.actions.notificationFailed());
    this.notifications.show(notification);
    this.onScreen = { id: display.id, notification };
  }

  /**
   * Tells the admin that closing the window keeps the app running; whether it was shown (not
   * while "do not disturb" is on, so it can be shown another time).
   */
  notifyStillRunning(): boolean {
    if (this.doNotDisturb || !Notification.isSupported()) return false;
    this.notifications.show(
      new Notification({
        title: 'QuickBox Session Companion is still running',
        body: 'It keeps watching your servers for mass logouts. Quit it from the tray icon.',
      }),
    );
    return true;
  }

  /** Removes the tray icon and stops a pending group update. */
  destroy(): void {
    this.grouper.dispose();
    this.tray.destroy();
  }

  private render(): void {
    const attention = this.servers.filter((server) => needsAttention(server.status)).length;
    this.tray.setToolTip(
      attention > 0
        ? `QuickBox Session Companion: ${plural(attention, 'server')} ${agree(attention, 'needs', 'need')} attention`
        : 'QuickBox Session Companion',
    );
    const serverItems: MenuItemConstructorOptions[] =
      this.servers.length === 0
        ? [{ label: 'No servers yet', enabled: false }]
        : this.servers.map((server) => ({
            label: trayLabel(server),
            submenu: this.serverMenu(server),
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

  /** A server's submenu: open it, and mute it (one click) or end its mute. */
  private serverMenu(server: ServerView): MenuItemConstructorOptions[] {
    const open: MenuItemConstructorOptions = {
      label: 'Open',
      click: () => {
        this.actions.showWindow();
        this.actions.navigate({ serverId: server.id, panel: 'operations' });
      },
    };
    const mute: MenuItemConstructorOptions[] = server.mutedUntil
      ? [
          {
            label: `Muted ${muteUntilText(server.mutedUntil)}`,
            enabled: false,
          },
          { label: 'Unmute', click: () => this.actions.mute(server.id, null) },
        ]
      : (['hour', 'tomorrow'] as const).map((choice) => ({
          label: MUTE_LABELS[choice],
          click: () => this.actions.mute(server.id, choice),
        }));
    return [open, { type: 'separator' }, ...mute];
  }
}
