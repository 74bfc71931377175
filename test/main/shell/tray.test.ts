import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  TrayController,
  driftNotice,
  massLogoutNotice,
  trayLabel,
} from '../../../src-main/shell/tray';
import { serverView } from '../../fixtures/server-view';
import { Notification, Tray, app, resetFakeElectron } from './fake-electron';

vi.mock('electron', async () => await import('./fake-electron'));

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
  };
  const controller = new TrayController('/icons/tray.png', actions);
  const tray = Tray.created[0];
  if (!tray) throw new Error('no tray');
  return { actions, controller, tray };
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
      'Open',
      'Open logs folder',
      'Quit',
    ]);
    expect(tray.tooltip).toContain('1 server needs attention');
    tray.menu?.template[1]?.click?.({ checked: false });
    expect(actions.navigate).toHaveBeenCalledWith('s2', 'operations');
    tray.menu?.template[4]?.click?.({ checked: false });
    expect(actions.openLogsFolder).toHaveBeenCalled();
    expect(actions.quit).not.toHaveBeenCalled();
    tray.menu?.template[5]?.click?.({ checked: false });
    expect(actions.quit).toHaveBeenCalled();
  });

  it('says so when there are no servers', () => {
    const { tray } = setup();
    expect(tray.menu?.template[0]).toMatchObject({ label: 'No servers yet', enabled: false });
  });

  it('notifies a mass logout once per event, and a click opens the Operations panel', () => {
    const { controller, actions } = setup();
    controller.notifyMassLogout(massLogout);
    controller.notifyMassLogout(massLogout);
    controller.notifyMassLogout({ ...massLogout, event: { ...massLogout.event, id: 8 } });
    expect(Notification.log).toHaveLength(2);
    expect(Notification.log[0]?.title).toBe('Everyone was logged out of Box A');
    Notification.shown[0]?.emit('click');
    expect(actions.showWindow).toHaveBeenCalled();
    expect(actions.navigate).toHaveBeenCalledWith('s1', 'operations');
  });

  it('notifies a drift once per event, naming server, profile, fields and actor; a click opens its panel', () => {
    const { controller, actions } = setup();
    controller.notifyDrift(drift);
    controller.notifyDrift(drift);
    expect(Notification.log).toHaveLength(1);
    expect(Notification.log[0]).toEqual(driftNotice(drift));
    expect(Notification.log[0]?.title).toBe('Box B drifted from Standard');
    expect(Notification.log[0]?.body).toMatch(
      /^automation changed Idle timeout \(30 to 20\), Maximum sessions per user \(3 to 7\) at /,
    );
    Notification.shown[0]?.emit('click');
    expect(actions.showWindow).toHaveBeenCalled();
    expect(actions.navigate).toHaveBeenCalledWith('s2', 'timeouts');
    Notification.shown[0]?.emit('failed', {}, 'Notifications are not allowed for this app');
    expect(actions.notificationFailed).toHaveBeenCalledWith(drift);
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
    expect(actions.navigate).toHaveBeenCalledWith('s1', 'operations');
  });

  it('reports a notification that failed, with its mass logout, so the shell can fall back', () => {
    const { controller, actions } = setup();
    controller.notifyMassLogout(massLogout);
    Notification.shown[0]?.emit('failed', {}, 'Notifications are not allowed for this app');
    expect(actions.notificationFailed).toHaveBeenCalledWith(massLogout);
  });

  it('shows preference checkboxes above Open and Quit, and reports a change', () => {
    const { controller, tray } = setup();
    const onChange = vi.fn();
    controller.setOptions([{ label: 'Hide to the tray when closed', checked: false, onChange }]);
    const item = tray.menu?.template.find(
      (entry) => entry.label === 'Hide to the tray when closed',
    );
    expect(item).toMatchObject({ type: 'checkbox', checked: false });
    expect(tray.menu?.template.map((entry) => entry.label ?? entry.type).slice(-4)).toEqual([
      'Hide to the tray when closed',
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
    expect(massLogoutNotice(massLogout).body).toMatch(/^alice ended 42 sessions at /);
  });

  it('labels a read-only server as such', () => {
    const view = serverView({
      id: 's1',
      name: 'Box',
      status: { state: 'read_only', message: null, checkedAt: null, unreadMassLogouts: 1 },
    });
    expect(trayLabel(view)).toBe('Box: ok, read-only (1 mass logout)');
  });
});
