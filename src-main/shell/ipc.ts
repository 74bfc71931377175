/**
 * The ONE place main touches raw `ipcMain` and `webContents.send`: every request channel
 * of the contract is wired to its core handler behind the sender check, and events go out
 * through `sendEvent` only.
 */

import { ipcMain, type WebContents } from 'electron';
import type { EventChannel, EventMap, RequestChannel, Result } from '../../src-shared/ipc-contract';
import { REQUEST_CHANNELS } from '../../src-shared/ipc-contract';
import { isTrustedSender, type SenderFrame } from './trusted-sender';

/** The app window as the sender check sees it: its webContents (if open) and its page. */
export interface AppWindowRef {
  contents(): WebContents | null | undefined;
  url(): string;
}

/** The handler table the core provides: one function per request channel, never throwing. */
export type IpcHandlerTable = {
  [C in RequestChannel]: (payload: unknown) => Promise<Result<unknown>>;
};

const untrusted: Result<never> = {
  ok: false,
  error: {
    code: 'forbidden',
    message: 'This request did not come from the app window.',
    permission: 'ipc',
  },
};

/** Registers every request channel; returns a function that removes them again. */
export function registerIpcHandlers(
  handlers: IpcHandlerTable,
  appWindow: AppWindowRef,
): () => void {
  for (const channel of REQUEST_CHANNELS) {
    const handler = handlers[channel];
    ipcMain.handle(channel, async (event, payload: unknown) => {
      const sender = { sender: event.sender, senderFrame: event.senderFrame as SenderFrame | null };
      if (!isTrustedSender(sender, appWindow.contents(), appWindow.url())) return untrusted;
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
