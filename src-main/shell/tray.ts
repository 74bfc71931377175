/**
 * The tray icon, its menu of servers with their state (each with Open and its mute), and
 * the notifications (mass logouts, drift from an assigned profile). Which notification to
 * show is decided by notice-grouping.ts; a muted server or "do not disturb" shows none.
 */

import { Menu, Notification, Tray, nativeImage, type MenuItemConstructorOptions } from 'electron';
import type { ServerView } from '../../src-shared/domain';
import type { EventMap } from '../../src-shared/ipc-contract';
import { LANGUAGE_NAMES, LANGUAGES } from '../../src-shared/i18n/locales';
import type { LanguageChoice } from '../../src-shared/ipc-contract';
import { activeMute, type MuteChoice } from '../../src-shared/mute';
import { needsAttention } from '../../src-shared/server-health';
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
import { APP_NAME, type ShellTranslator } from './shell-language';

/** The tray's words for the mute choices. */
const MUTE_LABELS = { hour: 'shell.tray.muteHour', tomorrow: 'shell.tray.muteTomorrow' } as const;

/** One line of the tray menu for a server: its name, state, unread mass logouts and mute. */
export function trayLabel(server: ServerView, t: ShellTranslator): string {
  const environment = server.environment ? ` [${server.environment}]` : '';
  return t.t('shell.tray.server', {
    name: `${server.name}${environment}`,
    state: t.t(`shell.tray.state.${server.status.state}`),
    unread: server.status.unreadMassLogouts,
    muted: server.mutedUntil ? 'yes' : 'no',
  });
}

/** The tooltip: the product, and how many servers need attention. */
export function trayTooltip(servers: readonly ServerView[], t: ShellTranslator): string {
  const attention = servers.filter((server) => needsAttention(server.status)).length;
  return attention > 0 ? t.t('shell.tray.tooltipAttention', { count: attention }) : APP_NAME;
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
  /** Keeps a new language choice, through core (`language:set`). */
  chooseLanguage(choice: LanguageChoice): void;
}

/** A checkbox of the tray menu for a preference, its label worded in the shell's language. */
export interface TrayCheckbox {
  label: (t: ShellTranslator) => string;
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
  private languageChoice: LanguageChoice = 'system';
  /** The notification on screen now: a group's update replaces it. */
  private onScreen: { id: number; notification: Notification } | null = null;

  constructor(
    iconPath: string,
    private readonly actions: TrayActions,
    /** The shell's words when the tray is made; `setLanguage` changes them. */
    private translator: ShellTranslator,
    grouping: TrayGrouping = { clock: REAL_CLOCK, options: DEFAULT_GROUPING },
  ) {
    this.clock = grouping.clock;
    this.grouper = new NoticeGrouper(
      (display) => this.display(display),
      (serverId) => this.silenced(serverId),
      () => this.translator,
      grouping.clock,
      grouping.options,
    );
    this.tray = new Tray(nativeImage.createFromPath(iconPath));
    this.tray.setToolTip(APP_NAME);
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

  /**
   * Speaks another language (the admin chose one, or the system's changed): the menu and
   * tooltip are rebuilt at once, the next notification is worded in it, and the Language
   * submenu marks `choice`.
   */
  setLanguage(translator: ShellTranslator, choice: LanguageChoice): void {
    this.translator = translator;
    this.languageChoice = choice;
    this.render();
  }

  /** While on, no native notification is shown at all (the unread counts still count). */
  setDoNotDisturb(on: boolean): void {
    this.doNotDisturb = on;
  }

  /** Offers a mass logout to the grouping: shown once per server and event id. */
  notifyMassLogout(payload: EventMap['events:mass-logout']): void {
    this.grouper.offer(massLogoutNoticeOf(payload, this.translator));
  }

  /**
   * Offers a drift to the same grouping as mass logouts, once per server and event id; on
   * its own, a click opens the server at the panel of the first drifted field.
   */
  notifyDrift(payload: EventMap['events:drift']): void {
    const notice = driftNoticeOf(payload, this.translator);
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
        title: this.translator.t('shell.notice.stillRunning.title'),
        body: this.translator.t('shell.notice.stillRunning.body'),
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
    const t = this.translator;
    this.tray.setToolTip(trayTooltip(this.servers, t));
    const serverItems: MenuItemConstructorOptions[] =
      this.servers.length === 0
        ? [{ label: t.t('shell.tray.noServers'), enabled: false }]
        : this.servers.map((server) => ({
            label: trayLabel(server, t),
            submenu: this.serverMenu(server),
          }));
    this.tray.setContextMenu(
      Menu.buildFromTemplate([
        ...serverItems,
        { type: 'separator' },
        ...this.options.map((option): MenuItemConstructorOptions => ({
          label: option.label(t),
          type: 'checkbox',
          checked: option.checked,
          click: (item) => option.onChange(item.checked),
        })),
        { label: t.t('shell.tray.language'), submenu: this.languageMenu() },
        { label: t.t('shell.tray.open'), click: () => this.actions.showWindow() },
        { label: t.t('shell.menu.openLogs'), click: () => this.actions.openLogsFolder() },
        { label: t.t('shell.tray.quit'), click: () => this.actions.quit() },
      ]),
    );
  }

  /** The Language submenu: "Same as the system", then each language in its own name. */
  private languageMenu(): MenuItemConstructorOptions[] {
    const choices: [LanguageChoice, string][] = [
      ['system', this.translator.t('common.language.system')],
      ...LANGUAGES.map((language): [LanguageChoice, string] => [
        language,
        LANGUAGE_NAMES[language],
      ]),
    ];
    return choices.map(([choice, label]) => ({
      label,
      type: 'radio',
      checked: this.languageChoice === choice,
      click: () => this.actions.chooseLanguage(choice),
    }));
  }

  /** A server's submenu: open it, and mute it (one click) or end its mute. */
  private serverMenu(server: ServerView): MenuItemConstructorOptions[] {
    const t = this.translator;
    const open: MenuItemConstructorOptions = {
      label: t.t('shell.tray.open'),
      click: () => {
        this.actions.showWindow();
        this.actions.navigate({ serverId: server.id, panel: 'operations' });
      },
    };
    const mute: MenuItemConstructorOptions[] = server.mutedUntil
      ? [
          {
            label: t.t('shell.tray.mutedUntil', {
              time: t.dateTime(server.mutedUntil, {
                weekday: 'short',
                hour: '2-digit',
                minute: '2-digit',
              }),
            }),
            enabled: false,
          },
          { label: t.t('shell.tray.unmute'), click: () => this.actions.mute(server.id, null) },
        ]
      : (['hour', 'tomorrow'] as const).map((choice) => ({
          label: t.t(MUTE_LABELS[choice]),
          click: () => this.actions.mute(server.id, choice),
        }));
    return [open, { type: 'separator' }, ...mute];
  }
}
