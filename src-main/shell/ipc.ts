/**
 * The ONE place main touches raw `ipcMain` and `webContents.send`: every request channel
 * of the contract is wired to its core handler behind the sender check, and events go out
 * through `sendEvent` only.
 */

import { ipcMain, type WebContents } from 'electron';
import type { EventChannel, EventMap, RequestChannel, Result } from '../../src-shared/ipc-contract';
import { REQUEST_CHANNELS } from '../../src-shared/ipc-contract';
import type { Logger } from '../core/logger';
import { originForLog } from '../../src-shared/origin';
import { senderRefusal, type SenderFrame } from './trusted-sender';

/** The app window as the sender check sees it: its webContents (if open) and its page. */
export interface AppWindowRef {
  contents(): WebContents | null | undefined;
  url(): string;
}

/** The handler table the core provides: one function per request channel, never throwing. */
export type IpcHandlerTable = {
  [C in RequestChannel]: (payload: unknown) => Promise<Result<unknown>>;
};

const refused: Result<never> = {
  ok: false,
  error: {
    code: 'sender_refused',
    message: 'This request did not come from the app window, so it was refused.',
  },
};

/**
 * Registers every request channel; returns a function that removes them again. A request
 * from anything but the app window is refused unread and logged (channel, why, and the
 * origin of the frame; never the payload).
 */
export function registerIpcHandlers(
  handlers: IpcHandlerTable,
  appWindow: AppWindowRef,
  logger: Logger,
): () => void {
  for (const channel of REQUEST_CHANNELS) {
    const handler = handlers[channel];
    ipcMain.handle(channel, async (event, payload: unknown) => {
      const frame = event.senderFrame as SenderFrame | null;
      const reason = senderRefusal(
        { sender: event.sender, senderFrame: frame },
        appWindow.contents(),
        appWindow.url(),
      );
      if (reason) {
        logger.warn('ipc: refused a request from outside the app window', {
          channel,
          reason,
          origin: originForLog(frame?.url),
        });
        return refused;
      }
      return handler(payload);
    });
  }
  return () => {
    for (const channel of REQUEST_CHANNELS) ipcMain.removeHandler(channel);
  };
}

/** Sends a main-to-renderer event to a window, if it is still there. */
export function sendEvent<E extends EventChannel>(
  contents: Pick<WebContents, 'send' | 'isDestroyed'> | null | undefined,
  channel: E,
  payload: EventMap[E],
): void {
  if (!contents || contents.isDestroyed()) return;
  contents.send(channel, payload);
}
