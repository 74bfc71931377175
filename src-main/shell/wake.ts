/**
 * Tells the core when its connections may have died without a word, so that every event
 * stream reconnects at once instead of waiting out a dead socket and its backoff: the
 * computer woke from sleep (`powerMonitor` resume, and unlock-screen, which on some systems
 * is the only sign after a long sleep), or the network came back or changed. The network is
 * watched here in main, by polling `net.isOnline()` and the addresses of the network
 * interfaces, rather than by the renderer's `online` event: it works with the window closed
 * to the tray, needs no IPC channel, and sees a move from one network to another (new
 * addresses) that never went offline (docs/adr/0015-waking-from-sleep.md).
 */

import { networkInterfaces } from 'node:os';
import { net, powerMonitor } from 'electron';
import type { Logger } from '../core/logger';

/** How often the network is looked at. */
export const NETWORK_POLL_MS = 5_000;
/** Signs this close together (resume, then unlock-screen) are one reconnect. */
export const WAKE_COALESCE_MS = 250;

/** What the watch reaches of the core. */
export interface WakeTarget {
  reconnectAll(): void;
}

/** The addresses of the interfaces that reach other computers, as one comparable string. */
function addressesKey(): string {
  return Object.values(networkInterfaces())
    .flatMap((entries) => entries ?? [])
    .filter((entry) => !entry.internal)
    .map((entry) => entry.address)
    .sort()
    .join(' ');
}

/** Starts watching for wakes and network changes; returns the stop. */
export function reconnectOnWake(
  target: WakeTarget,
  logger: Logger,
  pollMs: number = NETWORK_POLL_MS,
): () => void {
  let pending: NodeJS.Timeout | null = null;
  const reasons = new Set<string>();
  const reconnect = (reason: string): void => {
    reasons.add(reason);
    if (pending) return;
    pending = setTimeout(() => {
      pending = null;
      logger.info('shell: reconnecting to every server', { reason: [...reasons].join(', ') });
      reasons.clear();
      target.reconnectAll();
    }, WAKE_COALESCE_MS);
  };
  const onResume = (): void => reconnect('resume');
  const onUnlock = (): void => reconnect('unlock-screen');
  powerMonitor.on('resume', onResume);
  powerMonitor.on('unlock-screen', onUnlock);
  let online = net.isOnline();
  let addresses = addressesKey();
  const poll = setInterval(() => {
    const nowOnline = net.isOnline();
    const nowAddresses = addressesKey();
    if (nowOnline && !online) reconnect('online again');
    else if (nowOnline && nowAddresses !== addresses) reconnect('network changed');
    online = nowOnline;
    addresses = nowAddresses;
  }, pollMs);
  poll.unref();
  return () => {
    powerMonitor.removeListener('resume', onResume);
    powerMonitor.removeListener('unlock-screen', onUnlock);
    clearInterval(poll);
    if (pending) clearTimeout(pending);
    pending = null;
  };
}
