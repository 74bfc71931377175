import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  MAX_KEPT_NOTIFICATIONS,
  NotificationKeeper,
} from '../../../src-main/shell/notification-keeper';
import { Notification, app, resetFakeElectron } from './fake-electron';

vi.mock('electron', async () => await import('./fake-electron'));

beforeAll(() => app.becomeReady());
beforeEach(() => resetFakeElectron());

/** A stand-in notification, typed as electron's (the fake has what the keeper calls). */
function notification(title: string): Notification & Parameters<NotificationKeeper['show']>[0] {
  return new Notification({ title, body: '' }) as never;
}

describe('NotificationKeeper', () => {
  it('shows each notification and holds it until it is clicked, closed or has failed', () => {
    const keeper = new NotificationKeeper();
    const [clicked, closed, failed, waiting] = ['a', 'b', 'c', 'd'].map(notification);
    for (const each of [clicked, closed, failed, waiting]) if (each) keeper.show(each);
    expect(Notification.log.map((entry) => entry.title)).toEqual(['a', 'b', 'c', 'd']);
    expect(keeper.size).toBe(4);
    clicked?.emit('click', {});
    closed?.emit('close', {});
    failed?.emit('failed', {}, 'not signed');
    expect(keeper.size).toBe(1);
  });

  it(`holds at most ${MAX_KEPT_NOTIFICATIONS}, letting the oldest go first`, () => {
    const keeper = new NotificationKeeper();
    const shown = Array.from({ length: MAX_KEPT_NOTIFICATIONS + 1 }, (_, i) =>
      notification(`${i}`),
    );
    for (const each of shown) keeper.show(each);
    expect(keeper.size).toBe(MAX_KEPT_NOTIFICATIONS);
    // The oldest is no longer held: its click releases nothing.
    shown[0]?.emit('click', {});
    expect(keeper.size).toBe(MAX_KEPT_NOTIFICATIONS);
    shown[1]?.emit('click', {});
    expect(keeper.size).toBe(MAX_KEPT_NOTIFICATIONS - 1);
  });
});
