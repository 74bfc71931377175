import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { driftNotice, massLogoutNotice } from '../../../src-main/shell/notice-texts';
import { shellTranslator } from '../../../src-main/shell/shell-language';
import { TrayController, trayLabel } from '../../../src-main/shell/tray';
import { serverView } from '../../fixtures/server-view';
import { fakeClock } from './fake-clock';
import { Notification, Tray, app, resetFakeElectron, type MenuItem } from './fake-electron';

vi.mock('electron', async () => await import('./fake-electron'));

const ENGLISH = shellTranslator('en');

const massLogout = {
  serverId: 's1',
  serverName: 'Box A',
  event: {
    id: 7,
    type: 'sessions.invalidated_all' as const,
    at: '2026-11-28T12:00:00Z',
    actor: 'alice',
    data: { invalidated: 42 },
  },
};

const drift = {
  serverId: 's2',
  serverName: 'Box B',
  environment: 'staging' as const,
  profileId: 'p1',
  profileName: 'Standard',
  fields: [
    { field: 'timeouts.idleMinutes' as const, from: 30, to: 20 },
    { field: 'concurrency.maxSessionsPerUser' as const, from: 3, to: 7 },
  ],
  actor: 'automation',
  at: '2026-11-28T12:00:00Z',
  eventId: 12,
};

/**
 * A full garbage collection, as V8 would run one while a notification waits in the
 * notification centre. WeakRefs made in this job stay alive until it ends, hence the wait.
 */
async function collectGarbage(): Promise<void> {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  await new Promise((resolve) => setTimeout(resolve, 0));
  gc();
}

function setup() {
  const actions = {
    showWindow: vi.fn(),
    navigate: vi.fn(),
    quit: vi.fn(),
    openLogsFolder: vi.fn(),
    notificationFailed: vi.fn(),
    mute: vi.fn(),
    chooseLanguage: vi.fn(),
  };
  const clock = fakeClock();
  const controller = new TrayController('/icons/tray.png', actions, ENGLISH, {
    clock,
    options: { windowMs: 5_000, updateMs: 50, maxGroupMs: 60_000 },
  });
  const tray = Tray.created[0];
  if (!tray) throw new Error('no tray');
  return { actions, controller, tray, clock };
}

/** A mass logout of `serverId`/`serverName` with event id `id`. */
function logoutOn(serverId: string, serverName: string, id: number) {
  return { serverId, serverName, event: { ...massLogout.event, id } };
}

/** The notifications still on screen: shown, not collected and not closed by the app. */
function onScreen(): Notification[] {
  return Notification.shown.filter((notification) => !notification.closed);
}

/** An item of a server's submenu in the tray. */
function serverItem(tray: Tray, index: number, label: string): MenuItem | undefined {
  return tray.menu?.template[index]?.submenu?.find((item) => item.label === label);
}

beforeAll(() => app.becomeReady());
beforeEach(() => resetFakeElectron());

describe('TrayController', () => {
  it('lists each server with its state, then Open, Open logs folder and Quit', () => {
    const { controller, tray, actions } = setup();
    controller.update([
      serverView({ id: 's1', name: 'Box A', environment: 'production' }),
      serverView({
        id: 's2',
        name: 'Box B',
        status: { state: 'unreachable', message: null, checkedAt: null, unreadMassLogouts: 2 },
      }),
    ]);
    const labels = tray.menu?.template.map((item) => item.label ?? item.type);
    expect(labels).toEqual([
      'Box A [production]: ok',
      'Box B: unreachable (2 mass logouts)',
      'separator',
      'Language',
      'Open',
      'Open logs folder',
      'Quit',
    ]);
    expect(tray.tooltip).toContain('1 server needs attention');
    serverItem(tray, 1, 'Open')?.click?.({ checked: false });
    expect(actions.navigate).toHaveBeenCalledWith({ serverId: 's2', panel: 'operations' });
    tray.menu?.template[5]?.click?.({ checked: false });
    expect(actions.openLogsFolder).toHaveBeenCalled();
    expect(actions.quit).not.toHaveBeenCalled();
    tray.menu?.template[6]?.click?.({ checked: false });
    expect(actions.quit).toHaveBeenCalled();
  });

  it('says so when there are no servers', () => {
    const { tray } = setup();
    expect(tray.menu?.template[0]).toMatchObject({ label: 'No servers yet', enabled: false });
  });

  it('notifies a mass logout once per event, and a click opens the Operations panel', () => {
    const { controller, actions, clock } = setup();
    controller.notifyMassLogout(massLogout);
    controller.notifyMassLogout(massLogout);
    clock.advance(6_000);
    controller.notifyMassLogout({ ...massLogout, event: { ...massLogout.event, id: 8 } });
    expect(Notification.log).toHaveLength(2);
    expect(Notification.log[0]?.title).toBe('Everyone was logged out of Box A');
    Notification.shown[0]?.emit('click');
    expect(actions.showWindow).toHaveBeenCalled();
    expect(actions.navigate).toHaveBeenCalledWith({ serverId: 's1', panel: 'operations' });
  });

  it('groups a burst of five mass logouts on three servers into one notification that opens the fleet activity', () => {
    const { controller, actions, clock } = setup();
    controller.notifyMassLogout(logoutOn('a', 'Box A', 1));
    controller.notifyMassLogout(logoutOn('b', 'Box B', 1));
    controller.notifyMassLogout(logoutOn('a', 'Box A', 2));
    controller.notifyMassLogout(logoutOn('c', 'Box C', 1));
    controller.notifyMassLogout(logoutOn('b', 'Box B', 2));
    clock.advance(50);
    expect(Notification.log.map((notice) => notice.title)).toEqual([
      'Everyone was logged out of Box A',
      'Mass logout on 3 servers: Box A, Box B, and Box C',
    ]);
    const [first, group] = Notification.shown;
    expect(first?.closed).toBe(true);
    expect(group?.options).toMatchObject({
      body: `5 mass logouts by alice, the latest at ${ENGLISH.dateTime(massLogout.event.at, { timeStyle: 'medium' })}.`,
      silent: true,
    });
    expect(onScreen()).toEqual([group]);
    group?.emit('click');
    expect(actions.showWindow).toHaveBeenCalled();
    expect(actions.navigate).toHaveBeenCalledWith({ fleet: 'activity' });
  });

  it('starts a new, audible notification for a mass logout after an hour of drift every 4 s', () => {
    vi.useFakeTimers({ now: Date.parse('2026-12-07T09:00:00Z') });
    try {
      // The app's own grouping: the real clock and timers, here faked by vitest.
      const controller = new TrayController(
        '/icons/tray.png',
        {
          showWindow: vi.fn(),
          navigate: vi.fn(),
          quit: vi.fn(),
          openLogsFolder: vi.fn(),
          notificationFailed: vi.fn(),
          mute: vi.fn(),
          chooseLanguage: vi.fn(),
        },
        ENGLISH,
      );
      for (let eventId = 1; eventId <= 900; eventId += 1) {
        controller.notifyDrift({ ...drift, eventId });
        vi.advanceTimersByTime(4_000);
      }
      controller.notifyMassLogout(logoutOn('prod', 'Box Prod', 1));

      const last = Notification.shown.at(-1);
      expect(last?.options).toMatchObject({
        title: 'Everyone was logged out of Box Prod',
        silent: false,
      });
      expect(last?.closed).toBe(false);
      controller.destroy();
    } finally {
      vi.useRealTimers();
    }
  });

  it('groups drift with mass logouts through the same path', () => {
    const { controller, clock } = setup();
    controller.notifyMassLogout(massLogout);
    controller.notifyDrift(drift);
    clock.advance(50);
    expect(onScreen().map((notification) => notification.options.title)).toEqual([
      'Mass logouts and drift on 2 servers: Box A and Box B',
    ]);
  });

  it('shows nothing for a muted server until its mute ends, and nothing at all while "do not disturb" is on', () => {
    const { controller, clock } = setup();
    const mutedUntil = new Date(clock.now() + 60 * 60 * 1000).toISOString();
    controller.update([serverView({ id: 's1', name: 'Box A', mutedUntil })]);
    controller.notifyMassLogout(massLogout);
    clock.advance(60 * 60 * 1000);
    expect(Notification.log).toHaveLength(0);
    controller.notifyMassLogout(logoutOn('s1', 'Box A', 8));
    expect(Notification.log).toHaveLength(1);

    clock.advance(10_000);
    controller.setDoNotDisturb(true);
    controller.notifyMassLogout(logoutOn('s1', 'Box A', 9));
    controller.notifyDrift(drift);
    expect(controller.notifyStillRunning()).toBe(false);
    clock.advance(10_000);
    expect(Notification.log).toHaveLength(1);
    controller.setDoNotDisturb(false);
    controller.notifyMassLogout(logoutOn('s1', 'Box A', 10));
    expect(Notification.log).toHaveLength(2);
  });

  it('mutes a server in one click from its tray submenu, and shows a muted one with Unmute', () => {
    const { controller, tray, actions, clock } = setup();
    controller.update([serverView({ id: 's1', name: 'Box A' })]);
    expect(tray.menu?.template[0]?.submenu?.map((item) => item.label ?? item.type)).toEqual([
      'Open',
      'separator',
      'Mute for an hour',
      'Mute until tomorrow morning',
    ]);
    serverItem(tray, 0, 'Mute for an hour')?.click?.({ checked: false });
    expect(actions.mute).toHaveBeenCalledWith('s1', 'hour');
    serverItem(tray, 0, 'Mute until tomorrow morning')?.click?.({ checked: false });
    expect(actions.mute).toHaveBeenCalledWith('s1', 'tomorrow');

    const mutedUntil = new Date(clock.now() + 60 * 60 * 1000).toISOString();
    controller.update([serverView({ id: 's1', name: 'Box A', mutedUntil })]);
    expect(tray.menu?.template[0]?.label).toBe('Box A: ok · muted');
    const submenu = tray.menu?.template[0]?.submenu ?? [];
    expect(submenu[2]).toMatchObject({
      label: expect.stringMatching(/^Muted until /),
      enabled: false,
    });
    serverItem(tray, 0, 'Unmute')?.click?.({ checked: false });
    expect(actions.mute).toHaveBeenCalledWith('s1', null);
  });

  it('notifies a drift once per event, naming server, profile, fields and actor; a click opens its panel', () => {
    const { controller, actions } = setup();
    controller.notifyDrift(drift);
    controller.notifyDrift(drift);
    expect(Notification.log).toHaveLength(1);
    expect(Notification.log[0]).toEqual(driftNotice(drift, ENGLISH));
    expect(Notification.log[0]?.title).toBe('Box B drifted from Standard');
    expect(Notification.log[0]?.body).toMatch(
      /^automation changed Idle timeout \(30 to 20\) and Maximum sessions per user \(3 to 7\) at /,
    );
    Notification.shown[0]?.emit('click');
    expect(actions.showWindow).toHaveBeenCalled();
    expect(actions.navigate).toHaveBeenCalledWith({ serverId: 's2', panel: 'timeouts' });
    Notification.shown[0]?.emit('failed', {}, 'Notifications are not allowed for this app');
    expect(actions.notificationFailed).toHaveBeenCalled();
  });

  it('shows nothing where notifications are not supported', () => {
    Notification.supported = false;
    setup().controller.notifyMassLogout(massLogout);
    expect(Notification.log).toHaveLength(0);
  });

  it('keeps a notification until it is clicked: a click after a garbage collection still opens Operations', async () => {
    const { controller, actions } = setup();
    controller.notifyMassLogout(massLogout);
    controller.notifyStillRunning();
    await collectGarbage();
    const [notification, hint] = Notification.shown;
    expect(hint?.options.title).toMatch(/still running/);
    notification?.emit('click');
    expect(actions.showWindow).toHaveBeenCalled();
    expect(actions.navigate).toHaveBeenCalledWith({ serverId: 's1', panel: 'operations' });
  });

  it('reports a notification that failed, so the shell can fall back', () => {
    const { controller, actions } = setup();
    controller.notifyMassLogout(massLogout);
    expect(actions.notificationFailed).not.toHaveBeenCalled();
    Notification.shown[0]?.emit('failed', {}, 'Notifications are not allowed for this app');
    expect(actions.notificationFailed).toHaveBeenCalled();
  });

  it('shows preference checkboxes above Open and Quit, and reports a change', () => {
    const { controller, tray } = setup();
    const onChange = vi.fn();
    controller.setOptions([
      { label: (t) => t.t('shell.tray.hideToTray'), checked: false, onChange },
    ]);
    const item = tray.menu?.template.find(
      (entry) => entry.label === 'Hide to the tray when closed',
    );
    expect(item).toMatchObject({ type: 'checkbox', checked: false });
    expect(tray.menu?.template.map((entry) => entry.label ?? entry.type).slice(-5)).toEqual([
      'Hide to the tray when closed',
      'Language',
      'Open',
      'Open logs folder',
      'Quit',
    ]);
    // Electron hands the click handler the item with its new state.
    item?.click?.({ checked: true });
    expect(onChange).toHaveBeenCalledWith(true);
  });
});

describe('texts', () => {
  it('names the actor and the count in a mass-logout notice', () => {
    expect(massLogoutNotice(massLogout, ENGLISH).body).toMatch(/^alice ended 42 sessions at /);
  });

  it('labels a read-only server as such', () => {
    const view = serverView({
      id: 's1',
      name: 'Box',
      status: { state: 'read_only', message: null, checkedAt: null, unreadMassLogouts: 1 },
    });
    expect(trayLabel(view, ENGLISH)).toBe('Box: ok, read-only (1 mass logout)');
  });
});

describe('in another language', () => {
  it('rebuilds the menu and the tooltip in German at once after a switch, and words the next notification in German', () => {
    const { controller, tray, actions, clock } = setup();
    controller.update([
      serverView({
        id: 's1',
        name: 'Box A',
        status: { state: 'unreachable', message: null, checkedAt: null, unreadMassLogouts: 2 },
      }),
    ]);
    controller.notifyMassLogout(massLogout);
    controller.setLanguage(shellTranslator('de'), 'de');
    expect(tray.menu?.template.map((item) => item.label ?? item.type)).toEqual([
      'Box A: nicht erreichbar (2 Massen-Abmeldungen)',
      'separator',
      'Sprache',
      'Öffnen',
      'Protokollordner öffnen',
      'Beenden',
    ]);
    expect(tray.tooltip).toBe('QuickBox Session Companion: 1 Server braucht Aufmerksamkeit');
    expect(tray.menu?.template[0]?.submenu?.map((item) => item.label ?? item.type)).toEqual([
      'Öffnen',
      'separator',
      'Eine Stunde stummschalten',
      'Bis morgen früh stummschalten',
    ]);
    const languages = tray.menu?.template[2]?.submenu ?? [];
    expect(languages.map((item) => [item.label, item.checked])).toEqual([
      ['Wie das System', false],
      ['English', false],
      ['Deutsch', true],
      ['Dansk', false],
      ['Español', false],
      ['Français', false],
      ['Magyar', false],
      ['Português', false],
      ['简体中文', false],
    ]);
    languages[8]?.click?.({ checked: true });
    expect(actions.chooseLanguage).toHaveBeenCalledWith('zh-CN');

    expect(Notification.log[0]?.title).toBe('Everyone was logged out of Box A');
    clock.advance(6_000);
    controller.notifyMassLogout(logoutOn('s2', 'Box B', 9));
    expect(Notification.log[1]?.title).toBe('Alle wurden von Box B abgemeldet');
    // A group shown after the switch is worded in German too.
    controller.notifyDrift({ ...drift, eventId: 99 });
    clock.advance(50);
    expect(Notification.log[2]?.title).toBe('1 Massen-Abmeldung und 1 Abweichung auf Box B');
  });

  it('words a lone mass logout and a drift in German', () => {
    const { controller } = setup();
    controller.setLanguage(shellTranslator('de'), 'de');
    controller.notifyMassLogout(massLogout);
    const german = shellTranslator('de');
    expect(Notification.log[0]).toEqual({
      title: 'Alle wurden von Box A abgemeldet',
      body: `alice hat um ${german.dateTime(massLogout.event.at)} 42 Sitzungen beendet.`,
    });
    expect(driftNotice(drift, german).title).toBe('Box B weicht vom Profil Standard ab');
  });
});
