/**
 * Holds every shown notification until the admin has dealt with it. Electron keeps only a
 * weak reference to a main-process Notification: once JavaScript drops it, it can be
 * garbage-collected, and a click in the notification centre then does nothing
 * (electron#12690, "the notification object is being garbage collected before the click
 * event is emitted"; electron#16922, "Notification lifetime is too short").
 */

import type { Notification } from 'electron';

/**
 * How many notifications are held at most. `close` is not guaranteed to be emitted
 * (Electron's Notification docs), so an unbounded set could grow for as long as the app
 * runs; past this many the oldest is let go (its click may then be lost, as before).
 */
export const MAX_KEPT_NOTIFICATIONS = 50;

/** Shows notifications and keeps each one referenced until `click`, `close` or `failed`. */
export class NotificationKeeper {
  private readonly kept = new Set<Notification>();

  /** How many notifications are held now. */
  get size(): number {
    return this.kept.size;
  }

  /** Shows a notification and holds it until it is clicked, closed or has failed. */
  show(notification: Notification): void {
    this.kept.add(notification);
    const release = (): void => {
      this.kept.delete(notification);
    };
    notification.once('click', release);
    notification.once('close', release);
    notification.once('failed', release);
    for (const oldest of this.kept) {
      if (this.kept.size <= MAX_KEPT_NOTIFICATIONS) break;
      this.kept.delete(oldest);
    }
    notification.show();
  }
}
